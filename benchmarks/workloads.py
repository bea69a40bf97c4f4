"""The reference's benchmark workloads (spec/engine.md §8.1) plus large chains, as payloads."""

from __future__ import annotations

from typing import Any


def _num(node_id: str, value: float) -> dict[str, Any]:
    return {"id": node_id, "type": "number", "data": {"value": value}}


def _op(node_id: str, op: str) -> dict[str, Any]:
    return {"id": node_id, "type": "operation", "data": {"op": op}}


def _edges(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"source": s, "target": t} for s, t in pairs]


def simple() -> dict[str, Any]:
    return {
        "nodes": [_num("1", 10), _num("2", 20), _op("3", "add")],
        "edges": _edges(("1", "3"), ("2", "3")),
    }


def multiple_operations() -> dict[str, Any]:
    return {
        "nodes": [
            _num("1", 10),
            _num("2", 5),
            _op("3", "add"),
            _num("4", 3),
            _op("5", "multiply"),
            _num("6", 2),
            _op("7", "divide"),
        ],
        "edges": _edges(("1", "3"), ("2", "3"), ("3", "5"), ("4", "5"), ("5", "7"), ("6", "7")),
    }


def text_operations() -> dict[str, Any]:
    return {
        "nodes": [
            {"id": "1", "type": "text_input", "data": {"text": "hello world"}},
            {"id": "2", "type": "text_operation", "data": {"text_op": "uppercase"}},
            {"id": "3", "type": "text_operation", "data": {"text_op": "lowercase"}},
        ],
        "edges": _edges(("1", "2"), ("2", "3")),
    }


def large(count: int) -> dict[str, Any]:
    """Groups of three (two numbers and their sum); a trailing partial group has numbers only."""
    nodes: list[dict[str, Any]] = []
    pairs: list[tuple[str, str]] = []
    for i in range(0, count, 3):
        nodes.append(_num(f"num{i}", i + 1))
        if i + 1 < count:
            nodes.append(_num(f"num{i + 1}", i + 2))
        if i + 2 < count:
            nodes.append(_op(f"op{i}", "add"))
            pairs += [(f"num{i}", f"op{i}"), (f"num{i + 1}", f"op{i}")]
    return {"nodes": nodes, "edges": _edges(*pairs)}


def chain(count: int) -> dict[str, Any]:
    """A number followed by ``count - 1`` pass-through nodes, each feeding the next."""
    nodes = [_num("n0", 1)] + [
        {"id": f"n{i}", "type": "visualization", "data": {"mode": "text"}} for i in range(1, count)
    ]
    return {"nodes": nodes, "edges": _edges(*((f"n{i - 1}", f"n{i}") for i in range(1, count)))}


WORKLOADS = {
    "simple": simple,
    "multiple_operations": multiple_operations,
    "text_operations": text_operations,
    "large_20": lambda: large(20),
    "large_50": lambda: large(50),
    "large_100": lambda: large(100),
    "chain_10000": lambda: chain(10_000),
}
