"""Helpers for the array node tests: a literal feeder node, engines, direct calls.

The array nodes read only ``ctx.array_input`` and ``ctx.config``, so property tests call
``run`` directly with :class:`DirectContext` (fast, no engine); behaviour that depends on
the engine (wrapped outputs, load-time checks, limits, error texts) is tested through
:func:`run_workflow`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from thaiyyal import (
    Engine,
    EngineConfig,
    NodeContext,
    NodeType,
    RunResult,
    hookimpl,
    load_plugins,
    node_config,
)
from thaiyyal.converter import structure

ARRAY_TYPES = (
    "slice",
    "sort",
    "flat_map",
    "group_by",
    "unique",
    "chunk",
    "reverse",
    "zip",
    "sample",
    "range",
    "compact",
    "transpose",
)
#: Node types that take their array from ``inputs[0]`` (zip and range do not need one).
CONSUMERS = tuple(t for t in ARRAY_TYPES if t not in ("zip", "range"))
#: A valid minimal config per type.
MINIMAL_DATA: dict[str, dict[str, Any]] = {
    "group_by": {"field": "k"},
    "chunk": {"size": 2},
    "sample": {"count": 2, "seed": 7},
    "range": {"start": 1, "end": 3},
}


@node_config
class LiteralConfig:
    #: The value to return (JSON numbers become floats, as payload numbers do).
    value: Any = None
    #: JSON text to return decoded instead, keeping integers as ints (engine-made counts).
    json: str | None = None


class Literal(NodeType[LiteralConfig]):
    """Returns its configured value: feeds arbitrary inputs to the node under test."""

    type_name = "literal"
    category = "input"
    Config = LiteralConfig

    def run(self, config: LiteralConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return json.loads(config.json) if config.json is not None else config.value


class LiteralPlugin:
    @hookimpl
    def register_node_types(self, register: Any) -> None:
        register(Literal)


def engine(**config: Any) -> Engine:
    """An engine with the array plugins and ``literal``, server profile plus ``config``."""
    plugins = load_plugins(
        only=[f"node-{t}" for t in ARRAY_TYPES],
        extra={"test-literal": LiteralPlugin()},
        environ={},
    )
    return Engine(EngineConfig.server(**config), plugins=plugins)


_ENGINE = engine()


def run_workflow(
    nodes: list[dict[str, Any]],
    edges: list[tuple[str, str]] = (),  # type: ignore[assignment]
    eng: Engine | None = None,
) -> RunResult:
    payload = {
        "nodes": nodes,
        "edges": [{"source": s, "target": t} for s, t in edges],
    }
    return (eng or _ENGINE).run_sync(payload)


def literal(node_id: str, value: Any = None, *, json_text: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"value": value}
    if json_text is not None:
        data = {"json": json_text}
    return {"id": node_id, "type": "literal", "data": data}


def node(node_id: str, type_name: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {"id": node_id, "type": type_name, "data": dict(data or {})}


def run_on(
    type_name: str,
    data: Mapping[str, Any],
    value: Any = None,
    *,
    json_text: str | None = None,
    eng: Engine | None = None,
) -> RunResult:
    """Run node ``n`` of ``type_name`` fed by a literal node ``in`` holding ``value``."""
    return run_workflow(
        [literal("in", value, json_text=json_text), node("n", type_name, data)],
        [("in", "n")],
        eng,
    )


def result_on(type_name: str, data: Mapping[str, Any], value: Any = None, **kw: Any) -> Any:
    """The result of node ``n`` (see :func:`run_on`); fails the test when the run failed."""
    result = run_on(type_name, data, value, **kw)
    assert result.error is None, result.error
    return result.node_results["n"]


def error_on(type_name: str, data: Mapping[str, Any], value: Any = None, **kw: Any) -> str:
    """The run error text of a failing run (see :func:`run_on`)."""
    result = run_on(type_name, data, value, **kw)
    assert result.error is not None, result.node_results
    return str(result.error)


class DirectContext:
    """The part of :class:`NodeContext` the array nodes use, for direct ``run`` calls."""

    def __init__(self, config: EngineConfig | None = None) -> None:
        self.config = config or EngineConfig(max_array_length=0)

    def array_input(self, inputs: list[Any], index: int = 0) -> Any:
        return inputs[index] if index < len(inputs) else None


def call(
    node_type: type[NodeType[Any]],
    data: Mapping[str, Any],
    inputs: list[Any],
    config: EngineConfig | None = None,
) -> Any:
    """``node_type().run`` on a config structured from ``data``, without an engine."""
    instance = node_type()
    cfg = structure(dict(data), node_type.Config)
    return instance.run(cfg, inputs, DirectContext(config))  # type: ignore[arg-type]
