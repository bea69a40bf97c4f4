from __future__ import annotations

from itertools import pairwise
from typing import Any

from ._util import load_problems, run_nodes


def counter(node_id: str, op: str, **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "counter", "data": {"counter_op": op, **extra}}


def chain(*nodes: dict[str, Any], **limits: Any) -> dict[str, Any]:
    edges = [(a["id"], b["id"]) for a, b in pairwise(nodes)]
    return run_nodes(list(nodes), edges, **limits).node_results


def test_increment_decrement_get_reset() -> None:
    results = chain(
        counter("a", "increment"),
        counter("b", "increment", delta=2.5),
        counter("c", "decrement", delta=1),
        counter("d", "get"),
        counter("e", "reset"),
    )
    assert [results[k]["value"] for k in "abcde"] == [1.0, 3.5, 2.5, 2.5, 0.0]
    assert results["d"] == {"operation": "get", "value": 2.5}


def test_initial_value_reseeds_every_time_the_node_runs() -> None:
    results = chain(
        counter("a", "increment", initial_value=10),
        counter("b", "increment"),
        counter("c", "increment", initial_value=10),
        counter("d", "reset", initial_value=4),
        counter("e", "get", initial_value="ignored"),
    )
    assert [results[k]["value"] for k in "abcde"] == [11.0, 12.0, 11.0, 4.0, 4.0]


def test_inputs_are_ignored() -> None:
    r = run_nodes(
        [{"id": "t", "type": "text_input", "data": {"text": "x"}}, counter("c", "increment")],
        [("t", "c")],
    )
    assert r.node_results["c"] == {"operation": "increment", "value": 1.0}


def test_config_errors() -> None:
    assert (
        "unsupported counter operation: multiply (use increment, decrement, reset, or get)"
        in load_problems([counter("c", "multiply")])
    )
    message = load_problems([counter("c", "increment", delta="2")])
    assert "node c" in message and "delta" in message
