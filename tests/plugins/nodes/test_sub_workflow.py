"""``sub_workflow``: inline and saved workflows, mappings, nesting, limits."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from thaiyyal import InvalidWorkflow

from .resilience_util import engine, n, run

ADD = {
    "nodes": [
        {"id": "a", "type": "number", "data": {"value": 1}},
        {"id": "b", "type": "number", "data": {"value": 2}},
        {"id": "sum", "type": "operation", "data": {"op": "add"}},
    ],
    "edges": [{"source": "a", "target": "sum"}, {"source": "b", "target": "sum"}],
}


def parent(**data: Any) -> dict[str, Any]:
    return {
        "nodes": [n("x", "const", value=21), n("sub", "sub_workflow", **data)],
        "edges": [{"source": "x", "target": "sub"}],
    }


def test_inline_workflow_returns_its_final_output_and_is_reported() -> None:
    result = run(parent(workflow=ADD))
    assert result.node_results["sub"] == 3.0
    child = result.subworkflows["sub"]
    assert child.node_results == {"a": 1.0, "b": 2.0, "sum": 3.0}
    assert result.to_dict()["subworkflows"]["sub"]["node_results"]["sum"] == 3


def test_input_and_output_mappings() -> None:
    body = parent(
        workflow=ADD,
        input_mapping={"n": "input + 1"},
        output_mapping={"total": "node.sum", "first": "node.a", "same": "input"},
    )
    result = run(body)
    assert result.node_results["sub"] == {"total": 3.0, "first": 1.0, "same": 3.0}


def test_saved_workflow_by_id() -> None:
    eng = engine()
    saved = eng.services["workflow_store"].save("add", ADD)
    result = asyncio.run(eng.run(parent(workflow_id=saved.id)))
    assert result.node_results["sub"] == 3.0


def test_problems_inside_the_sub_workflow_are_load_time_errors() -> None:
    broken = {"nodes": [{"id": "q", "type": "warp"}], "edges": []}
    with pytest.raises(InvalidWorkflow) as info:
        engine().load(parent(workflow=broken))
    assert (
        "node sub (type sub_workflow): in its sub-workflow: node q: no executor registered "
        "for type: warp" in str(info.value)
    )
    with pytest.raises(InvalidWorkflow, match="no saved workflow with id 'nope'"):
        engine().load(parent(workflow_id="nope"))
    with pytest.raises(InvalidWorkflow, match="give either workflow or workflow_id"):
        engine().load(parent(workflow=ADD, workflow_id="x"))
    with pytest.raises(InvalidWorkflow, match="missing required field: workflow or workflow_id"):
        engine().load(parent())
    with pytest.raises(InvalidWorkflow, match=r"field input_mapping.n: .*column"):
        engine().load(parent(workflow=ADD, input_mapping={"n": "1 +"}))


def test_a_failing_sub_workflow_fails_the_node() -> None:
    failing = {"nodes": [{"id": "boom", "type": "fail", "data": {"message": "inner"}}]}
    result = run(parent(workflow=failing))
    assert result.errors == [
        "error executing node sub: sub-workflow failed: error executing node boom: inner"
    ]


def test_nesting_is_limited_at_load_time() -> None:
    body: dict[str, Any] = ADD
    for level in range(4):
        body = {"nodes": [n(f"s{level}", "sub_workflow", workflow=body)], "edges": []}
    assert run(body, max_subworkflow_depth=4).final_output == 3.0
    with pytest.raises(InvalidWorkflow, match=r"nested too deeply: 4 levels \(limit: 3\)"):
        engine(max_subworkflow_depth=3).load(body)


def test_saved_workflows_cannot_recurse_forever() -> None:
    eng = engine()
    store = eng.services["workflow_store"]
    store.save("loop", {"nodes": [n("s", "sub_workflow", workflow_id="self")]}, workflow_id="self")
    with pytest.raises(InvalidWorkflow, match="nested too deeply"):
        eng.load(parent(workflow_id="self"))


def test_limits_and_deadline_are_shared_with_the_parent() -> None:
    result = run(parent(workflow=ADD), max_node_executions=3)
    assert "maximum node executions exceeded: 4 (limit: 3)" in result.errors[0]
    slow = {"nodes": [n("h", "hang", seconds=30.0)]}
    result = run(parent(workflow=slow), max_execution_time=0.05, max_node_execution_time=0)
    assert result.errors == ["workflow execution timeout: exceeded 50ms"]


def test_the_node_time_limit_bounds_each_inner_node_not_the_whole_sub_run() -> None:
    three_sleeps = {
        "nodes": [
            n("s1", "sleep", seconds=0.03),
            n("s2", "sleep", seconds=0.03),
            n("s3", "sleep", seconds=0.03),
        ],
        "edges": [{"source": "s1", "target": "s2"}, {"source": "s2", "target": "s3"}],
    }
    result = run(parent(workflow=three_sleeps), max_node_execution_time=0.06)
    assert result.success, result.errors
    slow = {"nodes": [n("h", "hang", seconds=30.0)]}
    result = run(parent(workflow=slow), max_node_execution_time=0.02)
    assert result.errors == [
        "error executing node sub: sub-workflow failed: error executing node h: "
        "node execution timeout after 20ms"
    ]
