from __future__ import annotations

from thaiyyal import Engine, EngineConfig

from ...helpers import plugin_set
from ...nodes_for_tests import Route
from ._util import load_problems, run_nodes

A = {"id": "a", "type": "number", "data": {"value": 1}}
B = {"id": "b", "type": "text_input", "data": {"text": "two"}}


def join(strategy: str | None, edges: list[tuple[str, str]]) -> object:
    data = {} if strategy is None else {"join_strategy": strategy}
    result = run_nodes([A, B, {"id": "j", "type": "join", "data": data}], edges)
    return result.errors or result.node_results["j"]


def test_strategies() -> None:
    assert join(None, [("a", "j"), ("b", "j")]) == {
        "strategy": "all",
        "values": [1.0, "two"],
        "count": 2,
    }
    assert join("any", [("b", "j"), ("a", "j")]) == {"strategy": "any", "value": "two", "count": 2}
    assert join("first", [("a", "j"), ("b", "j")]) == {"strategy": "first", "value": 1.0}


def test_no_inputs() -> None:
    assert join("all", []) == [
        "error executing node j: join node with 'all' strategy requires at least one input"
    ]
    assert join("any", []) == [
        "error executing node j: join node with 'any' strategy has no inputs"
    ]
    assert join("first", []) == [
        "error executing node j: join node with 'first' strategy has no inputs"
    ]


def test_only_branches_that_ran_contribute() -> None:
    plugins = plugin_set(Route, builtin=["node-join", "node-text_input"])
    body = {
        "nodes": [
            {"id": "r", "type": "route", "data": {"path": "true"}},
            {"id": "yes", "type": "text_input", "data": {"text": "yes"}},
            {"id": "no", "type": "text_input", "data": {"text": "no"}},
            {"id": "j", "type": "join", "data": {"timeout": "5s"}},
        ],
        "edges": [
            {"source": "r", "target": "yes", "sourceHandle": "true"},
            {"source": "r", "target": "no", "sourceHandle": "false"},
            {"source": "no", "target": "j"},
            {"source": "yes", "target": "j"},
        ],
    }
    result = Engine(EngineConfig(), plugins=plugins).run_sync(body)
    assert result.skipped == ("no",)
    assert result.node_results["j"] == {"strategy": "all", "values": ["yes"], "count": 1}


def test_unknown_strategy_is_a_load_time_error() -> None:
    message = load_problems([{"id": "j", "type": "join", "data": {"join_strategy": "race"}}])
    assert "unsupported join strategy: race (use all, any, or first)" in message
    assert "join_strategy" in message
