"""``timeout``: bounds how long the node feeding it may run."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from thaiyyal import (
    ConfigError,
    NodeContext,
    NodeError,
    NodeType,
    Outcome,
    hookimpl,
    node_config,
)
from thaiyyal.durations import DurationError, format_seconds
from thaiyyal.resilience import parse_seconds


@node_config
class TimeoutConfig:
    #: the limit, e.g. ``"5s"``
    timeout: str
    #: ``error`` (default): exceeding the limit fails the run; anything else
    #: (``continue_with_partial``) reports a null value marked as timed out
    timeout_action: str = "error"


def _limit(config: TimeoutConfig) -> float:
    try:
        return parse_seconds(config.timeout)
    except DurationError:
        raise ConfigError(f"invalid timeout duration: {config.timeout}", field="timeout") from None


class Timeout(NodeType[TimeoutConfig]):
    """Cancels the node feeding it when it runs longer than ``timeout``."""

    type_name = "timeout"
    category = "resilience"
    Config = TimeoutConfig
    guards_upstream = True

    def check_config(self, config: TimeoutConfig) -> Iterable[ConfigError]:
        try:
            _limit(config)
        except ConfigError as exc:
            yield exc

    async def guard(
        self, config: TimeoutConfig, attempt: Callable[[], Awaitable[Any]], ctx: NodeContext
    ) -> Outcome:
        limit = _limit(config)
        started = ctx.clock.monotonic()
        try:
            value = await asyncio.wait_for(attempt(), max(limit, 0.0))
        except asyncio.TimeoutError:
            elapsed = limit  # it was cancelled when the limit ran out
            message = (
                f"operation timed out after {format_seconds(elapsed)} "
                f"(limit: {format_seconds(limit)})"
            )
            return Outcome(None, NodeError(message), 1, elapsed, timed_out=True)
        return Outcome(value, None, 1, ctx.clock.monotonic() - started)

    def run(self, config: TimeoutConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        outcome = ctx.outcome
        if outcome is None:  # pragma: no cover - the engine always sets it
            raise NodeError("timeout node requires at least one input")
        limit = _limit(config)
        result: dict[str, Any] = {
            "value": outcome.value,
            "timeout_duration": format_seconds(limit),
            "execution_time": format_seconds(outcome.elapsed),
            "timed_out": outcome.timed_out,
        }
        if outcome.timed_out:
            if config.timeout_action == "error":
                raise NodeError(outcome.message)
            result["timeout_exceeded"] = True
            result["partial_result"] = True
        return result


@hookimpl
def register_node_types(register: Any) -> None:
    register(Timeout)
