"""Time as the engine sees it, replaceable by a controllable clock in tests.

Everything time-dependent in a run (the run deadline, node timings, cache expiry, retry
backoff, delay) goes through a :class:`Clock`, so tests drive time instead of sleeping.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

__all__ = ["SYSTEM_CLOCK", "Clock", "ManualClock", "SystemClock"]


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a monotonic scale (for deadlines and durations)."""
        ...

    def time(self) -> float:
        """Wall-clock seconds since the epoch (for timestamps)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds``; cancellable."""
        ...


class SystemClock:
    """The real clock."""

    monotonic = staticmethod(time.perf_counter)
    time = staticmethod(time.time)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


SYSTEM_CLOCK = SystemClock()


class ManualClock:
    """A clock that only moves when told to: ``sleep`` advances it instantly.

    ``sleep`` still yields to the event loop once, so concurrent tasks interleave as they
    would with real time. ``sleeps`` records every requested sleep for assertions.
    """

    def __init__(self, start: float = 1_000.0, wall: float = 1_700_000_000.0) -> None:
        self._now = start
        self._wall_offset = wall - start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self._now

    def time(self) -> float:
        return self._now + self._wall_offset

    def advance(self, seconds: float) -> None:
        self._now += seconds

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self._now += max(0.0, seconds)
        await asyncio.sleep(0)
