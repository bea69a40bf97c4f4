"""``delay``: wait, then pass the input on.

The wait goes through ``ctx.sleep``: it is cancellable, it can never outlive the run's
deadline (the run then fails with the workflow timeout), and the engine bounds it by
``max_node_execution_time`` like every node call. The duration is checked when the workflow
is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeType, hookimpl, node_config
from thaiyyal.durations import NANOS_PER_SECOND, DurationError, parse_duration


@node_config
class DelayConfig:
    #: A duration (``"500ms"``, ``"2s"``, ``"1m30s"``, or bare milliseconds ``"250"``).
    duration: str


class Delay(NodeType[DelayConfig]):
    """Wait for ``duration``, then pass the first input on (negative: no wait)."""

    type_name = "delay"
    category = "flow"
    Config = DelayConfig

    def check_config(self, config: DelayConfig) -> Iterable[ConfigError]:
        try:
            parse_duration(config.duration)
        except DurationError as exc:
            yield ConfigError(f"invalid duration format: {exc}", field="duration")

    async def run(self, config: DelayConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        nanos = parse_duration(config.duration)
        if nanos > 0:
            await ctx.sleep(nanos / NANOS_PER_SECOND)
        return {
            "value": inputs[0] if inputs else None,
            "duration": config.duration,
            "delayed": True,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Delay)
