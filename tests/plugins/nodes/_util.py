"""Running one node (or a small chain) through the real engine with the built-in plugins."""

from __future__ import annotations

import asyncio
from typing import Any

from thaiyyal import Engine, EngineConfig, RunResult


def run_nodes(
    nodes: list[dict[str, Any]],
    edges: list[tuple[str, str]] = (),
    **config: Any,  # type: ignore[assignment]
) -> RunResult:
    body = {"nodes": nodes, "edges": [{"source": s, "target": t} for s, t in edges]}
    return asyncio.run(Engine(EngineConfig.server(**config)).run(body))


def load_problems(nodes: list[dict[str, Any]], edges: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    from thaiyyal import InvalidWorkflow

    body = {"nodes": nodes, "edges": [{"source": s, "target": t} for s, t in edges]}
    try:
        Engine(EngineConfig.server()).load(body)
    except InvalidWorkflow as exc:
        return exc.message
    raise AssertionError("expected the workflow to be rejected")


def feed(value: Any, node: dict[str, Any]) -> RunResult:
    """Run ``node`` (id ``n``) with one input produced by a ``const``-like input node."""
    if isinstance(value, bool):
        source = {"id": "in", "type": "boolean_input", "data": {"boolean_value": value}}
    elif isinstance(value, (int, float)):
        source = {"id": "in", "type": "number", "data": {"value": value}}
    elif isinstance(value, str):
        source = {"id": "in", "type": "text_input", "data": {"text": value}}
    else:
        raise TypeError(value)
    return run_nodes([source, {"id": "n", **node}], [("in", "n")])
