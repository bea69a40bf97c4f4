"""``middleware-continue_on_error``: ``policy.continue_on_error`` keeps a run going when a
node fails; the node's result becomes ``policy.fallback_value`` when one is given, else an
error-shaped value ``{"error": "<message>", "error_caught": true}`` that ``try_catch`` and
``retry`` downstream recognise."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from thaiyyal import RunTimeout, hookimpl
from thaiyyal.errors import describe
from thaiyyal.resilience import POLICY_KEY

from ._policy import policy_of

Next = Callable[[list[Any]], Awaitable[Any]]


def continue_on_error_middleware(node: Any, config: Any) -> Any:
    policy = policy_of(node)
    if policy is None or not policy.continue_on_error:
        return None

    async def forgiving(ctx: Any, inputs: list[Any], call_next: Next) -> Any:
        try:
            return await call_next(inputs)
        except RunTimeout:
            raise
        except Exception as exc:
            ctx.logger.warning("node failed, continuing: {error}", error=describe(exc))
            if policy.has_fallback:
                return policy.fallback_value
            return {"error": describe(exc), "error_caught": True}

    return forgiving


@hookimpl
def register_middleware(register: Any) -> None:
    # outermost: only a failure that survives every retry is forgiven
    register("continue_on_error", continue_on_error_middleware, order=100, data_key=POLICY_KEY)
