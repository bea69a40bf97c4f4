"""``throttle``: pass the input on, keeping calls at least ``1 / requests_per_second`` apart.

The spacing holds per key (``key``, default the node id) across the whole run, loop bodies
included: the first call never waits, each later one waits until its slot. Waiting uses the
run's clock and is cancelled with the run. The result keeps the reference's shape:
``{"value", "throttled": true, "requests_per_second", "delay_ms"}`` where ``delay_ms`` is
the time this call waited, in whole milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeType, hookimpl, node_config

from ._pacing import MinimumInterval, PacingStore

__all__ = ["Throttle", "ThrottleConfig"]


@node_config
class ThrottleConfig:
    #: calls per second (any positive number; 0.5 = one call every two seconds)
    requests_per_second: float
    #: slot name; nodes with the same key and rate share one spacing
    key: str | None = None


class Throttle(NodeType[ThrottleConfig]):
    """Passes its input on, spacing calls to at most ``requests_per_second``."""

    type_name = "throttle"
    category = "flow"
    Config = ThrottleConfig

    def check_config(self, config: ThrottleConfig) -> Iterable[ConfigError]:
        if config.requests_per_second <= 0:
            yield ConfigError(
                f"requests_per_second must be positive, got {config.requests_per_second:.6f}",
                field="requests_per_second",
            )

    async def run(self, config: ThrottleConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        interval = 1.0 / config.requests_per_second
        fill = getattr(ctx, "interpolate", None)
        key = config.key if config.key is not None else ctx.node_id
        if fill is not None:
            key = str(fill(key))
        store = ctx.resource("pacing.store", PacingStore)
        now = ctx.clock.monotonic()
        slot = store.get(
            ctx.execution_id, "throttle", (key, interval), lambda: MinimumInterval(interval), now
        )
        wait = slot.reserve(now)
        if wait > 0:
            await ctx.sleep(wait)
        return {
            "value": inputs[0] if inputs else None,
            "throttled": True,
            "requests_per_second": config.requests_per_second,
            "delay_ms": int(wait * 1000),
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Throttle)
