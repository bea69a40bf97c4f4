"""Engines with the built-in plugins plus the test node types, for resilience tests."""

from __future__ import annotations

import asyncio
from itertools import pairwise
from typing import Any

from thaiyyal import Engine, EngineConfig, ManualClock, RunResult, load_plugins

from ...helpers import NodeTypesPlugin
from ...nodes_for_tests import ALL


def engine(clock: ManualClock | None = None, **config: Any) -> Engine:
    plugins = load_plugins(extra={"test-nodes": NodeTypesPlugin(*ALL)}, environ={})
    kwargs: dict[str, Any] = {"plugins": plugins}
    if clock is not None:
        kwargs["clock"] = clock
    return Engine(EngineConfig.server(**config), **kwargs)


def run(body: dict[str, Any], clock: ManualClock | None = None, **config: Any) -> RunResult:
    return asyncio.run(engine(clock, **config).run(body))


def chain(*nodes: dict[str, Any]) -> dict[str, Any]:
    """A straight chain of the given nodes, in order."""
    edges = [{"source": a["id"], "target": b["id"]} for a, b in pairwise(nodes)]
    return {"nodes": list(nodes), "edges": edges}


def n(node_id: str, type_name: str, **data: Any) -> dict[str, Any]:
    return {"id": node_id, "type": type_name, "data": data}
