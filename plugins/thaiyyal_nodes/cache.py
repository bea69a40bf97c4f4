"""``cache``: a run-scoped key-value cache with expiry.

``set`` stores the first input for ``ttl`` (a duration; default the engine's
``default_cache_ttl``), ``get`` reports whether a live entry exists and its value, ``delete``
removes the entry. Expiry is read from the engine's clock. The run state enforces
``max_cache_size``: expired entries are dropped first, then a new key beyond the limit fails
with ``maximum cache size exceeded: <n> (limit: <m>)``. ``max_size``, ``eviction`` and
``storage`` are accepted and ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.durations import NANOS_PER_SECOND, DurationError, parse_duration

CACHE_OPS = ("get", "set", "delete")


@node_config
class CacheConfig:
    #: ``get``, ``set`` or ``delete``.
    cache_op: str
    #: The entry's key.
    cache_key: str
    #: ``set`` only: how long the entry lives (``"30s"``, ``"5m"``, bare milliseconds).
    ttl: str | None = None
    #: Accepted and ignored (the engine's ``max_cache_size`` bounds the cache).
    max_size: Any = None
    #: Accepted and ignored.
    eviction: Any = None
    #: Accepted and ignored (the cache lives in the run state).
    storage: Any = None


class Cache(NodeType[CacheConfig]):
    """Get, set or delete an entry of the run's cache."""

    type_name = "cache"
    category = "flow"
    Config = CacheConfig
    stateful = True

    def check_config(self, config: CacheConfig) -> Iterable[ConfigError]:
        if config.cache_op not in CACHE_OPS:
            yield ConfigError(
                f"unsupported cache operation: {config.cache_op} (use get, set, or delete)",
                field="cache_op",
            )
        elif config.cache_op == "set" and config.ttl is not None:
            try:
                parse_duration(config.ttl)
            except DurationError as exc:
                yield ConfigError(f"invalid TTL format: {exc}", field="ttl")

    def run(self, config: CacheConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        key = config.cache_key
        state = ctx.state
        op = config.cache_op
        if op == "get":
            found, value = state.cache_get(key)
            return {"operation": "get", "key": key, "found": found, "value": value}
        if op == "delete":
            state.cache_delete(key)
            return {"operation": "delete", "key": key, "deleted": True}
        if not inputs:
            raise NodeError("cache set operation requires an input value")
        value = inputs[0]
        ttl = None if config.ttl is None else parse_duration(config.ttl) / NANOS_PER_SECOND
        state.cache_set(key, value, ttl)
        return {"operation": "set", "key": key, "value": value, "ttl": config.ttl}


@hookimpl
def register_node_types(register: Any) -> None:
    register(Cache)
