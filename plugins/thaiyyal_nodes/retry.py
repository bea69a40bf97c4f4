"""``retry``: re-runs the node that feeds it until it succeeds or the attempts run out."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from thaiyyal import (
    ConfigError,
    NodeContext,
    NodeError,
    NodeFailed,
    NodeType,
    Outcome,
    hookimpl,
    node_config,
)
from thaiyyal.durations import DurationError
from thaiyyal.nodes import LoadContext
from thaiyyal.resilience import NOT_AN_ERROR, RetryPolicy, error_value, parse_seconds, retry_policy


@node_config
class RetryConfig:
    #: attempts in total, the first included (default: the engine's ``default_max_attempts``)
    max_attempts: int | None = None
    #: ``exponential`` (default), ``linear`` or ``constant``
    backoff_strategy: str = "exponential"
    #: delay before the second attempt (default: the engine's ``default_backoff``)
    initial_delay: str | None = None
    max_delay: str = "30s"
    multiplier: float = 2.0
    #: spread each delay by a random factor in [1 - jitter, 1 + jitter]
    jitter: float = 0.0
    #: retry only failures whose message contains one of these texts
    retry_on_errors: tuple[str, ...] = ()


def _seconds(text: str, field: str) -> float:
    try:
        return parse_seconds(text)
    except DurationError as exc:
        raise ConfigError(f"invalid {field} format: {exc}", field=field) from None


class Retry(NodeType[RetryConfig]):
    """Runs the node feeding it again, with backoff, until it succeeds or attempts run out.

    A failure of the wrapped node (or an error-shaped result such as
    ``{"error": "input is not an array"}``) does not fail the run while attempts remain.
    """

    type_name = "retry"
    category = "resilience"
    Config = RetryConfig
    guards_upstream = True

    def check_config(self, config: RetryConfig) -> Iterable[ConfigError]:
        try:
            self._policy(config, 1, 1.0)
        except ConfigError as exc:
            yield exc

    def prepare(self, config: RetryConfig, load: LoadContext) -> RetryPolicy:
        return self._policy(config, load.config.default_max_attempts, load.config.default_backoff)

    @staticmethod
    def _policy(config: RetryConfig, attempts: int, backoff: float) -> RetryPolicy:
        return retry_policy(
            max_attempts=config.max_attempts if config.max_attempts is not None else attempts,
            backoff_strategy=config.backoff_strategy,
            initial_delay=(
                _seconds(config.initial_delay, "initial_delay")
                if config.initial_delay is not None
                else backoff
            ),
            max_delay=_seconds(config.max_delay, "max_delay"),
            multiplier=config.multiplier,
            jitter=config.jitter,
            retry_on_errors=config.retry_on_errors,
        )

    async def guard(
        self, config: RetryConfig, attempt: Callable[[], Awaitable[Any]], ctx: NodeContext
    ) -> Outcome:
        policy: RetryPolicy = ctx.prepared
        rng = random.Random()
        started = ctx.clock.monotonic()
        attempts = 0
        while True:
            attempts += 1
            try:
                value = await attempt()
            except NodeFailed as exc:
                error: NodeError | NodeFailed = exc
                message = exc.reason
            else:
                found = error_value(value)
                if found is NOT_AN_ERROR:
                    return Outcome(value, None, attempts, ctx.clock.monotonic() - started)
                message = found if isinstance(found, str) else ""
                error = NodeError(message)
            if not policy.retries(message) or attempts >= policy.max_attempts:
                return Outcome(None, error, attempts, ctx.clock.monotonic() - started)
            await ctx.sleep(policy.backoff.delay(attempts, rng))

    def run(self, config: RetryConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        outcome = ctx.outcome
        if outcome is None:  # pragma: no cover - the engine always sets it
            raise NodeError("retry node requires at least one input")
        if outcome.ok:
            return {"value": outcome.value, "attempts": outcome.attempts, "success": True}
        policy: RetryPolicy = ctx.prepared
        if outcome.attempts < policy.max_attempts:
            raise NodeError(f"error not in retry list: {outcome.message}")
        raise NodeError(f"max retry attempts ({policy.max_attempts}) reached: {outcome.message}")


@hookimpl
def register_node_types(register: Any) -> None:
    register(Retry)
