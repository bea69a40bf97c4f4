"""Helpers for the control-node tests (condition, switch, expression, filter, map, reduce,
find, partition, for_each, while_loop): engines with the built-in plugins plus the test
node types, payload builders, and ``probe``, a loop-body node that records concurrency,
start order and cancellation."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from typing import Any

import attrs

from thaiyyal import (
    Engine,
    EngineConfig,
    InvalidWorkflow,
    ManualClock,
    NodeContext,
    NodeError,
    NodeType,
    RunResult,
    load_plugins,
    node_config,
)

from ...helpers import NodeTypesPlugin
from ...nodes_for_tests import ALL

Edge = tuple[str, ...]  # (source, target) or (source, target, handle)


@attrs.define
class Tracker:
    """What the ``probe`` nodes of one test saw."""

    active: int = 0
    peak: int = 0
    started: list[int] = attrs.Factory(list)
    finished: list[int] = attrs.Factory(list)
    cancelled: list[int] = attrs.Factory(list)
    index_types: set[type] = attrs.Factory(set)


TRACKERS: dict[str, Tracker] = {}


def tracker(name: str) -> Tracker:
    TRACKERS[name] = found = Tracker()
    return found


@node_config
class ProbeConfig:
    tracker: str = "default"
    #: yield to the event loop (count - index) * spread times, so early items finish last
    spread: int = 0
    #: fail for these indexes
    fail_at: list[int] = attrs.Factory(list)
    #: wait on the real clock this long (cancellation tests)
    hang: float = 0.0


class Probe(NodeType[ProbeConfig]):
    """A loop-body node: returns ``variables.item * 10``; records itself in its tracker."""

    type_name = "probe"
    stateful = True
    Config = ProbeConfig

    async def run(self, config: ProbeConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        variables = ctx.state.variables
        index = int(variables["index"])
        seen = TRACKERS.setdefault(config.tracker, Tracker())
        seen.index_types.add(type(variables["index"]))
        seen.started.append(index)
        seen.active += 1
        seen.peak = max(seen.peak, seen.active)
        try:
            for _ in range((len(variables["items"]) - index) * config.spread):
                await asyncio.sleep(0)
            if config.hang:
                await asyncio.sleep(config.hang)
            if index in config.fail_at:
                raise NodeError(f"probe failed on {index}")
            seen.finished.append(index)
            return variables["item"] * 10
        except asyncio.CancelledError:
            seen.cancelled.append(index)
            raise
        finally:
            seen.active -= 1


def engine(clock: ManualClock | None = None, **config: Any) -> Engine:
    """The server profile plus ``config``, every built-in plugin, the test node types."""
    plugins = load_plugins(extra={"test-nodes": NodeTypesPlugin(*ALL, Probe)}, environ={})
    kwargs: dict[str, Any] = {"plugins": plugins}
    if clock is not None:
        kwargs["clock"] = clock
    return Engine(EngineConfig.server(**config), **kwargs)


def payload(nodes: Sequence[dict[str, Any]], edges: Sequence[Edge] = ()) -> dict[str, Any]:
    out_edges = []
    for edge in edges:
        item: dict[str, Any] = {"source": edge[0], "target": edge[1]}
        if len(edge) == 3:
            item["sourceHandle"] = edge[2]
        out_edges.append(item)
    return {"nodes": list(nodes), "edges": out_edges}


def n(node_id: str, type_name: str, **data: Any) -> dict[str, Any]:
    return {"id": node_id, "type": type_name, "data": data}


def const(node_id: str, value: Any) -> dict[str, Any]:
    """A node returning ``value`` (JSON integers become floats, as in payloads)."""
    return n(node_id, "const", value=value)


def run(
    nodes: Sequence[dict[str, Any]],
    edges: Sequence[Edge] = (),
    *,
    eng: Engine | None = None,
    **config: Any,
) -> RunResult:
    return asyncio.run((eng or engine(**config)).run(payload(nodes, edges)))


def on(type_name: str, data: dict[str, Any], value: Any, **config: Any) -> RunResult:
    """Run node ``n`` of ``type_name`` fed by a const node ``in`` holding ``value``."""
    return run([const("in", value), n("n", type_name, **data)], [("in", "n")], **config)


def result_on(type_name: str, data: dict[str, Any], value: Any, **config: Any) -> Any:
    result = on(type_name, data, value, **config)
    assert result.error is None, result.error
    return result.node_results["n"]


def error_on(type_name: str, data: dict[str, Any], value: Any, **config: Any) -> str:
    result = on(type_name, data, value, **config)
    assert result.error is not None, result.node_results
    return str(result.error)


def load_error(nodes: Sequence[dict[str, Any]], edges: Sequence[Edge] = (), **config: Any) -> str:
    try:
        engine(**config).load(payload(nodes, edges))
    except InvalidWorkflow as exc:
        return exc.message
    raise AssertionError("expected the workflow to be rejected")


def item_body(*nodes: dict[str, Any], edges: Sequence[Edge] = ()) -> dict[str, Any]:
    """A loop body whose first node gets ``variables.item`` (``get``) and feeds ``nodes``
    in a chain (or along ``edges`` when given)."""
    get = n("get", "variable", var_name="item", var_op="get")
    chain = [get, *nodes]
    if not edges:
        edges = [(a["id"], b["id"]) for a, b in itertools.pairwise(chain)]
    return payload(chain, edges)


def leftover_tasks() -> list[asyncio.Task[Any]]:
    current = asyncio.current_task()
    return [t for t in asyncio.all_tasks() if t is not current and not t.done()]


class Recorder:
    """Stands in for a parsed expression: records what ``index`` each evaluation saw."""

    def __init__(self, value: Any = True) -> None:
        self.value = value
        self.indexes: list[Any] = []

    def _record(self, scope: Any) -> Any:
        self.indexes.append(scope.names.get("index"))
        return self.value

    @property
    def tester(self) -> Any:
        return self._record

    @property
    def evaluator(self) -> Any:
        return self._record


class DirectContext:
    """The part of NodeContext the expression nodes read, for direct ``run`` calls."""

    def __init__(self, prepared: Any) -> None:
        from thaiyyal import MemoryRunState

        self.prepared = prepared
        self.state = MemoryRunState()
        self.results: dict[str, Any] = {}
        self.config = EngineConfig()

    def array_input(self, inputs: list[Any], index: int = 0) -> Any:
        return inputs[index] if index < len(inputs) else None
