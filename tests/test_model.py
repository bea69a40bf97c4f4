"""Payload decoding: envelope checks, case-insensitive keys, type inference."""

from __future__ import annotations

import pytest

from thaiyyal import InvalidWorkflow
from thaiyyal.inference import infer_type
from thaiyyal.model import decode_payload, parse_json


def test_keys_match_case_insensitively_and_extras_are_ignored() -> None:
    wf = decode_payload(
        {
            "Workflow_ID": "w1",
            "name": "ignored",
            "NODES": [{"ID": "a", "Type": "number", "DATA": {"value": 1}, "position": {}}],
            "Edges": [{"Source": "a", "TARGET": "a", "SourceHandle": "x", "targetHandle": "t"}],
        }
    )
    assert wf.workflow_id == "w1"
    assert wf.nodes[0].id == "a" and wf.nodes[0].type == "number"
    edge = wf.edges[0]
    assert (edge.source, edge.target, edge.handle, edge.target_handle) == ("a", "a", "x", "t")


def test_legacy_condition_is_a_handle_only_without_source_handle() -> None:
    wf = decode_payload(
        {
            "nodes": [],
            "edges": [
                {"source": "a", "target": "b", "condition": "true"},
                {"source": "a", "target": "b", "condition": "true", "sourceHandle": "false"},
                {"source": "a", "target": "b", "sourceHandle": ""},
            ],
        }
    )
    assert [e.handle for e in wf.edges] == ["true", "false", ""]


def test_null_payload_and_null_lists_are_empty() -> None:
    assert decode_payload(None).nodes == ()
    assert decode_payload({"nodes": None, "edges": None}).edges == ()


def test_null_data_reads_as_empty_object() -> None:
    wf = decode_payload({"nodes": [{"id": "r", "type": "reverse", "data": None}]})
    assert wf.nodes[0].data == {}


def test_every_envelope_problem_is_reported_with_its_position() -> None:
    with pytest.raises(InvalidWorkflow) as info:
        decode_payload(
            {
                "workflow_id": 3,
                "nodes": [
                    None,
                    {"id": ""},
                    {"id": 5},
                    {"id": "ok", "type": 7},
                    {"id": "d", "data": [1]},
                ],
                "edges": ["x", {"source": 1, "target": "ok"}],
            }
        )
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 8
    assert "field workflow_id: expected a string, got number" in messages[0]
    assert "nodes[0]: expected a node object, got null" in messages[1]
    assert "nodes[1].id: node id must be a non-empty string, got an empty string" in messages[2]
    assert "nodes[2].id" in messages[3]
    assert "node ok: type must be a string" in messages[4]
    assert "data must be an object, got array" in messages[5]
    assert "edges[0]: expected an edge object" in messages[6]
    assert "edges[1].source: expected a node id string, got number" in messages[7]


def test_top_level_must_be_an_object() -> None:
    with pytest.raises(InvalidWorkflow, match="expected a JSON object at the top level, got array"):
        decode_payload([])


def test_parse_json_reports_syntax_and_size() -> None:
    with pytest.raises(InvalidWorkflow, match="invalid JSON"):
        parse_json("{nope")
    with pytest.raises(InvalidWorkflow, match="workflow size 12 bytes exceeds limit 10 bytes"):
        parse_json(b'{"nodes":[]}', max_bytes=10)
    with pytest.raises(InvalidWorkflow, match=r"nested too deeply|invalid JSON"):
        parse_json("[" * 100_000)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"value": None}, "number"),
        ({"text": "x", "value": 1}, "number"),
        ({"text": "x"}, "text_input"),
        ({"boolean_value": True}, "boolean_input"),
        ({"date_value": "2024"}, "date_input"),
        ({"datetime_value": "x"}, "datetime_input"),
        ({"mode": "text"}, "visualization"),
        ({"op": "add"}, "operation"),
        ({"text_op": "concat"}, "text_operation"),
        ({"url": "http://x"}, "http"),
        ({"condition": ">1", "true_path": "a"}, "condition"),
        ({"condition": ">1"}, "filter"),
        ({"expression": "a", "initial_value": 0}, "reduce"),
        ({"expression": "a"}, "expression"),
        ({"expression": "", "field": "x"}, "extract"),
        ({"expression": 5, "cases": []}, "switch"),
        ({"var_name": "x", "var_op": "get"}, "variable"),
        ({"var_name": "x"}, ""),
        ({"fields": ["a"]}, "extract"),
        ({"transform_type": "keys"}, "transform"),
        ({"accum_op": "sum"}, "accumulator"),
        ({"counter_op": "get"}, "counter"),
        ({"join_strategy": "all"}, "join"),
        ({"paths": ["a"]}, "split"),
        ({"duration": "1s"}, "delay"),
        ({"cache_op": "get", "cache_key": "k"}, "cache"),
        ({"cache_op": "get"}, ""),
        ({"context_name": "x"}, "context_variable"),
        ({"context_values": []}, "context_variable"),
        ({"max_attempts": 3}, "retry"),
        ({"backoff_strategy": "linear"}, "retry"),
        ({"fallback_value": 1}, "try_catch"),
        ({"continue_on_error": True}, "try_catch"),
        ({"timeout": "1s", "timeout_action": "error"}, "timeout"),
        ({"timeout": "1s"}, ""),
        ({"Value": 1}, ""),
        ({}, ""),
    ],
)
def test_type_inference_table(data: dict[str, object], expected: str) -> None:
    assert infer_type(data) == expected


def test_inference_only_when_type_is_missing_or_empty() -> None:
    wf = decode_payload(
        {
            "nodes": [
                {"id": "a", "type": "", "data": {"op": "add"}},
                {"id": "b", "type": "text_input", "data": {"op": "add"}},
            ]
        }
    )
    assert [(n.type, n.inferred) for n in wf.nodes] == [("operation", True), ("text_input", False)]
