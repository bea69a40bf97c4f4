from __future__ import annotations

from typing import Any

from ._util import load_problems, run_nodes


def extract_from(json_text: str, **data: Any) -> Any:
    nodes = [
        {"id": "t", "type": "text_input", "data": {"text": json_text}},
        {"id": "p", "type": "parse", "data": {"input_type": "JSON"}},
        {"id": "x", "type": "extract", "data": data},
    ]
    result = run_nodes(nodes, [("t", "p"), ("p", "x")])
    return result.errors or result.node_results["x"]


def test_field() -> None:
    assert extract_from('{"user": {"name": "C"}, "n": 1}', field="user") == {
        "field": "user",
        "value": {"name": "C"},
    }
    assert extract_from('{"a": null}', field="a") == {"field": "a", "value": None}


def test_fields_keeps_existing_keys_only() -> None:
    assert extract_from('{"a": 1, "b": 2, "c": 3}', fields=["c", "a", "zz"]) == {"c": 3.0, "a": 1.0}
    assert extract_from('{"a": 1}', fields=["zz"]) == {}


def test_field_wins_over_fields_and_no_dotted_paths() -> None:
    assert extract_from('{"a": 1, "b": 2}', field="b", fields=["a"]) == {"field": "b", "value": 2.0}
    assert extract_from('{"a": {"b": 1}}', field="a.b") == [
        "error executing node x: field 'a.b' not found in input object"
    ]


def test_errors() -> None:
    assert extract_from("[1, 2]", field="a") == [
        "error executing node x: extract node requires object input, got []interface {}"
    ]
    assert extract_from('"text"', field="a") == [
        "error executing node x: extract node requires object input, got string"
    ]
    assert run_nodes([{"id": "x", "type": "extract", "data": {"field": "a"}}]).errors == [
        "error executing node x: extract node requires input"
    ]


def test_one_of_field_or_fields_is_required() -> None:
    for data in ({}, {"fields": []}, {"field": None}):
        message = load_problems([{"id": "x", "type": "extract", "data": data}])
        assert "missing required field: field or fields" in message and "node x" in message


def test_array_node_results_are_objects_here() -> None:
    # extract reads objects, so the wrapper of an array node is the object it reads
    nodes = [
        {"id": "a", "type": "number", "data": {"value": 1}},
        {"id": "p", "type": "parallel", "data": {}},
        {"id": "x", "type": "extract", "data": {"field": "results"}},
    ]
    result = run_nodes(nodes, [("a", "p"), ("p", "x")])
    assert result.node_results["x"] == {"field": "results", "value": [1.0]}
