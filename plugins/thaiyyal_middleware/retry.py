"""``middleware-retry``: ``policy.retry`` re-runs a failing node with backoff."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from typing import Any

from thaiyyal import NodeError, RunTimeout, hookimpl
from thaiyyal.errors import describe
from thaiyyal.resilience import POLICY_KEY

from ._policy import policy_of

Next = Callable[[list[Any]], Awaitable[Any]]


def retry_middleware(node: Any, config: Any) -> Any:
    node_policy = policy_of(node)
    if node_policy is None or node_policy.retry is None:
        return None
    policy = node_policy.retry

    async def retrying(ctx: Any, inputs: list[Any], call_next: Next) -> Any:
        rng = random.Random()
        attempt = 0
        while True:
            attempt += 1
            try:
                return await call_next(inputs)
            except RunTimeout:
                raise
            except Exception as exc:
                message = describe(exc)
                if not policy.retries(message):
                    raise
                if attempt >= policy.max_attempts:
                    raise NodeError(
                        f"node execution failed after {attempt - 1} retries: {message}"
                    ) from exc
            await ctx.sleep(policy.backoff.delay(attempt, rng))

    return retrying


@hookimpl
def register_middleware(register: Any) -> None:
    register("retry", retry_middleware, order=200, data_key=POLICY_KEY)
