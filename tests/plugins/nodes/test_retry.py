"""``retry`` re-runs the node feeding it, with backoff on a controllable clock."""

from __future__ import annotations

import pytest

from thaiyyal import InvalidWorkflow, ManualClock

from .resilience_util import chain, engine, n, run


def test_succeeds_after_failures_with_exponential_backoff() -> None:
    clock = ManualClock()
    body = chain(
        n("f", "flaky", fail_times=3, value=42),
        n("r", "retry", max_attempts=5, initial_delay="100ms", multiplier=2),
    )
    result = run(body, clock)
    assert result.success, result.errors
    assert result.node_results["r"] == {"value": 42, "attempts": 4, "success": True}
    assert result.node_results["f"] == 42
    assert clock.sleeps == [0.1, 0.2, 0.4]


def test_backoff_strategies_and_cap() -> None:
    for strategy, delays in (
        ("linear", [0.5, 1.0, 1.2]),
        ("constant", [0.5, 0.5, 0.5]),
        ("exponential", [0.5, 1.0, 1.2]),
    ):
        clock = ManualClock()
        body = chain(
            n("f", "flaky", fail_times=9),
            n(
                "r",
                "retry",
                max_attempts=4,
                backoff_strategy=strategy,
                initial_delay="500ms",
                max_delay="1.2s",
            ),
        )
        result = run(body, clock)
        assert result.errors == [
            "error executing node r: max retry attempts (4) reached: temporary failure #4"
        ]
        assert clock.sleeps == delays, strategy


def test_jitter_spreads_delays_within_bounds() -> None:
    clock = ManualClock()
    body = chain(
        n("f", "flaky", fail_times=9),
        n(
            "r",
            "retry",
            max_attempts=6,
            backoff_strategy="constant",
            initial_delay="1s",
            jitter=0.25,
        ),
    )
    run(body, clock)
    assert len(clock.sleeps) == 5
    assert all(0.75 <= s <= 1.25 for s in clock.sleeps)
    assert len(set(clock.sleeps)) > 1


def test_defaults_come_from_the_engine_config() -> None:
    clock = ManualClock()
    body = chain(n("f", "flaky", fail_times=9), n("r", "retry"))
    result = run(body, clock, default_max_attempts=2, default_backoff=0.25)
    assert "max retry attempts (2) reached" in result.errors[0]
    assert clock.sleeps == [0.25]


def test_retry_on_errors_stops_at_once_for_other_errors() -> None:
    clock = ManualClock()
    body = chain(
        n("f", "flaky", fail_times=9, message="disk full"),
        n("r", "retry", max_attempts=5, retry_on_errors=["timeout", "503"]),
    )
    result = run(body, clock)
    assert result.errors == ["error executing node r: error not in retry list: disk full #1"]
    assert clock.sleeps == []


def test_error_shaped_results_are_retried() -> None:
    clock = ManualClock()
    body = chain(
        n("f", "flaky", fail_times=2, soft=True, value="fine"), n("r", "retry", initial_delay="1ms")
    )
    result = run(body, clock)
    assert result.node_results["r"] == {"value": "fine", "attempts": 3, "success": True}


def test_other_dependants_see_the_final_outcome() -> None:
    body = {
        "nodes": [
            n("f", "flaky", fail_times=1, value=7),
            n("r", "retry", initial_delay="1ms"),
            n("other", "echo"),
        ],
        "edges": [{"source": "f", "target": "r"}, {"source": "f", "target": "other"}],
    }
    result = run(body, ManualClock())
    assert result.node_results["other"] == [7]


def test_chains_compose_retry_around_timeout() -> None:
    # hang sleeps on the real clock; the timeout cancels each attempt, retry tries 3 times
    body = chain(
        n("h", "hang", seconds=30.0),
        n("t", "timeout", timeout="20ms"),
        n("r", "retry", max_attempts=3, initial_delay="1ms"),
    )
    result = run(body)
    assert result.errors == [
        "error executing node r: max retry attempts (3) reached: "
        "operation timed out after 20ms (limit: 20ms)"
    ]


def test_attempts_count_as_node_executions() -> None:
    body = chain(
        n("f", "flaky", fail_times=9), n("r", "retry", max_attempts=10, initial_delay="1ms")
    )
    result = run(body, ManualClock(), max_node_executions=4)
    assert "maximum node executions exceeded: 5 (limit: 4)" in result.errors[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"max_attempts": 0}, "field max_attempts: max_attempts must be at least 1, got 0"),
        ({"initial_delay": "soon"}, "field initial_delay: invalid initial_delay format"),
        ({"jitter": 1.5}, "field jitter: jitter must be in [0, 1), got 1.5"),
    ],
)
def test_load_time_checks(data: dict[str, object], message: str) -> None:
    with pytest.raises(
        InvalidWorkflow, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")
    ):
        engine().load(chain(n("f", "flaky"), n("r", "retry", **data)))


def test_a_retry_node_needs_exactly_one_unconditional_input() -> None:
    with pytest.raises(InvalidWorkflow, match="needs exactly one incoming edge, got 0"):
        engine().load({"nodes": [n("r", "retry")]})
    two = {
        "nodes": [n("a", "const"), n("b", "const"), n("r", "retry")],
        "edges": [{"source": "a", "target": "r"}, {"source": "b", "target": "r"}],
    }
    with pytest.raises(InvalidWorkflow, match="got 2"):
        engine().load(two)
    handled = {
        "nodes": [n("a", "route"), n("r", "retry")],
        "edges": [{"source": "a", "target": "r", "sourceHandle": "a"}],
    }
    with pytest.raises(InvalidWorkflow, match="cannot carry a handle"):
        engine().load(handled)
    twice = {
        "nodes": [n("a", "flaky"), n("r1", "retry"), n("r2", "try_catch")],
        "edges": [{"source": "a", "target": "r1"}, {"source": "a", "target": "r2"}],
    }
    with pytest.raises(InvalidWorkflow, match="node a is wrapped by two resilience nodes"):
        engine().load(twice)
