from __future__ import annotations

from ._util import load_problems, run_nodes


def test_returns_its_text_literally() -> None:
    result = run_nodes([{"id": "t", "type": "text_input", "data": {"text": "{{ variable.x }}"}}])
    assert result.node_results == {"t": "{{ variable.x }}"}


def test_text_is_required() -> None:
    assert "missing required field: text" in load_problems([{"id": "t", "type": "text_input"}])
    assert run_nodes([{"id": "t", "data": {"text": ""}}]).node_results == {"t": ""}
