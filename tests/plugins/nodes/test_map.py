"""``map`` (nodes.md §3.3): field, expression and pass-through modes, wrapped inputs,
per-element failures, and the body mode (a sub-workflow per element)."""

from __future__ import annotations

import asyncio

import pytest

from thaiyyal.converter import structure
from thaiyyal_nodes.map import Map, Prepared

from .control_support import (
    DirectContext,
    Recorder,
    const,
    error_on,
    item_body,
    load_error,
    n,
    result_on,
    run,
    tracker,
)

ROWS = [{"name": "a", "age": 10}, {"name": "b"}, "not an object"]


def test_expression_mode() -> None:
    assert result_on("map", {"expression": "item * 2"}, [1, 2, 3]) == {
        "results": [2.0, 4.0, 6.0],
        "input_count": 3,
        "output_count": 3,
        "successful": 3,
        "failed": 0,
    }


def test_expression_failures_are_null_and_counted() -> None:
    result = result_on("map", {"expression": "10 / item"}, [1, 0, 2])
    assert (result["results"], result["failed"], result["successful"]) == ([10.0, None, 5.0], 1, 2)


def test_index_and_items_are_bound() -> None:
    result = result_on("map", {"expression": "index + items.length"}, ["x", "y"])
    assert result["results"] == [2.0, 3.0]
    recorder = Recorder(0)
    config = structure({"expression": "1"}, Map.Config)
    ctx = DirectContext(Prepared(expression=recorder))  # type: ignore[arg-type]
    asyncio.run(Map().run(config, [["a", "b"]], ctx))  # type: ignore[arg-type]
    assert recorder.indexes == [0.0, 1.0] and all(type(i) is float for i in recorder.indexes)


def test_field_mode_and_its_precedence() -> None:
    result = result_on("map", {"field": "age", "expression": "item.name"}, ROWS)
    assert result == {
        "results": [10.0, None, None],
        "input_count": 3,
        "output_count": 3,
        "successful": 1,
        "failed": 2,
    }


def test_pass_through_without_a_transformation() -> None:
    assert result_on("map", {}, [1, "a"]) == {
        "results": [1.0, "a"],
        "input_count": 2,
        "output_count": 2,
        "warning": "no transformation specified",
    }


def test_wrapped_outputs_are_unwrapped() -> None:
    nodes = [n("r", "range", start=1, end=3), n("m", "map", expression="item * item")]
    assert run(nodes, [("r", "m")]).node_results["m"]["results"] == [1.0, 4.0, 9.0]


def test_non_array_input_fails_with_the_go_type() -> None:
    assert error_on("map", {"expression": "item"}, "text") == (
        "error executing node n: map node requires array input, got string"
    )
    result = run([n("m", "map", expression="item")])
    assert result.errors == ["error executing node m: map node needs at least 1 input"]


def test_expression_syntax_errors_at_load_but_not_when_field_wins() -> None:
    error = load_error([n("m", "map", expression="item *")])
    assert error.startswith("invalid config for node m (type map): field expression: ")
    # field wins, so the expression is never evaluated and not parsed either
    assert run(
        [const("x", [{"k": 1}]), n("m", "map", field="k", expression="item *")], [("x", "m")]
    ).node_results["m"]["results"] == [1.0]


def test_references_and_state_follow_the_mode() -> None:
    node = Map()
    config = structure({"expression": "item + node.a + variables.x"}, Map.Config)
    assert list(node.node_references(config)) == [("expression", "a")]
    assert node.is_stateful(config) is True
    field = structure({"expression": "node.a", "field": "k"}, Map.Config)
    assert list(node.node_references(field)) == []
    assert node.is_stateful(field) is False
    body = structure({"body": {"nodes": []}}, Map.Config)
    assert node.is_stateful(body) is True


# ---------------------------------------------------------------------------------- body


def double_body() -> dict[str, object]:
    return item_body(n("double", "expression", expression="input.value * 2"))


def test_body_results_in_item_order() -> None:
    nodes = [const("x", [1, 2, 3]), n("m", "map", body=double_body())]
    assert run(nodes, [("x", "m")]).node_results["m"] == {
        "results": [2.0, 4.0, 6.0],
        "input_count": 3,
        "output_count": 3,
        "successful": 3,
        "failed": 0,
    }


def test_body_runs_are_bounded_and_ordered() -> None:
    seen = tracker("map-bounded")
    body = {"nodes": [n("p", "probe", tracker="map-bounded", spread=3)]}
    nodes = [const("x", list(range(10))), n("m", "map", body=body, max_concurrency=3)]
    result = run(nodes, [("x", "m")])
    assert result.node_results["m"]["results"] == [i * 10.0 for i in range(10)]
    assert seen.peak == 3
    assert seen.finished != sorted(seen.finished)  # they finished out of order


def test_a_failing_item_fails_the_node_unless_told_to_go_on() -> None:
    body = {"nodes": [n("p", "probe", fail_at=[1])]}
    result = run([const("x", [1, 2, 3]), n("m", "map", body=body)], [("x", "m")])
    assert result.errors == [
        "error executing node m: map item 1 failed: error executing node p: probe failed on 1"
    ]
    nodes = [const("x", [1, 2, 3]), n("m", "map", body=body, continue_on_item_error=True)]
    result = run(nodes, [("x", "m")])
    assert result.node_results["m"]["results"] == [10.0, None, 30.0]
    assert result.node_results["m"]["failed"] == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"body": {"nodes": []}, "expression": "item"},
            "field body: give either a body or an expression/field, not both "
            "(got body and expression)",
        ),
        (
            {"body_workflow_id": "w", "field": "k"},
            "field body_workflow_id: give either a body or an expression/field, not both "
            "(got body_workflow_id and field)",
        ),
        ({"body": {"nodes": []}, "max_concurrency": 0}, "max_concurrency must be at least 1"),
        ({"body": [1]}, "field body: body must be a workflow object with nodes and edges"),
    ],
)
def test_body_config_errors_at_load(data: dict[str, object], message: str) -> None:
    assert message in load_error([n("m", "map", **data)])


def test_body_iterations_are_bounded_by_the_engine() -> None:
    nodes = [const("x", [1, 2, 3]), n("m", "map", body=double_body())]
    result = run(nodes, [("x", "m")], max_iterations=2)
    assert result.errors == ["error executing node m: map exceeds max iterations: 3 > 2"]
