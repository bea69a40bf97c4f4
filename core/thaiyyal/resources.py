"""Engine-wide shared resources (HTTP sessions, connection pools, client registries).

Plugins ask for a resource by name with a factory; the first request creates it and later
requests, from any run of the same engine, share it. Resources bound to an event loop
(an ``aiohttp.ClientSession``) are kept per loop, so an engine used from several
``asyncio.run`` calls never hands out a resource whose loop is gone.
``Engine.aclose()`` closes every resource that has ``aclose()`` or ``close()``.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["Resources"]

T = TypeVar("T")


def _loop_key() -> int | None:
    try:
        return id(asyncio.get_running_loop())
    except RuntimeError:
        return None


class Resources:
    """Named resources created on first use, one per name per event loop."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, int | None], Any] = {}

    def get(self, name: str, factory: Callable[[], T]) -> T:
        key = (name, _loop_key())
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = factory()
        return found

    def peek(self, name: str) -> Any:
        """The resource of this loop if it exists, else None (never creates)."""
        return self._items.get((name, _loop_key()))

    async def aclose(self) -> None:
        """Close every resource created in the running loop (others cannot be awaited)."""
        loop = _loop_key()
        for key in [k for k in self._items if k[1] == loop]:
            item = self._items.pop(key)
            closer = getattr(item, "aclose", None) or getattr(item, "close", None)
            if closer is None:
                continue
            outcome = closer()
            if inspect.isawaitable(outcome):
                await outcome
