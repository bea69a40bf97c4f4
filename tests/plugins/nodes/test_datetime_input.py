from __future__ import annotations

from ._util import load_problems, run_nodes


def test_returns_the_text_unvalidated() -> None:
    result = run_nodes([{"id": "d", "data": {"datetime_value": "2024-01-15T10:30"}}])
    assert result.node_results == {"d": "2024-01-15T10:30"}


def test_datetime_value_is_required() -> None:
    assert "missing required field: datetime_value" in load_problems(
        [{"id": "d", "type": "datetime_input", "data": {"date_value": "x"}}]
    )
