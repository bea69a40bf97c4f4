"""``filter`` (nodes.md §3.3): kept elements and counters, the five unwrap keys plus wrapped
outputs, the non-array pass-through, per-element errors, load-time checks."""

from __future__ import annotations

from typing import Any

import pytest

from thaiyyal.converter import structure
from thaiyyal_nodes.filter import Filter

from .control_support import (
    DirectContext,
    Recorder,
    const,
    load_error,
    n,
    result_on,
    run,
)


def kept(condition: str, value: Any, **config: Any) -> list[Any]:
    return list(result_on("filter", {"condition": condition}, value, **config)["filtered"])


def test_output_shape_and_counters() -> None:
    assert result_on("filter", {"condition": "item > 2"}, [1, 3, 2, 5]) == {
        "filtered": [3.0, 5.0],
        "input_count": 4,
        "output_count": 2,
        "skipped_count": 2,
        "error_count": 0,
        "condition": "item > 2",
        "is_array": True,
    }


def test_nothing_kept_is_an_empty_list_not_null() -> None:
    assert result_on("filter", {"condition": "false"}, [1, 2])["filtered"] == []
    assert result_on("filter", {"condition": "true"}, [])["filtered"] == []


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("item.age >= 18", ["b", "c"]),
        ("age >= 18 && active", ["b"]),  # bare names read the element
        ("input.name != 'a'", ["b", "c"]),  # input is the element too
        ("variables.item.age < 18", ["a"]),
        ("index >= 1", ["b", "c"]),
        ("item.tags.includes('x')", ["c"]),
    ],
)
def test_conditions_on_objects(condition: str, expected: list[str]) -> None:
    people = [
        {"name": "a", "age": 10, "active": True, "tags": []},
        {"name": "b", "age": 20, "active": True, "tags": ["y"]},
        {"name": "c", "age": 30, "active": False, "tags": ["x"]},
    ]
    assert [p["name"] for p in kept(condition, people)] == expected


@pytest.mark.parametrize("key", ["range", "array", "items", "data", "values"])
def test_the_five_unwrap_keys(key: str) -> None:
    assert kept("item > 1", {key: [1, 2, 3]}) == [2.0, 3.0]


def test_unwrap_keys_are_tried_in_order_and_must_hold_arrays() -> None:
    value = {"values": [9], "data": "not an array", "items": [1, 2], "range": None}
    assert kept("true", value) == [1.0, 2.0]


def test_wrapped_outputs_of_array_nodes_are_unwrapped() -> None:
    nodes = [
        const("x", [3, 1, 2]),
        n("s", "sort", order="desc"),
        n("f", "filter", condition="item < 3"),
        n("m", "map", expression="item * 10"),
    ]
    result = run(nodes, [("x", "s"), ("s", "f"), ("f", "m")])
    assert result.node_results["f"]["filtered"] == [2.0, 1.0]
    assert result.node_results["m"]["results"] == [20.0, 10.0]


@pytest.mark.parametrize(
    ("value", "type_name"),
    [
        ("text", "string"),
        (5, "float64"),
        (True, "bool"),
        (None, "<nil>"),
        ({"filtered": [1]}, "map[string]interface {}"),  # user data is never guessed at
    ],
)
def test_non_arrays_pass_through(value: Any, type_name: str) -> None:
    expected_value = float(value) if type(value) is int else value
    if isinstance(value, dict):
        expected_value = {"filtered": [1.0]}
    assert result_on("filter", {"condition": "true"}, value) == {
        "input": expected_value,
        "filtered": expected_value,
        "is_array": False,
        "warning": "input is not an array, passed through unchanged",
        "original_type": type_name,
    }


def test_an_element_whose_condition_fails_counts_as_error_and_skipped() -> None:
    result = result_on("filter", {"condition": "10 / item > 1"}, [1, 0, 20, 2])
    assert result["filtered"] == [1.0, 2.0]
    assert (result["error_count"], result["skipped_count"]) == (1, 2)


def test_index_is_a_float() -> None:
    recorder = Recorder(True)
    config = structure({"condition": "true"}, Filter.Config)
    Filter().run(config, [["a", "b"]], DirectContext(recorder))  # type: ignore[arg-type]
    assert recorder.indexes == [0.0, 1.0]
    assert all(type(i) is float for i in recorder.indexes)


def test_empty_condition_is_a_load_time_error_with_the_reference_message() -> None:
    assert load_error([const("x", [1]), n("f", "filter", condition="")], [("x", "f")]) == (
        "invalid config for node f (type filter): field condition: "
        "filter node missing condition expression"
    )


def test_syntax_errors_are_load_time_errors() -> None:
    error = load_error([n("f", "filter", condition="item >")])
    assert error == (
        "invalid config for node f (type filter): field condition: "
        "unexpected end of expression at column 7"
    )


def test_no_input_fails() -> None:
    result = run([n("f", "filter", condition="true")])
    assert result.errors == ["error executing node f: filter node needs at least 1 input"]


def test_compares_with_variables_context_and_node_results() -> None:
    nodes = [
        const("limit", 2),
        n("k", "context_constant", context_name="min", context_value="1", context_type="number"),
        const("x", [0, 1, 2, 3]),
        n("f", "filter", condition="item > context.min && item <= node.limit"),
    ]
    result = run(nodes, [("x", "f")])
    assert result.error is None, result.error
    assert result.node_results["f"]["filtered"] == [2.0]
    error = load_error([const("x", [1]), n("f", "filter", condition="node.nope")], [("x", "f")])
    assert "field condition reads node.nope, which is not a node of this workflow" in error


def test_declares_state_from_its_condition() -> None:
    node = Filter()
    assert node.is_stateful(structure({"condition": "item > 1"}, Filter.Config)) is False
    assert node.is_stateful(structure({"condition": "item > limit"}, Filter.Config)) is True
