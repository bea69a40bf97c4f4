from __future__ import annotations

from thaiyyal import Engine, EngineConfig

from ._util import load_problems, run_nodes


def test_copies_the_value_to_each_path() -> None:
    result = run_nodes(
        [
            {"id": "v", "type": "number", "data": {"value": 7}},
            {"id": "s", "type": "split", "data": {"paths": ["l", "r", "l"]}},
        ],
        [("v", "s")],
    )
    assert result.node_results["s"] == {
        "value": 7.0,
        "paths": ["l", "r", "l"],
        "outputs": {"l": 7.0, "r": 7.0},
    }


def test_handled_edges_never_fire_and_warn() -> None:
    body = {
        "nodes": [
            {"id": "v", "type": "text_input", "data": {"text": "x"}},
            {"id": "s", "data": {"paths": ["a", "b"]}},
            {"id": "ta", "type": "text_input", "data": {"text": "A"}},
        ],
        "edges": [
            {"source": "v", "target": "s"},
            {"source": "s", "target": "ta", "sourceHandle": "a"},
        ],
    }
    engine = Engine(EngineConfig.server())
    plan = engine.load(body)
    assert plan.warnings, "a handled edge out of split earns a warning"
    result = engine.run_sync(plan)
    assert result.skipped == ("ta",)


def test_errors() -> None:
    assert run_nodes([{"id": "s", "type": "split", "data": {"paths": ["a"]}}]).errors == [
        "error executing node s: split node requires at least one input"
    ]
    assert "missing required field: paths" in load_problems(
        [{"id": "s", "type": "split", "data": {"paths": []}}]
    )
    assert "missing required field: paths" in load_problems(
        [{"id": "s", "type": "split", "data": {}}]
    )
