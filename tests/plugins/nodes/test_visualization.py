from __future__ import annotations

from ._util import feed, run_nodes


def test_passes_its_first_input_through() -> None:
    result = feed("hello", {"type": "visualization", "data": {"mode": "text"}})
    assert result.node_results["n"] == "hello"


def test_fails_without_input() -> None:
    result = run_nodes([{"id": "v", "data": {"mode": "table"}}])
    assert result.errors == ["error executing node v: visualization needs at least 1 input"]
