"""``middleware-timeout``: ``policy.timeout`` bounds every call of a node."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from thaiyyal import LimitExceeded, hookimpl
from thaiyyal.durations import format_seconds
from thaiyyal.resilience import POLICY_KEY

from ._policy import policy_of

Next = Callable[[list[Any]], Awaitable[Any]]


def timeout_middleware(node: Any, config: Any) -> Any:
    policy = policy_of(node)
    if policy is None or policy.timeout is None:
        return None
    limit = policy.timeout

    async def bounded(ctx: Any, inputs: list[Any], call_next: Next) -> Any:
        try:
            return await asyncio.wait_for(call_next(inputs), limit)
        except asyncio.TimeoutError:
            raise LimitExceeded(
                f"node execution timeout after {format_seconds(limit)}",
                limit="policy.timeout",
                maximum=limit,
            ) from None

    return bounded


@hookimpl
def register_middleware(register: Any) -> None:
    # innermost: each retried attempt gets the whole limit
    register("timeout", timeout_middleware, order=300, data_key=POLICY_KEY)
