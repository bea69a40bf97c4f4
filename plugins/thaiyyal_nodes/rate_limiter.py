"""``rate_limiter``: pass the input on, waiting while the run is over its request budget.

``max_requests`` calls per ``per_duration`` are allowed per key (``key``, default the node
id) across the whole run, loop bodies included. ``strategy`` chooses how:

* ``fixed_window`` (default): a window opens at the first call and admits ``max_requests``
  calls; further calls wait for the next window.
* ``token_bucket``: a burst of ``max_requests``, then calls spaced ``per_duration /
  max_requests`` apart.

Waiting uses the run's clock and is cancelled with the run. Nodes share a bucket when their
key, limits and strategy are all equal. The result keeps the reference's shape:
``{"value", "rate_limited": true, "requests_count", "max_requests", "window"}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeType, hookimpl, node_config
from thaiyyal.durations import NANOS_PER_SECOND, DurationError, parse_duration

from ._pacing import FixedWindow, PacingStore, TokenBucket

__all__ = ["RateLimiter", "RateLimiterConfig"]

_STRATEGIES: dict[str, type[FixedWindow | TokenBucket]] = {
    "fixed_window": FixedWindow,
    "token_bucket": TokenBucket,
}


@node_config
class RateLimiterConfig:
    #: calls admitted per window (at least 1)
    max_requests: int
    #: window length: a duration (``"1s"``, ``"500ms"``, ``"1m"``) or bare milliseconds
    per_duration: str
    #: ``fixed_window`` (default) or ``token_bucket``
    strategy: str | None = None
    #: bucket name; nodes with the same key (and limits) share one budget
    key: str | None = None


def _period(config: RateLimiterConfig) -> float:
    return parse_duration(config.per_duration) / NANOS_PER_SECOND


class RateLimiter(NodeType[RateLimiterConfig]):
    """Passes its input on, waiting while the run is over its request budget."""

    type_name = "rate_limiter"
    category = "flow"
    Config = RateLimiterConfig

    def check_config(self, config: RateLimiterConfig) -> Iterable[ConfigError]:
        try:
            nanos = parse_duration(config.per_duration)
        except DurationError as exc:
            yield ConfigError(f"invalid per_duration format: {exc}", field="per_duration")
        else:
            if nanos <= 0:
                yield ConfigError(
                    f"per_duration must be positive, got {config.per_duration}",
                    field="per_duration",
                )
        strategy = config.strategy
        if strategy is not None and strategy not in _STRATEGIES:
            yield ConfigError(
                f"unsupported rate limit strategy: {strategy} "
                f"(supported: {', '.join(_STRATEGIES)})",
                field="strategy",
            )
        if config.max_requests < 1:
            yield ConfigError(
                f"max_requests must be at least 1, got {config.max_requests}",
                field="max_requests",
            )

    async def run(self, config: RateLimiterConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        period = _period(config)
        strategy = config.strategy or "fixed_window"
        fill = getattr(ctx, "interpolate", None)
        key = config.key if config.key is not None else ctx.node_id
        if fill is not None:
            key = str(fill(key))
        store = ctx.resource("pacing.store", PacingStore)
        kind = _STRATEGIES[strategy]
        bucket: FixedWindow | TokenBucket = store.get(
            ctx.execution_id,
            "rate_limiter",
            (key, strategy, config.max_requests, period),
            lambda: kind(config.max_requests, period),
            ctx.clock.monotonic(),
        )
        wait, count = bucket.reserve(ctx.clock.monotonic())
        if wait > 0:
            await ctx.sleep(wait)
        return {
            "value": inputs[0] if inputs else None,
            "rate_limited": True,
            "requests_count": count,
            "max_requests": config.max_requests,
            "window": config.per_duration,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(RateLimiter)
