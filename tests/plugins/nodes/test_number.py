from __future__ import annotations

from ._util import load_problems, run_nodes


def test_returns_its_value_as_a_float() -> None:
    result = run_nodes([{"id": "n", "type": "number", "data": {"value": 3}}])
    assert result.node_results == {"n": 3.0}
    assert type(result.node_results["n"]) is float


def test_value_is_required_and_must_be_a_number() -> None:
    assert "missing required field: value" in load_problems(
        [{"id": "n", "type": "number", "data": {"value": None}}]
    )
    assert "field value: expected a number, got string" in load_problems(
        [{"id": "n", "type": "number", "data": {"value": "5"}}]
    )
