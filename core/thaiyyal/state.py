"""Run state: what stateful nodes share during one run.

One run owns one state: workflow variables (one flat namespace), the single shared
accumulator, the single shared counter, a cache with expiry, and context variables and
constants. Every run starts empty. Nodes reach it as ``ctx.state``; the engine creates it
through a factory, ``state_factory(config, clock)``, so a storage plugin can supply another
implementation (for example one that persists :meth:`RunState.snapshot` and resumes elsewhere).

Nodes that touch state declare it (``NodeType.stateful``), and the engine runs them in
canonical order relative to each other, so implementations need no locking.

The state enforces the engine's limits itself, so every way of writing it is checked:
variable and context values against the value limits (string bytes, array length, depth),
the number of variable names against ``max_variables``, and the number of cache entries
against ``max_cache_size``. Violations raise :class:`~thaiyyal.LimitExceeded` with the
message the node reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol

from .clock import SYSTEM_CLOCK, Clock
from .config import EngineConfig
from .errors import LimitExceeded
from .jsonout import format_datetime
from .limits import ValueLimits

__all__ = [
    "SNAPSHOT_VERSION",
    "MemoryRunState",
    "RunState",
    "StateFactory",
    "decode_state_value",
    "encode_state_value",
]

#: Version of the :meth:`RunState.snapshot` format.
SNAPSHOT_VERSION = 1


class RunState(Protocol):
    """The state of one run, as nodes use it.

    Reads go through the mappings; writes go through the ``set_*`` / ``cache_*`` methods,
    which enforce the limits. The accumulator and counter are plain attributes: their nodes
    define what may be stored there, and the engine checks every node result anyway.
    """

    #: The single accumulator shared by all accumulator nodes (``None`` until first used).
    accumulator: Any
    #: The single counter shared by all counter nodes (starts at 0).
    counter: float

    @property
    def variables(self) -> Mapping[str, Any]:
        """Workflow variables: one flat namespace per run (``variables.<name>``)."""
        ...

    def set_variable(self, name: str, value: Any, *, checked: bool = False) -> None:
        """Store a variable.

        Raises :class:`LimitExceeded` with ``variable validation failed: <problem>`` when
        the value breaks the value limits, or ``maximum variables exceeded: <n> (limit: <m>)``
        when ``name`` is new and ``max_variables`` names exist already. ``checked`` says the
        value already passed the value limits (a node result), so it is not walked again.
        """
        ...

    def copy(self) -> RunState:
        """An independent state with the same contents, made in time proportional to the
        number of entries (values are shared: run values are never mutated)."""
        ...

    def cache_get(self, key: str) -> tuple[bool, Any]:
        """``(found, value)``; an expired entry is not found."""
        ...

    def cache_set(self, key: str, value: Any, ttl: float | None = None) -> None:
        """Store ``value`` for ``ttl`` seconds (default: the config's ``default_cache_ttl``).

        A zero or negative ``ttl`` expires at once. When a new key would exceed
        ``max_cache_size``, expired entries are dropped first; if that is not enough,
        raises :class:`LimitExceeded` (``maximum cache size exceeded: <n> (limit: <m>)``).
        """
        ...

    def cache_delete(self, key: str) -> bool:
        """Remove ``key``; True when a live entry was removed."""
        ...

    @property
    def context_variables(self) -> Mapping[str, Any]:
        """Values set by ``context_variable`` nodes (``{{ variable.<name> }}``)."""
        ...

    @property
    def context_constants(self) -> Mapping[str, Any]:
        """Values set by ``context_constant`` nodes (``{{ const.<name> }}``)."""
        ...

    def set_context_variable(self, name: str, value: Any) -> None:
        """Store a context variable (``context variable validation failed: ...`` when too big)."""
        ...

    def set_context_constant(self, name: str, value: Any) -> None:
        """Store a context constant (``context constant validation failed: ...`` when too big).

        "Constants" may be overwritten by a later constant of the same name, as before.
        """
        ...

    @property
    def context(self) -> Mapping[str, Any]:
        """Context values as expressions read them (``context.<name>``): constants, overlaid
        by variables of the same name."""
        ...

    def snapshot(self) -> dict[str, Any]:
        """A JSON-able copy of the whole state (see :meth:`MemoryRunState.snapshot`)."""
        ...

    def restore(self, snapshot: Mapping[str, Any]) -> None:
        """Replace the whole state by a :meth:`snapshot`; raises ValueError when malformed."""
        ...


StateFactory = Callable[[EngineConfig, Clock], RunState]


class MemoryRunState:
    """In-process run state (the default ``state_factory``).

    Plain dicts behind read-only types: reads on the hot path (expressions looking up
    variables and context values) are single dict lookups. The merged context map is kept
    up to date on every write instead of being merged on every read.
    """

    __slots__ = (
        "_cache",
        "_context",
        "_context_constants",
        "_context_variables",
        "_limits",
        "_variables",
        "accumulator",
        "clock",
        "config",
        "counter",
    )

    def __init__(self, config: EngineConfig | None = None, clock: Clock = SYSTEM_CLOCK) -> None:
        self.config = config or EngineConfig()
        self.clock = clock
        self._limits = ValueLimits(self.config)
        self._variables: dict[str, Any] = {}
        self._context_variables: dict[str, Any] = {}
        self._context_constants: dict[str, Any] = {}
        self._context: dict[str, Any] = {}
        #: key -> (value, monotonic expiry time)
        self._cache: dict[str, tuple[Any, float]] = {}
        self.accumulator: Any = None
        self.counter: float = 0.0

    # ------------------------------------------------------------------ variables

    @property
    def variables(self) -> Mapping[str, Any]:
        return self._variables

    def _check(self, value: Any, what: str) -> None:
        problem = self._limits.check(value)
        if problem is not None:
            raise LimitExceeded(f"{what} validation failed: {problem}", limit="value")

    def set_variable(self, name: str, value: Any, *, checked: bool = False) -> None:
        if not checked:
            self._check(value, "variable")
        variables = self._variables
        limit = self.config.max_variables
        if limit and name not in variables and len(variables) >= limit:
            raise LimitExceeded(
                f"maximum variables exceeded: {len(variables)} (limit: {limit})",
                limit="max_variables",
                value=len(variables),
                maximum=limit,
            )
        variables[name] = value

    def copy(self) -> MemoryRunState:
        twin = MemoryRunState.__new__(MemoryRunState)
        twin.config = self.config
        twin.clock = self.clock
        twin._limits = self._limits
        twin._variables = dict(self._variables)
        twin._context_variables = dict(self._context_variables)
        twin._context_constants = dict(self._context_constants)
        twin._context = dict(self._context)
        twin._cache = dict(self._cache)
        twin.accumulator = self.accumulator
        twin.counter = self.counter
        return twin

    # ------------------------------------------------------------------ cache

    def cache_get(self, key: str) -> tuple[bool, Any]:
        entry = self._cache.get(key)
        if entry is None:
            return False, None
        if entry[1] <= self.clock.monotonic():
            del self._cache[key]
            return False, None
        return True, entry[0]

    def cache_set(self, key: str, value: Any, ttl: float | None = None) -> None:
        cache = self._cache
        now = self.clock.monotonic()
        limit = self.config.max_cache_size
        if limit and key not in cache and len(cache) >= limit:
            self._drop_expired(now)
            if len(cache) >= limit:
                raise LimitExceeded(
                    f"maximum cache size exceeded: {len(cache) + 1} (limit: {limit})",
                    limit="max_cache_size",
                    value=len(cache) + 1,
                    maximum=limit,
                )
        if ttl is None:
            ttl = self.config.default_cache_ttl
        cache[key] = (value, now + ttl)

    def _drop_expired(self, now: float) -> None:
        expired = [k for k, (_, expires) in self._cache.items() if expires <= now]
        for key in expired:
            del self._cache[key]

    def cache_delete(self, key: str) -> bool:
        entry = self._cache.pop(key, None)
        return entry is not None and entry[1] > self.clock.monotonic()

    @property
    def cache_size(self) -> int:
        """Number of live (unexpired) cache entries."""
        now = self.clock.monotonic()
        return sum(1 for _, expires in self._cache.values() if expires > now)

    # ------------------------------------------------------------------ context

    @property
    def context_variables(self) -> Mapping[str, Any]:
        return self._context_variables

    @property
    def context_constants(self) -> Mapping[str, Any]:
        return self._context_constants

    @property
    def context(self) -> Mapping[str, Any]:
        return self._context

    def set_context_variable(self, name: str, value: Any) -> None:
        self._check(value, "context variable")
        self._context_variables[name] = value
        self._context[name] = value

    def set_context_constant(self, name: str, value: Any) -> None:
        self._check(value, "context constant")
        self._context_constants[name] = value
        if name not in self._context_variables:
            self._context[name] = value

    # ------------------------------------------------------------------ snapshot

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain JSON data.

        ``{"version": 1, "variables": {...}, "accumulator": ..., "counter": ...,
        "cache": {key: {"value": ..., "ttl": <seconds left>}}, "context_variables": {...},
        "context_constants": {...}}``. Expired cache entries are left out; cache expiry is
        stored as the time left, so a restore on another machine (another monotonic clock)
        keeps it. Values go through :func:`encode_state_value` (date-times become
        ``{"$time": "<RFC 3339>"}``), and nothing in the snapshot is shared with the state.
        """
        now = self.clock.monotonic()
        return {
            "version": SNAPSHOT_VERSION,
            "variables": _encode_map(self._variables),
            "accumulator": encode_state_value(self.accumulator),
            "counter": self.counter,
            "cache": {
                key: {"value": encode_state_value(value), "ttl": expires - now}
                for key, (value, expires) in self._cache.items()
                if expires > now
            },
            "context_variables": _encode_map(self._context_variables),
            "context_constants": _encode_map(self._context_constants),
        }

    def restore(self, snapshot: Mapping[str, Any]) -> None:
        """Replace the whole state by ``snapshot`` (as made by :meth:`snapshot`).

        Values are not re-checked against the limits: a snapshot holds what a state accepted.
        Everything is decoded before anything is replaced, so a rejected snapshot leaves the
        state as it was.
        """
        if not isinstance(snapshot, Mapping):
            raise ValueError("invalid snapshot: expected an object")
        version = snapshot.get("version")
        if version != SNAPSHOT_VERSION:
            raise ValueError(
                f"unsupported snapshot version: {version!r} (expected {SNAPSHOT_VERSION})"
            )
        counter = snapshot.get("counter", 0.0)
        if isinstance(counter, bool) or not isinstance(counter, (int, float)):
            raise ValueError("invalid snapshot: counter must be a number")
        accumulator = decode_state_value(snapshot.get("accumulator"))
        variables = _decode_map(snapshot, "variables")
        context_variables = _decode_map(snapshot, "context_variables")
        context_constants = _decode_map(snapshot, "context_constants")
        raw_cache = snapshot.get("cache", {})
        if not isinstance(raw_cache, Mapping):
            raise ValueError("invalid snapshot: cache must be an object")
        now = self.clock.monotonic()
        cache: dict[str, tuple[Any, float]] = {}
        for key, entry in raw_cache.items():
            if not isinstance(entry, Mapping) or "value" not in entry:
                raise ValueError(f"invalid snapshot: cache entry {key!r} has no value")
            ttl = entry.get("ttl")
            if isinstance(ttl, bool) or not isinstance(ttl, (int, float)):
                raise ValueError(f"invalid snapshot: cache entry {key!r} has no numeric ttl")
            if ttl > 0:
                cache[str(key)] = (decode_state_value(entry["value"]), now + ttl)
        self._variables = variables
        self._context_variables = context_variables
        self._context_constants = context_constants
        self._context = {**context_constants, **context_variables}
        self._cache = cache
        self.accumulator = accumulator
        self.counter = float(counter)


# ---------------------------------------------------------------------- value encoding
#
# State values are JSON data plus timezone-aware date-times (epoch context values). A
# snapshot must be plain JSON, so date-times are tagged as {"$time": "..."}. An object of
# the user's own that happens to look like a tag (exactly one key starting with "$") is
# wrapped as {"$object": {...}}, so decoding never mistakes data for a tag.


def _is_tag_like(value: Mapping[str, Any]) -> bool:
    if len(value) != 1:
        return False
    (key,) = value
    return isinstance(key, str) and key.startswith("$")


def encode_state_value(value: Any) -> Any:
    """A JSON-able copy of a state value (date-times tagged, tag-like objects wrapped)."""
    cls = value.__class__
    if value is None or cls is str or cls is float or cls is int or cls is bool:
        return value
    if isinstance(value, Mapping):
        encoded = {str(k): encode_state_value(v) for k, v in value.items()}
        return {"$object": encoded} if _is_tag_like(encoded) else encoded
    if isinstance(value, (list, tuple)):
        return [encode_state_value(v) for v in value]
    if isinstance(value, datetime):
        return {"$time": format_datetime(value)}
    return value


def decode_state_value(value: Any) -> Any:
    """The inverse of :func:`encode_state_value`."""
    if isinstance(value, Mapping):
        if _is_tag_like(value):
            ((tag, inner),) = value.items()
            if tag == "$time" and isinstance(inner, str):
                return _parse_time(inner)
            if tag == "$object" and isinstance(inner, Mapping):
                return {str(k): decode_state_value(v) for k, v in inner.items()}
        return {str(k): decode_state_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_state_value(v) for v in value]
    return value


_TIME = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})")


def _parse_time(text: str) -> datetime:
    # fromisoformat of Python 3.10 only reads 3 or 6 fractional digits; normalise first.
    match = _TIME.fullmatch(text)
    if match is not None:
        base, fraction, zone = match.groups()
        micro = ((fraction or "") + "000000")[:6]
        try:
            return datetime.fromisoformat(f"{base}.{micro}{'+00:00' if zone == 'Z' else zone}")
        except ValueError:
            pass
    raise ValueError(f"invalid snapshot: bad time value {text!r}")


def _encode_map(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: encode_state_value(value) for name, value in values.items()}


def _decode_map(snapshot: Mapping[str, Any], key: str) -> dict[str, Any]:
    raw = snapshot.get(key, {})
    if not isinstance(raw, Mapping):
        raise ValueError(f"invalid snapshot: {key} must be an object")
    return {str(name): decode_state_value(value) for name, value in raw.items()}
