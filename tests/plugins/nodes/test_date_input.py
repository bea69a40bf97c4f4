from __future__ import annotations

from ._util import load_problems, run_nodes


def test_returns_the_text_unvalidated() -> None:
    for text in ("2024-01-15", "", "sometime"):
        result = run_nodes([{"id": "d", "data": {"date_value": text}}])
        assert result.node_results == {"d": text}


def test_date_value_is_required() -> None:
    assert "missing required field: date_value" in load_problems(
        [{"id": "d", "type": "date_input", "data": {}}]
    )
