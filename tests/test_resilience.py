"""Backoff arithmetic and retry-policy checks of ``thaiyyal.resilience``."""

from __future__ import annotations

import random
from typing import Any

import pytest

from thaiyyal.errors import ConfigError
from thaiyyal.resilience import Backoff, NodePolicy, RetryPolicy, read_policy, retry_policy


class FixedSpread(random.Random):
    """A random source whose ``uniform`` always lands on one chosen point of the range."""

    def __init__(self, where: float) -> None:
        super().__init__(0)
        self.where = where
        self.asked: list[tuple[float, float]] = []

    def uniform(self, a: float, b: float) -> float:
        self.asked.append((a, b))
        return a + (b - a) * self.where


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        ("exponential", [0.5, 1.5, 4.5, 6.0, 6.0]),
        ("linear", [0.5, 1.0, 1.5, 2.0, 2.5]),
        ("constant", [0.5, 0.5, 0.5, 0.5, 0.5]),
    ],
)
def test_delays_per_strategy_capped_at_the_maximum(strategy: str, expected: list[float]) -> None:
    backoff = Backoff(strategy, initial=0.5, maximum=6.0, multiplier=3.0)
    assert [backoff.delay(attempt) for attempt in range(1, 6)] == expected


def test_jitter_scales_the_capped_delay_by_one_plus_the_spread() -> None:
    backoff = Backoff("constant", initial=2.0, maximum=30.0, jitter=0.25)
    low, middle, high = FixedSpread(0.0), FixedSpread(0.5), FixedSpread(1.0)
    assert backoff.delay(1, low) == pytest.approx(1.5)
    assert backoff.delay(1, middle) == pytest.approx(2.0)
    assert backoff.delay(1, high) == pytest.approx(2.5)
    assert low.asked == [(-0.25, 0.25)]


def test_jitter_applies_after_the_cap_and_never_goes_below_zero() -> None:
    capped = Backoff("exponential", initial=1.0, maximum=4.0, multiplier=10.0, jitter=0.5)
    assert capped.delay(3, FixedSpread(1.0)) == pytest.approx(6.0)  # min(100, 4) * 1.5
    tiny = Backoff("constant", initial=0.0, maximum=1.0, jitter=0.5)
    assert tiny.delay(1, FixedSpread(0.0)) == 0.0


def test_without_jitter_no_random_number_is_drawn() -> None:
    spy = FixedSpread(0.0)
    assert Backoff("constant", initial=1.0).delay(1, spy) == 1.0
    assert spy.asked == []


def make(**overrides: Any) -> RetryPolicy:
    settings: dict[str, Any] = {
        "max_attempts": 3,
        "backoff_strategy": "exponential",
        "initial_delay": 1.0,
        "max_delay": 30.0,
        "multiplier": 2.0,
        "jitter": 0.0,
        "retry_on_errors": (),
        "field": "retry.",
    }
    return retry_policy(**{**settings, **overrides})


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"max_attempts": 0}, "retry.max_attempts", "max_attempts must be at least 1, got 0"),
        ({"jitter": 1.0}, "retry.jitter", "jitter must be in [0, 1), got 1.0"),
        ({"jitter": -0.1}, "retry.jitter", "jitter must be in [0, 1), got -0.1"),
        ({"multiplier": -1.0}, "retry.multiplier", "multiplier must be non-negative, got -1.0"),
    ],
)
def test_impossible_policies_name_their_field(
    overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        make(**overrides)
    assert str(raised.value) == message
    assert raised.value.field == field


def test_edge_values_that_are_allowed() -> None:
    assert make(max_attempts=1).max_attempts == 1
    assert make(multiplier=0.0).backoff.multiplier == 0.0
    assert make(jitter=0.99).backoff.jitter == 0.99
    clamped = make(initial_delay=-1.0, max_delay=-2.0).backoff
    assert (clamped.initial, clamped.maximum) == (0.0, 0.0)


def test_a_node_without_a_policy_has_none() -> None:
    assert read_policy({"value": 1}) is None
    assert read_policy({"policy": None}) is None


def test_read_policy_parses_every_documented_setting() -> None:
    policy = read_policy(
        {
            "policy": {
                "retry": {
                    "max_attempts": 4,
                    "backoff_strategy": "linear",
                    "initial_delay": "200ms",
                    "max_delay": "5s",
                    "multiplier": 3,
                    "jitter": 0.2,
                    "retry_on_errors": ["503"],
                },
                "timeout": "250ms",
                "continue_on_error": True,
                "fallback_value": [],
            }
        }
    )
    assert policy == NodePolicy(
        retry=RetryPolicy(4, Backoff("linear", 0.2, 5.0, 3.0, 0.2), ("503",)),
        timeout=0.25,
        continue_on_error=True,
        fallback_value=[],
        has_fallback=True,
    )


def test_a_timeout_alone_leaves_retry_and_fallback_unset() -> None:
    policy = read_policy({"policy": {"timeout": "1.5s"}})
    assert policy == NodePolicy(timeout=1.5)


def test_an_explicit_null_fallback_counts_as_a_fallback() -> None:
    policy = read_policy({"policy": {"continue_on_error": True, "fallback_value": None}})
    assert policy is not None
    assert (policy.fallback_value, policy.has_fallback) == (None, True)


def test_retry_settings_default_to_the_retry_node_defaults() -> None:
    policy = read_policy({"policy": {"retry": {}}})
    assert policy is not None
    assert policy.retry == RetryPolicy(3, Backoff("exponential", 1.0, 30.0, 2.0, 0.0), ())
    assert policy.timeout is None
