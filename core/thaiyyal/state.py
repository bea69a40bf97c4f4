"""Run state: what stateful nodes share during one run.

One run owns one state: workflow variables (one flat namespace), the single shared
accumulator, the single shared counter, a cache with expiry, and context variables and
constants. Every run starts empty. Nodes reach it as ``ctx.state``; the engine creates it
through a factory so a storage plugin can supply another implementation (for example one
that can be snapshotted and resumed elsewhere).

Nodes that touch state declare it (``NodeType.stateful``), and the engine runs them in
canonical order relative to each other, so implementations need no locking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any, Protocol

from .clock import SYSTEM_CLOCK, Clock
from .config import EngineConfig

__all__ = ["ContextView", "MemoryRunState", "RunState", "StateFactory"]

_UNSET: Any = object()


class RunState(Protocol):
    """The state of one run, as nodes use it."""

    @property
    def variables(self) -> MutableMapping[str, Any]:
        """Workflow variables: one flat namespace per run."""
        ...

    @property
    def context_variables(self) -> MutableMapping[str, Any]: ...

    @property
    def context_constants(self) -> MutableMapping[str, Any]: ...

    #: The single accumulator shared by all accumulator nodes (``None`` until first used).
    accumulator: Any
    #: The single counter shared by all counter nodes.
    counter: float

    def cache_get(self, key: str) -> tuple[bool, Any]:
        """``(found, value)``; an expired entry is not found."""
        ...

    def cache_set(self, key: str, value: Any, ttl: float) -> None:
        """Store ``value`` for ``ttl`` seconds."""
        ...

    def cache_delete(self, key: str) -> bool:
        """Remove ``key``; True when it was present."""
        ...

    @property
    def context(self) -> Mapping[str, Any]:
        """Context values as expressions read them: constants overlaid by variables."""
        ...

    def snapshot(self) -> dict[str, Any]:
        """A JSON-able copy of the whole state."""
        ...


StateFactory = Callable[[EngineConfig, Clock], RunState]


class ContextView(Mapping[str, Any]):
    """Read-only merge of context constants and variables; a variable wins a name clash."""

    __slots__ = ("_constants", "_variables")

    def __init__(self, constants: Mapping[str, Any], variables: Mapping[str, Any]) -> None:
        self._constants = constants
        self._variables = variables

    def __getitem__(self, key: str) -> Any:
        value = self._variables.get(key, _UNSET)
        if value is _UNSET:
            return self._constants[key]
        return value

    def __iter__(self) -> Iterator[str]:
        yield from self._constants
        for key in self._variables:
            if key not in self._constants:
                yield key

    def __len__(self) -> int:
        return len(self._constants.keys() | self._variables.keys())


class MemoryRunState:
    """In-process run state (the default)."""

    def __init__(self, config: EngineConfig | None = None, clock: Clock = SYSTEM_CLOCK) -> None:
        self.config = config or EngineConfig()
        self.clock = clock
        self.variables: dict[str, Any] = {}
        self.context_variables: dict[str, Any] = {}
        self.context_constants: dict[str, Any] = {}
        self.accumulator: Any = None
        self.counter: float = 0.0
        self._cache: dict[str, tuple[Any, float]] = {}
        self._context = ContextView(self.context_constants, self.context_variables)

    def cache_get(self, key: str) -> tuple[bool, Any]:
        entry = self._cache.get(key)
        if entry is None or entry[1] <= self.clock.monotonic():
            return False, None
        return True, entry[0]

    def cache_set(self, key: str, value: Any, ttl: float) -> None:
        self._cache[key] = (value, self.clock.monotonic() + ttl)

    def cache_delete(self, key: str) -> bool:
        return self._cache.pop(key, None) is not None

    @property
    def context(self) -> Mapping[str, Any]:
        return self._context

    def snapshot(self) -> dict[str, Any]:
        now = self.clock.monotonic()
        return {
            "variables": dict(self.variables),
            "accumulator": self.accumulator,
            "counter": self.counter,
            "cache": {
                k: {"value": v, "ttl": exp - now}
                for k, (v, exp) in self._cache.items()
                if exp > now
            },
            "context_variables": dict(self.context_variables),
            "context_constants": dict(self.context_constants),
        }
