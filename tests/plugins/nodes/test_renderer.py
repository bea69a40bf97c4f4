from __future__ import annotations

from ._util import feed, run_nodes


def test_passes_its_first_input_through() -> None:
    assert feed(4.5, {"type": "renderer", "data": {}}).node_results["n"] == 4.5


def test_returns_null_without_input() -> None:
    result = run_nodes([{"id": "r", "type": "renderer"}])
    assert result.success and result.node_results == {"r": None}
