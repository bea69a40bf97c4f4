from __future__ import annotations

from ._util import load_problems, run_nodes


def test_returns_its_boolean() -> None:
    result = run_nodes([{"id": "b", "data": {"boolean_value": False}}])
    assert result.node_results == {"b": False}


def test_boolean_value_must_be_a_boolean() -> None:
    assert "expected a boolean, got number" in load_problems(
        [{"id": "b", "type": "boolean_input", "data": {"boolean_value": 1}}]
    )
