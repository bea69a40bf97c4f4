from __future__ import annotations

import pytest

from ._util import load_problems, run_nodes


def test_gathers_inputs_in_edge_order() -> None:
    nodes = [
        {"id": "a", "type": "text_input", "data": {"text": "x"}},
        {"id": "b", "type": "text_input", "data": {"text": "y"}},
        {"id": "p", "type": "parallel", "data": {"max_concurrency": 2, "timeout": "5s"}},
    ]
    result = run_nodes(nodes, [("b", "p"), ("a", "p")])
    assert result.node_results["p"] == {"results": ["y", "x"], "count": 2, "concurrency": 2}
    result = run_nodes([nodes[0], {"id": "p", "type": "parallel", "data": {}}], [("a", "p")])
    assert result.node_results["p"]["concurrency"] == 10


def test_without_inputs_fails() -> None:
    assert run_nodes([{"id": "p", "type": "parallel", "data": {}}]).errors == [
        "error executing node p: parallel node requires at least one input"
    ]


@pytest.mark.parametrize("value", [0, -3])
def test_max_concurrency_below_one_is_a_load_time_error(value: int) -> None:
    message = load_problems([{"id": "p", "type": "parallel", "data": {"max_concurrency": value}}])
    assert f"max_concurrency must be at least 1, got {value}" in message
    assert "node p" in message and "max_concurrency" in message


def test_max_concurrency_must_be_an_integer() -> None:
    assert "max_concurrency" in load_problems(
        [{"id": "p", "type": "parallel", "data": {"max_concurrency": 2.5}}]
    )
