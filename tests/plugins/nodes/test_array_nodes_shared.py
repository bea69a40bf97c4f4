"""Rules every array node shares (nodes.md §3.4): missing input, the SOFT error value,
wrapped outputs of other array nodes, registration, and never mutating inputs."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from thaiyyal import load_plugins

from .array_support import (
    ARRAY_TYPES,
    CONSUMERS,
    MINIMAL_DATA,
    literal,
    node,
    result_on,
    run_workflow,
)

ARRAY_KEYS = {
    "slice": "sliced",
    "sort": "sorted",
    "flat_map": "flattened",
    "group_by": None,
    "unique": "unique",
    "chunk": "chunks",
    "reverse": "reversed",
    "zip": "zipped",
    "sample": "sample",
    "range": "range",
    "compact": "compacted",
    "transpose": "transposed",
}


def test_each_type_is_its_own_plugin_with_its_array_key() -> None:
    plugins = load_plugins(only=[f"node-{t}" for t in ARRAY_TYPES], environ={})
    registered = {r.type_name: r for r in plugins.node_types}
    assert set(registered) == set(ARRAY_TYPES)
    for type_name, key in ARRAY_KEYS.items():
        entry = registered[type_name]
        assert entry.plugin == f"node-{type_name}"
        assert entry.node_type.category == "array"
        assert entry.node_type.array_key == key
        assert not entry.is_async


@pytest.mark.parametrize("type_name", CONSUMERS)
def test_without_input_the_node_fails(type_name: str) -> None:
    result = run_workflow([node("n", type_name, MINIMAL_DATA.get(type_name))])
    assert str(result.error) == f"error executing node n: {type_name} node needs at least 1 input"


@pytest.mark.parametrize("type_name", CONSUMERS)
@pytest.mark.parametrize(
    ("value", "go_type"),
    [
        ("not an array", "string"),
        (3.5, "float64"),
        (True, "bool"),
        (None, "<nil>"),
        ({"items": [1, 2]}, "map[string]interface {}"),
    ],
)
def test_a_non_array_gives_the_soft_error_value(type_name: str, value: Any, go_type: str) -> None:
    result = result_on(type_name, MINIMAL_DATA.get(type_name, {}), value)
    assert result == {"error": "input is not an array", "input": value, "original_type": go_type}


def test_the_soft_error_value_does_not_stop_the_run() -> None:
    result = run_workflow(
        [literal("in", "x"), node("a", "sort"), node("b", "reverse")], [("in", "a"), ("a", "b")]
    )
    assert result.error is None
    assert result.node_results["b"]["error"] == "input is not an array"
    assert result.node_results["b"]["original_type"] == "map[string]interface {}"


@pytest.mark.parametrize("type_name", [*CONSUMERS, "zip"])
def test_the_wrapped_output_of_an_array_node_is_unwrapped(type_name: str) -> None:
    """thaiyyal: ``range → <node>`` sees the range's list (nodes.md §3.4 wrapped outputs)."""
    data = MINIMAL_DATA.get(type_name, {})
    if type_name == "group_by":
        data = {"field": "k"}
    if type_name == "transpose":
        producer = [node("r", "range", {"start": 1, "end": 3}), node("c", "chunk", {"size": 1})]
        wrapped = run_workflow([*producer, node("n", type_name)], [("r", "c"), ("c", "n")])
        assert wrapped.node_results["n"]["transposed"] == [[1.0, 2.0, 3.0]]
        return
    wrapped = run_workflow(
        [node("r", "range", {"start": 1, "end": 3}), node("n", type_name, data)], [("r", "n")]
    )
    assert wrapped.error is None
    assert wrapped.node_results["n"] == result_on(type_name, data, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("type_name", CONSUMERS)
def test_an_object_from_a_node_without_array_key_is_not_unwrapped(type_name: str) -> None:
    """Key names of user data never trigger unwrapping; only the producer's declaration."""
    value = {"sorted": [1.0, 2.0], "range": [3.0]}
    result = result_on(type_name, MINIMAL_DATA.get(type_name, {}), value)
    assert result["error"] == "input is not an array"


def test_group_by_output_is_not_an_array_for_the_next_node() -> None:
    result = run_workflow(
        [literal("in", [{"k": "a"}]), node("g", "group_by", {"field": "k"}), node("s", "sort")],
        [("in", "g"), ("g", "s")],
    )
    assert result.node_results["s"]["error"] == "input is not an array"


NESTED = [
    {"k": "b", "v": [3.0, 1.0], "w": None},
    {"k": "a", "v": [2.0], "w": ""},
    [[1.0, 2.0], [3.0, 4.0]],
    None,
    {"k": "a", "v": 7.0},
]


@pytest.mark.parametrize("type_name", CONSUMERS)
def test_inputs_are_never_mutated(type_name: str) -> None:
    value = copy.deepcopy(NESTED)
    if type_name == "transpose":
        value = [[1.0, 2.0], [3.0, 4.0]]
    before = copy.deepcopy(value)
    result = run_workflow(
        [literal("in", value), node("n", type_name, MINIMAL_DATA.get(type_name))], [("in", "n")]
    )
    assert result.error is None
    assert result.node_results["in"] == before
