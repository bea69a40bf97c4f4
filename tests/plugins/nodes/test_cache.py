from __future__ import annotations

import asyncio
from typing import Any

from thaiyyal import Engine, EngineConfig, ManualClock, NodeContext, NodeType, node_config

from ...helpers import plugin_set
from ._util import load_problems, run_nodes


def cache(node_id: str, op: str, key: str = "k", **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "cache", "data": {"cache_op": op, "cache_key": key, **extra}}


NUM = {"id": "v", "type": "number", "data": {"value": 9}}


def test_set_get_delete() -> None:
    r = run_nodes(
        [
            NUM,
            cache("put", "set", ttl="1m", max_size=3, eviction="lru", storage="memory"),
            cache("get", "get"),
            cache("del", "delete"),
            cache("get2", "get"),
        ],
        [("v", "put"), ("put", "get"), ("get", "del"), ("del", "get2")],
    )
    assert r.node_results["put"] == {"operation": "set", "key": "k", "value": 9.0, "ttl": "1m"}
    assert r.node_results["get"] == {"operation": "get", "key": "k", "found": True, "value": 9.0}
    assert r.node_results["del"] == {"operation": "delete", "key": "k", "deleted": True}
    # delete really removes (spec §3.6 thaiyyal)
    assert r.node_results["get2"] == {"operation": "get", "key": "k", "found": False, "value": None}


def test_set_without_ttl_reports_null() -> None:
    r = run_nodes([NUM, cache("put", "set")], [("v", "put")])
    assert r.node_results["put"]["ttl"] is None


def test_miss_and_zero_ttl() -> None:
    r = run_nodes(
        [NUM, cache("put", "set", ttl="0s"), cache("get", "get")], [("v", "put"), ("put", "get")]
    )
    assert r.node_results["get"]["found"] is False
    r = run_nodes(
        [NUM, cache("put", "set", ttl="-5s"), cache("get", "get")], [("v", "put"), ("put", "get")]
    )
    assert r.node_results["get"]["found"] is False


@node_config
class AdvanceConfig:
    seconds: float


class Advance(NodeType[AdvanceConfig]):
    """Moves the test's manual clock forward (stands in for time passing between nodes)."""

    type_name = "advance_clock"
    stateful = True
    Config = AdvanceConfig

    def run(self, config: AdvanceConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        ctx.clock.advance(config.seconds)  # type: ignore[attr-defined]
        return inputs[0] if inputs else None


def run_with_clock(nodes: list[dict[str, Any]], edges: list[tuple[str, str]], **config: Any) -> Any:
    plugins = plugin_set(Advance, builtin=["node-cache", "node-number"])
    engine = Engine(EngineConfig(**config), plugins=plugins, clock=ManualClock())
    body = {"nodes": nodes, "edges": [{"source": s, "target": t} for s, t in edges]}
    return asyncio.run(engine.run(body))


def test_expiry_uses_the_engine_clock() -> None:
    nodes = [
        NUM,
        cache("put", "set", ttl="10s"),
        {"id": "t1", "type": "advance_clock", "data": {"seconds": 9.5}},
        cache("g1", "get"),
        {"id": "t2", "type": "advance_clock", "data": {"seconds": 0.5}},
        cache("g2", "get"),
    ]
    edges = [("v", "put"), ("put", "t1"), ("t1", "g1"), ("g1", "t2"), ("t2", "g2")]
    r = run_with_clock(nodes, edges)
    assert r.node_results["g1"]["found"] is True
    assert r.node_results["g2"]["found"] is False


def test_default_ttl_is_the_config_default() -> None:
    nodes = [
        NUM,
        cache("put", "set"),
        {"id": "t1", "type": "advance_clock", "data": {"seconds": 119}},
        cache("g1", "get"),
        {"id": "t2", "type": "advance_clock", "data": {"seconds": 1}},
        cache("g2", "get"),
    ]
    edges = [("v", "put"), ("put", "t1"), ("t1", "g1"), ("g1", "t2"), ("t2", "g2")]
    r = run_with_clock(nodes, edges, default_cache_ttl=120.0)
    assert (r.node_results["g1"]["found"], r.node_results["g2"]["found"]) == (True, False)


def test_bare_milliseconds_ttl() -> None:
    nodes = [
        NUM,
        cache("put", "set", ttl="1500"),
        {"id": "t1", "type": "advance_clock", "data": {"seconds": 1.4}},
        cache("g1", "get"),
        {"id": "t2", "type": "advance_clock", "data": {"seconds": 0.1}},
        cache("g2", "get"),
    ]
    edges = [("v", "put"), ("put", "t1"), ("t1", "g1"), ("g1", "t2"), ("t2", "g2")]
    r = run_with_clock(nodes, edges)
    assert (r.node_results["g1"]["found"], r.node_results["g2"]["found"]) == (True, False)


def test_max_cache_size() -> None:
    nodes = [
        NUM,
        cache("a", "set", key="a", ttl="1s"),
        cache("b", "set", key="b"),
        {"id": "t", "type": "advance_clock", "data": {"seconds": 2}},
        cache("c", "set", key="c"),
        cache("d", "set", key="d"),
    ]
    edges = [("v", "a"), ("a", "b"), ("v", "b"), ("b", "t"), ("t", "c"), ("c", "d"), ("v", "d")]
    r = run_with_clock(nodes, edges, max_cache_size=2)
    assert "c" in r.node_results  # "a" had expired and was dropped to make room
    assert r.errors == ["error executing node d: maximum cache size exceeded: 3 (limit: 2)"]


def test_errors() -> None:
    assert run_nodes([cache("put", "set")]).errors == [
        "error executing node put: cache set operation requires an input value"
    ]
    assert "unsupported cache operation: clear (use get, set, or delete)" in load_problems(
        [cache("c", "clear")]
    )
    message = load_problems([cache("c", "set", ttl="soon")])
    assert (
        "invalid TTL format: invalid duration format: soon (use formats like '5s', '10m', '1h')"
        in message
    )
    assert "field ttl" in message
    # ttl is only read by set
    assert run_nodes([cache("g", "get", ttl="soon")]).node_results["g"]["found"] is False
