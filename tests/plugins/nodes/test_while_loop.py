"""``while_loop`` (nodes.md §3.3): the reference form without a body (fails at once instead
of spinning), the expression-language condition, and a body run per iteration."""

from __future__ import annotations

import asyncio

import pytest

from thaiyyal.converter import structure
from thaiyyal_nodes.while_loop import WhileLoop

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
)

INCREMENT = item_body(n("next", "expression", expression="input.value + 1"))


def test_false_condition_runs_no_iteration() -> None:
    assert result_on("while_loop", {"condition": ">100"}, 5) == {
        "final_value": 5.0,
        "iterations": 0,
        "condition": ">100",
    }


def test_true_condition_without_a_body_fails_at_once() -> None:
    assert error_on("while_loop", {"condition": ">=0", "max_iterations": 10}, 5) == (
        "error executing node n: while_loop exceeded max iterations: 10"
    )
    # the default is the engine's max_iterations (the reference hard-coded 100)
    assert error_on("while_loop", {"condition": "true"}, 5).endswith("max iterations: 1000")
    assert error_on("while_loop", {"condition": "true"}, 5, max_iterations=0).endswith(
        "max iterations: 100"
    )
    assert error_on(
        "while_loop", {"condition": "true", "max_iterations": 50}, 5, max_iterations=20
    ).endswith("max iterations: 20")


def test_the_condition_uses_the_expression_language() -> None:
    data = {"condition": "input.status == 'pending' && input.tries < 3"}
    assert result_on("while_loop", data, {"status": "done", "tries": 0})["iterations"] == 0
    assert "max iterations" in error_on("while_loop", data, {"status": "pending", "tries": 0})


def test_no_input_fails() -> None:
    result = run([n("w", "while_loop", condition="true")])
    assert result.errors == ["error executing node w: while_loop node needs at least 1 input"]


def test_condition_errors() -> None:
    assert error_on("while_loop", {"condition": "10 / input > 1"}, 0) == (
        "error executing node n: while_loop condition evaluation failed: division by zero"
    )
    assert "field condition: empty expression at column 1" in load_error(
        [n("w", "while_loop", condition="")]
    )
    assert "missing required field: condition" in load_error([n("w", "while_loop")])


# --------------------------------------------------------------------------- with a body


def test_the_body_output_becomes_the_next_value() -> None:
    assert result_on("while_loop", {"condition": "input < 10", "body": INCREMENT}, 1) == {
        "final_value": 10.0,
        "iterations": 9,
        "condition": "input < 10",
    }


def test_iteration_is_bound_in_the_condition_and_the_body() -> None:
    body = item_body(
        n("next", "expression", expression="input.value + variables.iteration"),
    )
    result = result_on("while_loop", {"condition": "iteration < 4", "body": body}, 0)
    assert result == {"final_value": 6.0, "iterations": 4, "condition": "iteration < 4"}


def test_too_many_iterations_with_a_body() -> None:
    data = {"condition": "true", "body": INCREMENT, "max_iterations": 3}
    assert error_on("while_loop", data, 0) == (
        "error executing node n: while_loop exceeded max iterations: 3"
    )
    result = result_on("while_loop", {**data, "condition": "input < 3"}, 0)
    assert result["iterations"] == 3  # exactly the limit is fine


def test_a_failing_iteration_fails_the_node() -> None:
    body = {"nodes": [n("boom", "fail", message="nope")]}
    assert error_on("while_loop", {"condition": "true", "body": body}, 0) == (
        "error executing node n: while_loop iteration 0 failed: error executing node boom: nope"
    )


def test_iterations_share_one_copy_of_the_run_state() -> None:
    # the body counts in a workflow variable; the condition reads it too; the parent's
    # variable of that name is untouched afterwards
    body = item_body(
        n("count", "expression", expression="isNull(variables.count) ? 1 : variables.count + 1"),
        n("store", "variable", var_name="count", var_op="set"),
        n("out", "expression", expression="variables.item"),
        edges=[("get", "count"), ("count", "store"), ("store", "out")],
    )
    nodes = [
        const("start", 0),
        n("w", "while_loop", condition="variables.count != 3", body=body),
        n("after", "expression", expression="isNull(variables.count)"),
    ]
    result = run(nodes, [("start", "w"), ("w", "after")])
    assert result.error is None, result.error
    assert result.node_results["w"]["iterations"] == 3
    assert result.node_results["after"] is True


def test_item_and_input_in_the_condition_are_the_current_value() -> None:
    # the loop state holds a variable ``item`` (the previous value, set for the body);
    # it must not shadow the current value in the condition
    result = result_on("while_loop", {"condition": "item < 3 && input < 3", "body": INCREMENT}, 0)
    assert result["final_value"] == 3.0


def test_references_and_state() -> None:
    node = WhileLoop()
    config = structure({"condition": "input < node.limit"}, WhileLoop.Config)
    assert list(node.node_references(config)) == [("condition", "limit")]
    assert node.is_stateful(config) is False
    with_body = structure({"condition": "true", "body": {"nodes": []}}, WhileLoop.Config)
    assert node.is_stateful(with_body) is True


async def test_cancelling_the_run_cancels_the_iteration() -> None:
    body = {"nodes": [n("h", "hang", seconds=30.0)]}
    nodes = [const("x", 1), n("w", "while_loop", condition="true", body=body)]
    task = asyncio.ensure_future(engine().run(payload(nodes, [("x", "w")])))
    for _ in range(100):  # let the first iteration start
        await asyncio.sleep(0)
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert leftover_tasks() == []


async def test_the_run_deadline_ends_the_loop() -> None:
    body = {"nodes": [n("h", "hang", seconds=30.0)]}
    nodes = [const("x", 1), n("w", "while_loop", condition="true", body=body)]
    eng = engine(max_execution_time=0.05, max_node_execution_time=0)
    result = await eng.run(payload(nodes, [("x", "w")]))
    assert result.errors == ["workflow execution timeout: exceeded 50ms"]
    assert leftover_tasks() == []
