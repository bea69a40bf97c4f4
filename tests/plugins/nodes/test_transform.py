from __future__ import annotations

from typing import Any

import pytest

from thaiyyal import Engine, EngineConfig, NodeContext, NodeType, node_config

from ...helpers import plugin_set
from ._util import load_problems, run_nodes


def transform(json_text: str, kind: str, **limits: Any) -> Any:
    nodes = [
        {"id": "t", "type": "text_input", "data": {"text": json_text}},
        {"id": "p", "type": "parse", "data": {"input_type": "JSON"}},
        {"id": "x", "type": "transform", "data": {"transform_type": kind}},
    ]
    result = run_nodes(nodes, [("t", "p"), ("p", "x")], **limits)
    return result.errors or result.node_results["x"]


def test_to_array_collects_all_inputs_in_edge_order() -> None:
    nodes = [
        {"id": "a", "type": "text_input", "data": {"text": "a"}},
        {"id": "b", "type": "number", "data": {"value": 2}},
        {"id": "c", "type": "boolean_input", "data": {"boolean_value": False}},
        {"id": "t", "type": "transform", "data": {"transform_type": "to_array"}},
    ]
    result = run_nodes(nodes, [("c", "t"), ("a", "t"), ("b", "t"), ("a", "t")])
    assert result.node_results["t"] == [False, "a", 2.0, "a"]


def test_to_object() -> None:
    assert transform('["a", 1, "b", [2], "a", 3, "odd"]', "to_object") == {"a": 3.0, "b": [2.0]}
    assert transform("[]", "to_object") == {}
    assert transform('["a", 1, 2, 3]', "to_object") == [
        "error executing node x: to_object requires string keys at index 2"
    ]
    assert transform('{"a": 1}', "to_object") == [
        "error executing node x: to_object requires array input, got map[string]interface {}"
    ]


def test_flatten() -> None:
    assert transform('[1, [2, [3, [4, []]]], [[5]], {"a": [6]}]', "flatten") == [
        1.0,
        2.0,
        3.0,
        4.0,
        5.0,
        {"a": [6.0]},
    ]
    assert transform("[[], [[]]]", "flatten") is None
    assert transform('"x"', "flatten") == [
        "error executing node x: flatten requires array input, got string"
    ]


def test_flatten_is_bounded_while_it_builds() -> None:
    text = "[" + ",".join(["[1,2,3]"] * 4) + "]"
    assert transform(text, "flatten", max_array_length=10) == [
        "error executing node x: node result validation failed: "
        "array too large: more than 10 elements (limit: 10)"
    ]


def test_keys_and_values_line_up_in_sorted_key_order() -> None:
    text = '{"b": 2, "a": 1, "B": 3, "é": 4}'
    assert transform(text, "keys") == ["B", "a", "b", "é"]
    assert transform(text, "values") == [3.0, 1.0, 2.0, 4.0]
    assert transform("[1]", "keys") == [
        "error executing node x: keys transform requires object input, got []interface {}"
    ]
    assert transform("1", "values") == [
        "error executing node x: values transform requires object input, got float64"
    ]


@node_config
class ListConfig:
    items: list[str]


class MakeList(NodeType[ListConfig]):
    """A stand-in array node: its result wraps the array under ``items``."""

    type_name = "make_list"
    category = "array"
    array_key = "items"
    Config = ListConfig

    def run(self, config: ListConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return {"items": [config.items[0], [list(config.items[1:])]], "count": len(config.items)}


def test_array_node_results_are_unwrapped_for_array_transforms() -> None:
    plugins = plugin_set(MakeList, builtin=["node-transform"])
    engine = Engine(EngineConfig(), plugins=plugins)

    def run(kind: str) -> Any:
        body = {
            "nodes": [
                {"id": "l", "type": "make_list", "data": {"items": ["k", "v", "w"]}},
                {"id": "t", "type": "transform", "data": {"transform_type": kind}},
            ],
            "edges": [{"source": "l", "target": "t"}],
        }
        return engine.run_sync(body).node_results["t"]

    assert run("flatten") == ["k", "v", "w"]
    assert run("to_object") == {"k": [["v", "w"]]}
    # to_array collects whole results, and keys reads the wrapper object itself
    assert run("to_array") == [{"items": ["k", [["v", "w"]]], "count": 3}]
    assert run("keys") == ["count", "items"]


def test_errors() -> None:
    assert run_nodes(
        [{"id": "x", "type": "transform", "data": {"transform_type": "keys"}}]
    ).errors == ["error executing node x: transform node requires input"]
    message = load_problems(
        [{"id": "x", "type": "transform", "data": {"transform_type": "reverse"}}]
    )
    assert "unsupported transform type: reverse" in message and "transform_type" in message


@pytest.mark.parametrize("kind", ["to_object", "flatten"])
def test_inputs_are_not_mutated(kind: str) -> None:
    from thaiyyal_nodes.transform import flatten, to_object

    value = ["a", [1.0, [2.0]]]
    before = repr(value)
    (to_object if kind == "to_object" else flatten)(value)
    assert repr(value) == before
