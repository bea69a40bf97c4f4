"""Payload decoding: envelope checks, case-insensitive keys, type inference."""

from __future__ import annotations

import pytest

from thaiyyal import InvalidWorkflow, Problem
from thaiyyal.inference import infer_type
from thaiyyal.model import Workflow, decode_payload, parse_json

from .helpers import located


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


def test_decoded_nodes_and_edges_keep_their_payload_positions() -> None:
    """Both the common shape and the case-insensitive one record index and inference."""
    wf = decode_payload(
        {
            "nodes": [
                {"id": "a", "type": "number", "data": {"value": 1}},
                {"id": "b", "data": {"op": "add"}},
                {"ID": "c", "Type": "number", "Data": {"value": 2}},
                {"Id": "d", "DATA": {"text": "x"}},
                {"Id": "e", "DATA": {}},
            ],
            "edges": [
                {"id": "e0", "source": "a", "target": "b", "targetHandle": "in"},
                {"source": "b", "target": "c", "condition": "true"},
                {"ID": "e2", "Source": "c", "Target": "d", "TargetHandle": "t"},
                {"Source": "c", "Target": "d", "Condition": "false"},
            ],
        }
    )
    assert [(n.id, n.type, n.index, n.inferred) for n in wf.nodes] == [
        ("a", "number", 0, False),
        ("b", "operation", 1, True),
        ("c", "number", 2, False),
        ("d", "text_input", 3, True),
        ("e", "", 4, True),
    ]
    assert [(e.id, e.source, e.target, e.handle, e.target_handle, e.index) for e in wf.edges] == [
        ("e0", "a", "b", None, "in", 0),
        ("", "b", "c", "true", None, 1),
        ("e2", "c", "d", None, "t", 2),
        ("", "c", "d", "false", None, 3),
    ]


def test_envelope_problems_locate_the_entry_and_field() -> None:
    """With a problems list, decoding collects instead of raising, keeps the good entries,
    and each problem carries the position and field an editor highlights."""
    found: list[Problem] = []
    wf = decode_payload(
        {
            "workflow_id": ["w"],
            "nodes": [
                7,
                {"id": 5},
                {"id": "t", "type": 1},
                {"id": "d", "type": "number", "data": "x"},
                {"id": "ok", "type": "number", "data": {"value": 1}},
            ],
            "edges": [
                7,
                {"source": "ok", "target": 3},
                {"source": "ok", "target": "ok", "id": 1, "sourceHandle": 2},
                {"source": "ok", "target": "ok", "targetHandle": 3, "condition": False},
                {"source": "ok", "target": "ok"},
            ],
        },
        found,
    )
    assert wf.workflow_id == ""
    assert [n.id for n in wf.nodes] == ["ok"] and [e.index for e in wf.edges] == [4]
    assert located(found) == [
        (None, None, "workflow_id", None),
        (None, 0, None, None),
        (None, 1, "id", None),
        ("t", 2, "type", None),
        ("d", 3, "data", None),
        (None, None, None, 0),
        (None, None, "target", 1),
        (None, None, "id", 2),
        (None, None, "sourceHandle", 2),
        (None, None, "targetHandle", 3),
        (None, None, "condition", 3),
    ]
    messages = [p.message for p in found]
    assert all(m.startswith("failed to parse payload: ") for m in messages)
    assert "nodes[0]: expected a node object, got number" in messages[1]
    assert "nodes[1].id: node id must be a non-empty string, got number" in messages[2]
    assert "node t: type must be a string, got number" in messages[3]
    assert "data for node d (type number): data must be an object, got string" in messages[4]
    assert "edges[0]: expected an edge object, got number" in messages[5]
    assert "edges[1].target: expected a node id string, got number" in messages[6]
    assert "edges[2].id: expected a string, got number" in messages[7]
    assert "edges[3].condition: expected a string, got boolean" in messages[10]


def test_data_of_a_type_less_node_that_is_not_an_object() -> None:
    found: list[Problem] = []
    decode_payload({"nodes": [{"id": "d", "data": 5}]}, found)
    assert found[0].message == (
        "failed to parse payload: failed to unmarshal data for node d (type unknown): "
        "data must be an object, got number"
    )


def test_a_label_that_is_not_a_string_is_reported_but_the_node_is_kept() -> None:
    found: list[Problem] = []
    wf = decode_payload({"nodes": [{"id": "a", "type": "number", "data": {"label": 3}}]}, found)
    assert [n.id for n in wf.nodes] == ["a"]
    assert located(found) == [("a", 0, "label", None)]
    assert "node a: field label: expected a string, got number" in found[0].message
    with pytest.raises(InvalidWorkflow, match="field label"):
        decode_payload({"nodes": [{"id": "a", "data": {"label": False}}]})
    labelled = decode_payload({"nodes": [{"id": "a", "data": {"label": "A", "value": 1}}]})
    assert labelled.nodes[0].type == "number"


def test_nodes_and_edges_must_be_arrays() -> None:
    found: list[Problem] = []
    wf = decode_payload({"Nodes": {"id": "a"}, "edges": "a->b"}, found)
    assert wf == Workflow()
    assert [(p.field, p.message) for p in found] == [
        ("nodes", "failed to parse payload: field nodes: expected an array, got object"),
        ("edges", "failed to parse payload: field edges: expected an array, got string"),
    ]


def test_keys_that_are_not_strings_are_skipped_when_matching_case_insensitively() -> None:
    wf = decode_payload({1: "x", "NODES": [{2: "y", "ID": "a", "data": {"value": 1}}]})
    assert [(n.id, n.type) for n in wf.nodes] == [("a", "number")]


def test_parse_json_limit_counts_encoded_bytes_and_is_inclusive() -> None:
    assert parse_json('{"a":1}', max_bytes=7) == {"a": 1}
    assert parse_json('"é"', max_bytes=0) == "é"
    with pytest.raises(InvalidWorkflow) as info:
        parse_json('"é"', max_bytes=3)
    (problem,) = info.value.problems
    assert problem.field == "payload"
    assert problem.message == "workflow size 4 bytes exceeds limit 3 bytes"
    with pytest.raises(InvalidWorkflow) as info:
        parse_json("[" * 100_000 + "]" * 100_000)
    assert info.value.problems[0].field == "payload"
    with pytest.raises(InvalidWorkflow) as info:
        parse_json(b"\xff")
    assert info.value.problems[0].field == "payload"
    assert info.value.problems[0].message.startswith("failed to parse payload: invalid JSON: ")


def test_top_level_problem_points_at_the_payload_and_a_missing_id_reads_empty() -> None:
    with pytest.raises(InvalidWorkflow) as info:
        decode_payload("nodes", [])
    assert [p.field for p in info.value.problems] == ["payload"]
    assert decode_payload({"nodes": []}).workflow_id == ""
    assert decode_payload({"workflow_id": None}).workflow_id == ""


def test_an_exact_key_wins_over_keys_equal_ignoring_case() -> None:
    wf = decode_payload(
        {
            "Workflow_ID": "no",
            "workflow_id": "w",
            "nodes": [
                {
                    "Id": "no",
                    "id": "a",
                    "Type": "no",
                    "type": "number",
                    "Data": {"text": "no"},
                    "data": {"value": 1},
                }
            ],
            "edges": [{"Source": "no", "source": "a", "Target": "no", "target": "a"}],
        }
    )
    assert wf.workflow_id == "w"
    assert [(n.id, n.type, dict(n.data)) for n in wf.nodes] == [("a", "number", {"value": 1})]
    assert [(e.source, e.target) for e in wf.edges] == [("a", "a")]
