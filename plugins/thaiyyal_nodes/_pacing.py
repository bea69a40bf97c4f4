"""Run-scoped pacing state shared by ``rate_limiter`` and ``throttle`` nodes.

A rate limit only means something if every call of a run sees the same bucket: two nodes
naming the same ``key``, and one node inside a loop body that runs once per item, must
count against one budget. Run state is the natural home, but loop bodies get copies of it,
so the buckets live in an engine-wide resource keyed by the run's execution id (loop bodies
run under their parent's id), and each bucket records when it becomes indistinguishable
from a fresh one (its window is over, its tokens refilled). Such buckets are dropped, so the
store never grows with the number of runs an engine has served.

All bookkeeping happens synchronously between awaits: a call reserves its slot (and learns
how long to wait) before it sleeps, so concurrent calls never race for the same slot.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar

__all__ = ["FixedWindow", "MinimumInterval", "PacingStore", "TokenBucket"]

_PURGE_EVERY = 1.0  # seconds of clock time between sweeps of finished buckets


class Pacer(Protocol):
    #: clock time from which this pacer behaves exactly like a new one
    idle_at: float


P = TypeVar("P", bound=Pacer)


class PacingStore:
    """Pacers by ``(execution id, kind, key)``; an engine resource."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, Hashable], Any] = {}
        self._next_purge = float("-inf")

    def get(
        self, execution_id: str, kind: str, key: Hashable, factory: Callable[[], P], now: float
    ) -> P:
        if now >= self._next_purge:
            self._purge(now)
        full_key = (execution_id, kind, key)
        found = self._items.get(full_key)
        if found is None or found.idle_at <= now:
            found = self._items[full_key] = factory()
        return found  # type: ignore[no-any-return]

    def _purge(self, now: float) -> None:
        self._next_purge = now + _PURGE_EVERY
        for key in [k for k, v in self._items.items() if v.idle_at <= now]:
            del self._items[key]

    def __len__(self) -> int:
        return len(self._items)


class FixedWindow:
    """At most ``limit`` calls per window of ``period`` seconds; windows start at the first
    call after the previous window ended."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.start = float("-inf")
        self.count = 0
        self.idle_at = float("-inf")

    def reserve(self, now: float) -> tuple[float, int]:
        """``(seconds to wait, calls in the window including this one)``."""
        if now >= self.start + self.period:
            self.start, self.count = now, 0
        if self.count >= self.limit:
            self.start, self.count = self.start + self.period, 0
        self.count += 1
        self.idle_at = self.start + self.period
        return max(0.0, self.start - now), self.count


class TokenBucket:
    """A bucket of ``limit`` tokens refilled evenly over ``period`` seconds (a burst of
    ``limit``, then one call every ``period / limit``), kept as a theoretical arrival time."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.interval = period / limit
        self.tat = float("-inf")  # when the bucket will be full again
        self.admitted: deque[float] = deque()
        self.idle_at = float("-inf")

    def reserve(self, now: float) -> tuple[float, int]:
        tat = max(self.tat, now)
        at = max(now, tat + self.interval - self.period)
        self.tat = tat + self.interval
        self.idle_at = self.tat
        admitted = self.admitted
        admitted.append(at)
        while admitted and admitted[0] <= at - self.period:
            admitted.popleft()
        return at - now, len(admitted)


class MinimumInterval:
    """Calls at least ``interval`` seconds apart."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.next_at = float("-inf")
        self.idle_at = float("-inf")

    def reserve(self, now: float) -> float:
        at = max(now, self.next_at)
        self.next_at = self.idle_at = at + self.interval
        return at - now
