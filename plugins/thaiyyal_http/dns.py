"""Name resolution for the SSRF checks, and the connector resolver that never resolves.

The checks resolve a host name once, with a :class:`Resolver`, and refuse the request unless
every address is allowed. The connection must then go to one of exactly those addresses: a
second lookup could answer differently (DNS rebinding). So the HTTP sessions use a
:class:`PinnedResolver`, which answers only with the addresses the checks approved for the
current request (handed over through a context variable, which is per task) and refuses
every other host. It never asks DNS itself.

Tests and embedding applications replace the system resolver with a :class:`StaticResolver`
(a fixed table), so verdicts can be checked without any network access.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Protocol

from aiohttp.abc import AbstractResolver, ResolveResult

__all__ = [
    "PinnedResolver",
    "Resolver",
    "StaticResolver",
    "SystemResolver",
    "pinned_addresses",
]


class Resolver(Protocol):
    """Turns a host name into IP address strings; raises ``OSError`` when it cannot."""

    async def resolve(self, host: str) -> list[str]: ...


class SystemResolver:
    """The operating system's resolver (``getaddrinfo`` in a worker thread)."""

    async def resolve(self, host: str) -> list[str]:
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        seen: dict[str, None] = {}
        for family, _, _, _, sockaddr in infos:
            if family in (socket.AF_INET, socket.AF_INET6):
                seen[str(sockaddr[0])] = None
        return list(seen)


class StaticResolver:
    """A fixed table of host → addresses; unknown hosts fail like an NXDOMAIN answer."""

    def __init__(self, table: Mapping[str, Sequence[str]] | None = None) -> None:
        self.table = {k.lower().rstrip("."): list(v) for k, v in (table or {}).items()}
        #: every host asked for, in order (tests assert what was looked up)
        self.queries: list[str] = []

    async def resolve(self, host: str) -> list[str]:
        self.queries.append(host)
        found = self.table.get(host.lower().rstrip("."))
        if found is None:
            raise OSError(f"no such host: {host}")
        return list(found)


_PINNED: ContextVar[Mapping[str, tuple[str, ...]] | None] = ContextVar(
    "thaiyyal_http_pinned", default=None
)


def _key(host: str) -> str:
    return host.lower().rstrip(".")


@contextlib.contextmanager
def pinned_addresses(host: str, addresses: Sequence[str]) -> Iterator[None]:
    """Within the block (and tasks started from it), ``host`` connects only to ``addresses``."""
    token = _PINNED.set({_key(host): tuple(addresses)})
    try:
        yield
    finally:
        _PINNED.reset(token)


class PinnedResolver(AbstractResolver):
    """Connector resolver that hands out only addresses pinned by the SSRF checks."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        pinned = _PINNED.get()
        addresses = pinned.get(_key(host)) if pinned is not None else None
        if not addresses:
            # Fail closed: a host the checks did not approve is never looked up here.
            raise OSError(f"no checked address for host {host}")
        out: list[ResolveResult] = []
        for address in addresses:
            is_v6 = ":" in address
            if (family == socket.AF_INET and is_v6) or (family == socket.AF_INET6 and not is_v6):
                continue
            out.append(
                {
                    "hostname": host,
                    "host": address,
                    "port": port,
                    "family": socket.AF_INET6 if is_v6 else socket.AF_INET,
                    "proto": 0,
                    "flags": socket.AI_NUMERICHOST,
                }
            )
        if not out:
            raise OSError(f"no checked address of the requested family for host {host}")
        return out

    async def close(self) -> None:
        return None
