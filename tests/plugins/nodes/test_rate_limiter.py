"""``rate_limiter`` and ``throttle``: run-wide budgets, clocked waits, load-time checks."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from thaiyyal import Engine, EngineConfig, InvalidWorkflow, ManualClock, RunTimeout

from ._util import run_nodes


def limiter(node_id: str, **data: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "rate_limiter", "data": data}


def throttle(node_id: str, **data: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "throttle", "data": data}


def run_clocked(
    nodes: list[dict[str, Any]], edges: list[tuple[str, str]] = ()
) -> tuple[Any, ManualClock]:  # type: ignore[assignment]
    clock = ManualClock()
    engine = Engine(EngineConfig.server(), clock=clock)
    body = {"nodes": nodes, "edges": [{"source": s, "target": t} for s, t in edges]}
    return asyncio.run(engine.run(body)), clock


def test_first_call_passes_the_value_through() -> None:
    result = run_nodes(
        [
            {"id": "in", "type": "text_input", "data": {"text": "v"}},
            limiter("r", max_requests=10, per_duration="1s"),
        ],
        [("in", "r")],
    )
    assert result.node_results["r"] == {
        "value": "v",
        "rate_limited": True,
        "requests_count": 1,
        "max_requests": 10,
        "window": "1s",
    }


def test_shared_key_fixed_window_really_waits() -> None:
    nodes = [limiter(f"r{i}", max_requests=2, per_duration="1s", key="api") for i in range(5)]
    edges = [(f"r{i}", f"r{i + 1}") for i in range(4)]
    result, clock = run_clocked(nodes, edges)
    counts = [result.node_results[f"r{i}"]["requests_count"] for i in range(5)]
    assert counts == [1, 2, 1, 2, 1]
    assert clock.sleeps == [pytest.approx(1.0), pytest.approx(1.0)]


def test_concurrent_callers_reserve_distinct_slots() -> None:
    nodes = [limiter(f"r{i}", max_requests=2, per_duration="10s", key="k") for i in range(6)]
    result, clock = run_clocked(nodes)
    assert result.error is None
    counts = sorted(result.node_results[f"r{i}"]["requests_count"] for i in range(6))
    assert counts == [1, 1, 1, 2, 2, 2]  # three windows of two calls
    assert clock.monotonic() - 1000.0 == pytest.approx(20.0)


def test_token_bucket_bursts_then_spaces_calls() -> None:
    nodes = [
        limiter(f"r{i}", max_requests=4, per_duration="2s", strategy="token_bucket", key="t")
        for i in range(6)
    ]
    edges = [(f"r{i}", f"r{i + 1}") for i in range(5)]
    _, clock = run_clocked(nodes, edges)
    assert clock.sleeps == [pytest.approx(0.5), pytest.approx(0.5)]


def test_different_keys_do_not_share() -> None:
    nodes = [limiter(f"r{i}", max_requests=1, per_duration="1s") for i in range(3)]
    _, clock = run_clocked(nodes)
    assert clock.sleeps == []


def test_each_run_starts_fresh() -> None:
    clock = ManualClock()
    engine = Engine(EngineConfig.server(), clock=clock)
    body = {"nodes": [limiter("r", max_requests=1, per_duration="1h")]}
    for _ in range(3):
        result = asyncio.run(engine.run(body))
        assert result.node_results["r"]["requests_count"] == 1
    assert clock.sleeps == []


def test_waits_are_bounded_by_the_run_deadline() -> None:
    clock = ManualClock()
    engine = Engine(EngineConfig.server(max_execution_time=5.0), clock=clock)
    nodes = [limiter(f"r{i}", max_requests=1, per_duration="1h", key="k") for i in range(2)]
    result = asyncio.run(engine.run({"nodes": nodes, "edges": [{"source": "r0", "target": "r1"}]}))
    assert isinstance(result.error, RunTimeout)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (
            {"max_requests": 1, "per_duration": "invalid"},
            "invalid per_duration format: invalid duration format: invalid",
        ),
        (
            {"max_requests": 1, "per_duration": "1s", "strategy": "sliding_window"},
            "unsupported rate limit strategy: sliding_window",
        ),
        ({"max_requests": 0, "per_duration": "1s"}, "max_requests must be at least 1, got 0"),
        ({"max_requests": 1, "per_duration": "0s"}, "per_duration must be positive"),
        ({"max_requests": 1.5, "per_duration": "1s"}, "expected an integer"),
        ({"per_duration": "1s"}, "missing required field: max_requests"),
    ],
)
def test_rate_limiter_load_time_checks(data: dict[str, Any], text: str) -> None:
    with pytest.raises(InvalidWorkflow) as info:
        Engine(EngineConfig.server()).load({"nodes": [limiter("r", **data)]})
    assert text in str(info.value)
    assert info.value.problems[0].node_id == "r"


def test_throttle_spaces_calls_across_the_run() -> None:
    nodes = [throttle(f"t{i}", requests_per_second=4.0, key="x") for i in range(4)]
    edges = [(f"t{i}", f"t{i + 1}") for i in range(3)]
    result, clock = run_clocked(nodes, edges)
    assert [result.node_results[f"t{i}"]["delay_ms"] for i in range(4)] == [0, 250, 250, 250]
    assert result.node_results["t0"] == {
        "value": None,
        "throttled": True,
        "requests_per_second": 4.0,
        "delay_ms": 0,
    }
    assert clock.sleeps == [pytest.approx(0.25)] * 3


@pytest.mark.parametrize(("rate", "text"), [(0.0, "got 0.000000"), (-2.5, "got -2.500000")])
def test_throttle_rate_must_be_positive(rate: float, text: str) -> None:
    with pytest.raises(InvalidWorkflow) as info:
        Engine(EngineConfig.server()).load({"nodes": [throttle("t", requests_per_second=rate)]})
    assert f"requests_per_second must be positive, {text}" in str(info.value)


def test_pacing_store_forgets_finished_buckets() -> None:
    from thaiyyal_nodes._pacing import FixedWindow, PacingStore

    store = PacingStore()
    for run in range(100):
        store.get(
            f"run{run}", "rate_limiter", "k", lambda: FixedWindow(1, 1.0), float(run)
        ).reserve(float(run))
    assert len(store) <= 3
