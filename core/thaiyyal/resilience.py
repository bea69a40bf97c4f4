"""Retry, timeout and continue-on-error settings, shared by the resilience nodes and the
per-node policy middleware.

A node's ``data`` may carry one reserved key, ``policy``, read by the middleware plugins
(``middleware-retry``, ``middleware-timeout``, ``middleware-continue_on_error``)::

    "policy": {
        "retry": {"max_attempts": 3, "backoff_strategy": "exponential",
                  "initial_delay": "100ms", "max_delay": "10s", "multiplier": 2,
                  "jitter": 0.2, "retry_on_errors": ["timeout"]},
        "timeout": "5s",
        "continue_on_error": true,
        "fallback_value": null
    }

Backoff follows the retry node's rules: the delay before attempt ``k + 1`` is
``initial × multiplier^(k-1)`` (exponential), ``initial × k`` (linear) or ``initial``
(constant, and any other strategy name), capped at ``max_delay``, then spread by
``jitter`` (0.2 → a random factor in [0.8, 1.2]).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import attrs

from .converter import ConversionFailed, structure
from .durations import NANOS_PER_SECOND, DurationError, parse_duration
from .errors import ConfigError

__all__ = [
    "NOT_AN_ERROR",
    "POLICY_KEY",
    "Backoff",
    "NodePolicy",
    "RetryPolicy",
    "error_value",
    "parse_seconds",
    "read_policy",
]

#: The reserved key of node ``data`` holding per-node execution settings.
POLICY_KEY = "policy"


def parse_seconds(text: str) -> float:
    """A config duration as float seconds (raises DurationError with the reference text)."""
    return parse_duration(text) / NANOS_PER_SECOND


@attrs.frozen
class Backoff:
    """How long to wait before the next attempt."""

    strategy: str = "exponential"
    initial: float = 1.0
    maximum: float = 30.0
    multiplier: float = 2.0
    jitter: float = 0.0

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if self.strategy == "exponential":
            base = self.initial * self.multiplier ** (attempt - 1)
        elif self.strategy == "linear":
            base = self.initial * attempt
        else:
            base = self.initial
        base = min(base, self.maximum)
        if self.jitter > 0:
            spread = (rng or random).uniform(-self.jitter, self.jitter)
            base = max(0.0, base * (1.0 + spread))
        return base


@attrs.frozen
class RetryPolicy:
    max_attempts: int = 3
    backoff: Backoff = Backoff()
    retry_on_errors: tuple[str, ...] = ()

    def retries(self, message: str) -> bool:
        """Whether a failure with this message is worth another attempt."""
        return not self.retry_on_errors or any(p in message for p in self.retry_on_errors)


@attrs.frozen
class NodePolicy:
    """The parsed ``policy`` of one node."""

    retry: RetryPolicy | None = None
    timeout: float | None = None
    continue_on_error: bool = False
    fallback_value: Any = None
    has_fallback: bool = False


@attrs.frozen(kw_only=True)
class _RetrySettings:
    max_attempts: int = 3
    backoff_strategy: str = "exponential"
    initial_delay: str = "1s"
    max_delay: str = "30s"
    multiplier: float = 2.0
    jitter: float = 0.0
    retry_on_errors: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class _PolicySettings:
    retry: _RetrySettings | None = None
    timeout: str | None = None
    continue_on_error: bool = False
    fallback_value: Any = None


def _duration(text: str, field: str) -> float:
    try:
        return parse_seconds(text)
    except DurationError as exc:
        raise ConfigError(str(exc), field=field) from None


def retry_policy(
    *,
    max_attempts: int,
    backoff_strategy: str,
    initial_delay: float,
    max_delay: float,
    multiplier: float,
    jitter: float,
    retry_on_errors: tuple[str, ...],
    field: str = "",
) -> RetryPolicy:
    """Check and build a retry policy (``field`` prefixes the names in errors)."""
    if max_attempts < 1:
        raise ConfigError(
            f"max_attempts must be at least 1, got {max_attempts}", field=f"{field}max_attempts"
        )
    if not 0.0 <= jitter < 1.0:
        raise ConfigError(f"jitter must be in [0, 1), got {jitter}", field=f"{field}jitter")
    if multiplier < 0:
        raise ConfigError(
            f"multiplier must be non-negative, got {multiplier}", field=f"{field}multiplier"
        )
    backoff = Backoff(
        backoff_strategy, max(0.0, initial_delay), max(0.0, max_delay), multiplier, jitter
    )
    return RetryPolicy(max_attempts, backoff, retry_on_errors)


def read_policy(data: Mapping[str, Any]) -> NodePolicy | None:
    """The ``policy`` of a node's data, or None; raises ConfigError naming the bad field."""
    raw = data.get(POLICY_KEY)
    if raw is None:
        return None
    try:
        settings = structure(raw, _PolicySettings)
    except ConversionFailed as exc:
        path, message = exc.problems[0]
        field = f"{POLICY_KEY}.{path}" if path else POLICY_KEY
        raise ConfigError(message, field=field) from None
    retry = None
    if settings.retry is not None:
        r = settings.retry
        field = f"{POLICY_KEY}.retry."
        retry = retry_policy(
            max_attempts=r.max_attempts,
            backoff_strategy=r.backoff_strategy,
            initial_delay=_duration(r.initial_delay, field + "initial_delay"),
            max_delay=_duration(r.max_delay, field + "max_delay"),
            multiplier=r.multiplier,
            jitter=r.jitter,
            retry_on_errors=r.retry_on_errors,
            field=field,
        )
    timeout = None
    if settings.timeout is not None:
        timeout = _duration(settings.timeout, f"{POLICY_KEY}.timeout")
        if timeout <= 0:
            raise ConfigError(
                f"timeout must be positive, got {settings.timeout}", field=f"{POLICY_KEY}.timeout"
            )
    has_fallback = isinstance(raw, Mapping) and "fallback_value" in raw
    return NodePolicy(
        retry, timeout, settings.continue_on_error, settings.fallback_value, has_fallback
    )


_NOT_AN_ERROR: Any = object()


def error_value(value: Any) -> Any:
    """The ``error`` entry of an error-shaped value (an object with an ``error`` key, which
    may even be null), else the sentinel :data:`NOT_AN_ERROR`.

    Array nodes report bad input this way instead of failing, and resilience nodes treat
    such values as failures, as the original engine does.
    """
    if type(value) is dict and "error" in value:
        return value["error"]
    return _NOT_AN_ERROR


#: Returned by :func:`error_value` for values that are not error-shaped.
NOT_AN_ERROR: Any = _NOT_AN_ERROR
