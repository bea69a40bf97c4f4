"""``for_each`` (nodes.md §3.3): the reference form without a body, and loop bodies: item
variables, bounded concurrency, item order, failures, isolation, iteration and nesting
limits, deadlines and cancellation (no task outlives the loop)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from thaiyyal import InvalidWorkflow

from .control_support import (
    const,
    engine,
    error_on,
    item_body,
    leftover_tasks,
    load_error,
    n,
    payload,
    result_on,
    run,
    tracker,
)


def probe_body(**data: Any) -> dict[str, Any]:
    return {"nodes": [n("p", "probe", **data)], "edges": []}


def loop(values: list[Any], **data: Any) -> list[dict[str, Any]]:
    return [const("x", values), n("fe", "for_each", **data)]


EDGES = [("x", "fe")]

# ------------------------------------------------------------------------ without a body


def test_without_a_body_it_only_counts() -> None:
    result = result_on("for_each", {}, ["a", "b", "c"])
    assert result == {"input_count": 3, "iterations": 3, "successful": 3, "failed": 0}
    assert all(type(v) is int for v in result.values())


def test_non_array_input_and_no_input_fail() -> None:
    assert error_on("for_each", {}, "text") == (
        "error executing node n: for_each node requires array input, got string"
    )
    result = run([n("fe", "for_each")])
    assert result.errors == ["error executing node fe: for_each node needs at least 1 input"]


def test_wrapped_outputs_are_unwrapped() -> None:
    nodes = [n("r", "range", start=1, end=4), n("fe", "for_each")]
    assert run(nodes, [("r", "fe")]).node_results["fe"]["input_count"] == 4


def test_max_iterations_from_the_node_and_the_engine() -> None:
    assert error_on("for_each", {"max_iterations": 2}, [1, 2, 3]) == (
        "error executing node n: for_each exceeds max iterations: 3 > 2"
    )
    # the engine's max_iterations is the default ...
    assert error_on("for_each", {}, [1, 2, 3], max_iterations=2).endswith("3 > 2")
    # ... and the ceiling: a node may lower it, never raise it
    assert error_on("for_each", {"max_iterations": 10}, [1, 2, 3], max_iterations=2).endswith(
        "3 > 2"
    )
    assert result_on("for_each", {"max_iterations": 0}, [1, 2, 3])["iterations"] == 3
    # an engine without a limit falls back to the reference's 1000 unless the node says
    assert error_on("for_each", {}, list(range(1001)), max_iterations=0).endswith("1001 > 1000")
    assert (
        result_on("for_each", {"max_iterations": 2000}, list(range(1001)), max_iterations=0)[
            "iterations"
        ]
        == 1001
    )


def test_body_fields_are_not_checked_without_a_body() -> None:
    # the reference does not know max_concurrency: without a body it means nothing
    assert result_on("for_each", {"max_concurrency": 0}, [1])["iterations"] == 1


# --------------------------------------------------------------------------- with a body


def test_items_run_the_body_with_item_index_and_items() -> None:
    body = item_body(
        n(
            "e",
            "expression",
            expression="input.value * 100 + variables.index * 10 + variables.items.length",
        )
    )
    result = run(loop([1, 2, 3], body=body), EDGES)
    assert result.node_results["fe"] == {
        "input_count": 3,
        "iterations": 3,
        "successful": 3,
        "failed": 0,
        "results": [103.0, 213.0, 323.0],
    }


def test_index_is_an_integer_and_an_empty_array_runs_nothing() -> None:
    seen = tracker("types")
    run(loop([5, 6], body=probe_body(tracker="types")), EDGES)
    assert seen.index_types == {int}
    result = run(loop([], body=probe_body()), EDGES)
    assert result.node_results["fe"] == {
        "input_count": 0,
        "iterations": 0,
        "successful": 0,
        "failed": 0,
        "results": [],
    }


def test_concurrency_is_bounded_and_item_order_is_kept() -> None:
    seen = tracker("bounded")
    data = {"body": probe_body(tracker="bounded", spread=3), "max_concurrency": 4}
    result = run(loop(list(range(12)), **data), EDGES)
    assert result.node_results["fe"]["results"] == [i * 10.0 for i in range(12)]
    assert seen.peak == 4
    assert seen.started == list(range(12))  # items start in order
    assert seen.finished != sorted(seen.finished)  # ... and finish out of order


def test_max_concurrency_one_runs_items_one_by_one() -> None:
    seen = tracker("serial")
    result = run(loop([1, 2, 3], body=probe_body(tracker="serial"), max_concurrency=1), EDGES)
    assert result.node_results["fe"]["results"] == [10.0, 20.0, 30.0]
    assert seen.peak == 1
    assert seen.finished == [0, 1, 2]


def test_default_concurrency_is_eight() -> None:
    seen = tracker("default")
    run(loop(list(range(20)), body=probe_body(tracker="default", spread=2)), EDGES)
    assert seen.peak == 8


def test_each_item_has_its_own_copy_of_the_run_state() -> None:
    body = item_body(
        n("value", "expression", expression="input.value"),
        n("set", "variable", var_name="x", var_op="set"),
        n("read", "expression", expression="variables.x + variables.base"),
    )
    nodes = [
        const("b", 100),
        n("base", "variable", var_name="base", var_op="set"),
        const("x", [1, 2, 3]),
        n("fe", "for_each", body=body),
        n("after", "expression", expression="isNull(variables.x)"),
    ]
    result = run(nodes, [("b", "base"), ("x", "fe"), ("base", "fe"), ("fe", "after")])
    assert result.error is None, result.error
    assert result.node_results["fe"]["results"] == [101.0, 102.0, 103.0]
    assert result.node_results["after"] is True  # nothing flows back


def test_the_first_failing_item_fails_the_node_and_later_items_do_not_start() -> None:
    seen = tracker("stop")
    data = {"body": probe_body(tracker="stop", fail_at=[2]), "max_concurrency": 1}
    result = run(loop(list(range(10)), **data), EDGES)
    assert result.errors == [
        "error executing node fe: for_each item 2 failed: error executing node p: probe failed on 2"
    ]
    assert seen.started == [0, 1, 2]


def test_the_lowest_failing_item_wins_whatever_the_timing() -> None:
    # later items finish sooner: item 5 fails first, item 2 later. As in a one-by-one run,
    # item 2's failure is the one reported; runs of items after 5 still going are cancelled
    seen = tracker("lowest")
    body = probe_body(tracker="lowest", spread=5, fail_at=[2, 5])
    result = run(loop(list(range(10)), body=body, max_concurrency=8), EDGES)
    assert result.errors[0].startswith("error executing node fe: for_each item 2 failed:")
    assert seen.cancelled and min(seen.cancelled) > 5
    assert {0, 1} <= set(seen.finished)  # earlier items ran to the end
    assert sorted(seen.finished + seen.cancelled + [2, 5]) == sorted(seen.started)
    assert seen.active == 0


def test_continue_on_item_error_keeps_going() -> None:
    data = {"body": probe_body(fail_at=[0, 2]), "continue_on_item_error": True}
    result = run(loop([1, 2, 3, 4], **data), EDGES)
    assert result.node_results["fe"] == {
        "input_count": 4,
        "iterations": 4,
        "successful": 2,
        "failed": 2,
        "results": [None, 20.0, None, 40.0],
    }


def test_a_failing_loop_can_be_caught() -> None:
    nodes = [*loop([1], body=probe_body(fail_at=[0])), n("tc", "try_catch", fallback_value=[])]
    result = run(nodes, [*EDGES, ("fe", "tc")])
    assert result.error is None, result.error
    assert result.node_results["tc"]["error_caught"] is True


def test_downstream_array_nodes_unwrap_the_results() -> None:
    nodes = [*loop([3, 1, 2], body=probe_body()), n("s", "sort")]
    assert run(nodes, [*EDGES, ("fe", "s")]).node_results["s"]["sorted"] == [10.0, 20.0, 30.0]


def test_body_from_a_saved_workflow() -> None:
    eng = engine()
    eng.services["workflow_store"].save("times ten", probe_body(), workflow_id="times-ten")
    result = asyncio.run(eng.run(payload(loop([4, 5], body_workflow_id="times-ten"), EDGES)))
    assert result.node_results["fe"]["results"] == [40.0, 50.0]


def test_body_config_errors_are_load_time_errors() -> None:
    assert "field max_concurrency: max_concurrency must be at least 1, got 0" in load_error(
        loop([1], body=probe_body(), max_concurrency=0), EDGES
    )
    assert "field body: give either body or body_workflow_id, not both" in load_error(
        loop([1], body=probe_body(), body_workflow_id="w"), EDGES
    )
    assert "field body_workflow_id: no saved workflow with id 'w'" in load_error(
        loop([1], body_workflow_id="w"), EDGES
    )
    broken = {"nodes": [n("q", "filter", condition="item >")]}
    error = load_error(loop([1], body=broken), EDGES)
    assert error.startswith(
        "node fe (type for_each): in its sub-workflow: invalid config for "
        "node q (type filter): field condition: "
    )


def test_iteration_limit_applies_with_a_body() -> None:
    result = run(loop([1, 2, 3], body=probe_body(), max_iterations=2), EDGES)
    assert result.errors == ["error executing node fe: for_each exceeds max iterations: 3 > 2"]


def test_body_nodes_count_as_node_executions() -> None:
    # x, fe and one probe per item: the fourth item's probe is execution 6
    result = run(
        loop([1, 2, 3, 4], body=probe_body(), max_concurrency=1), EDGES, max_node_executions=5
    )
    assert "maximum node executions exceeded: 6 (limit: 5)" in result.errors[0]


def test_nested_loops() -> None:
    inner = item_body(
        n("array", "expression", expression="input.value"),
        n("inner", "map", body=item_body(n("d", "expression", expression="input.value * 2"))),
    )
    result = run(loop([[1, 2], [3]], body=inner), EDGES)
    assert [r["results"] for r in result.node_results["fe"]["results"]] == [[2.0, 4.0], [6.0]]


def test_nesting_depth_is_limited_at_load_time() -> None:
    body: dict[str, Any] = probe_body()
    for level in range(3):
        body = item_body(n(f"loop{level}", "for_each", body=body))
    with pytest.raises(InvalidWorkflow, match=r"nested too deeply: 4 levels \(limit: 3\)"):
        engine(max_subworkflow_depth=3).load(payload(loop([1], body=body), EDGES))
    engine(max_subworkflow_depth=4).load(payload(loop([1], body=body), EDGES))


# ------------------------------------------------------------------ deadline, cancellation


async def test_the_run_deadline_cancels_the_item_runs() -> None:
    seen = tracker("deadline")
    data = {"body": probe_body(tracker="deadline", hang=30.0), "max_concurrency": 3}
    eng = engine(max_execution_time=0.05, max_node_execution_time=0)
    result = await eng.run(payload(loop(list(range(10)), **data), EDGES))
    assert result.errors == ["workflow execution timeout: exceeded 50ms"]
    assert sorted(seen.cancelled) == [0, 1, 2]
    assert seen.active == 0
    assert leftover_tasks() == []


async def test_cancelling_the_run_cancels_the_item_runs() -> None:
    seen = tracker("cancel")
    data = {"body": probe_body(tracker="cancel", hang=30.0), "max_concurrency": 4}
    task = asyncio.ensure_future(engine().run(payload(loop(list(range(10)), **data), EDGES)))
    for _ in range(200):
        if seen.active == 4:
            break
        await asyncio.sleep(0.001)
    assert seen.active == 4
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert sorted(seen.cancelled) == [0, 1, 2, 3]
    assert seen.active == 0
    assert leftover_tasks() == []


async def test_no_task_outlives_a_failing_loop() -> None:
    data = {"body": probe_body(spread=2, fail_at=[0]), "max_concurrency": 5}
    result = await engine().run(payload(loop(list(range(20)), **data), EDGES))
    assert result.error is not None
    assert leftover_tasks() == []
