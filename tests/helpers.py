"""Small builders shared by the core tests: throwaway plugins and payloads."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from loguru import logger

from thaiyyal import Engine, EngineConfig, NodeType, PluginSet, Problem, hookimpl, load_plugins


class NodeTypesPlugin:
    """A class-based plugin registering the given node types (tests only)."""

    def __init__(self, *node_types: type[NodeType[Any]]) -> None:
        self.node_types = node_types

    @hookimpl
    def register_node_types(self, register: Any) -> None:
        for node_type in self.node_types:
            register(node_type)


def plugin_set(
    *node_types: type[NodeType[Any]],
    builtin: Iterable[str] | None = (),
    extra: Iterable[object] = (),
) -> PluginSet:
    """Plugins for a test: the named built-in entry points plus ``node_types``."""
    plugins: dict[str, object] = {}
    if node_types:
        plugins["test-nodes"] = NodeTypesPlugin(*node_types)
    for i, plugin in enumerate(extra):
        plugins[f"test-extra-{i}"] = plugin
    return load_plugins(only=builtin, extra=plugins, environ={})


def engine(
    *node_types: type[NodeType[Any]],
    builtin: Iterable[str] | None = (),
    extra: Iterable[object] = (),
    **config: Any,
) -> Engine:
    return Engine(
        EngineConfig(**config), plugins=plugin_set(*node_types, builtin=builtin, extra=extra)
    )


def node(node_id: str, type_name: str | None = None, **data: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": node_id, "data": data}
    if type_name is not None:
        out["type"] = type_name
    return out


def edge(source: str, target: str, handle: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"source": source, "target": target}
    if handle is not None:
        out["sourceHandle"] = handle
    return out


def payload(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]] = (),  # type: ignore[assignment]
    **top: Any,
) -> dict[str, Any]:
    return {"nodes": nodes, "edges": list(edges), **top}


Location = tuple[str | None, int | None, str | None, int | None]


def located(problems: Iterable[Problem]) -> list[Location]:
    """Where each problem points, as ``(node_id, node_index, field, edge_index)``."""
    return [(p.node_id, p.node_index, p.field, p.edge_index) for p in problems]


def run(eng: Engine, body: Any) -> Any:
    return asyncio.run(eng.run(body))


@contextmanager
def captured_logs(level: str = "DEBUG", format: str = "{message}") -> Iterator[list[str]]:
    """Thaiyyal's log lines (with any traceback) while the block runs; logging is switched
    back off afterwards, as a library's is by default."""
    lines: list[str] = []
    logger.enable("thaiyyal")
    sink = logger.add(lambda message: lines.append(str(message)), level=level, format=format)
    try:
        yield lines
    finally:
        logger.remove(sink)
        logger.disable("thaiyyal")
