from __future__ import annotations

import asyncio
from typing import Any

import pytest

from thaiyyal import Engine, EngineConfig, ManualClock

from ._util import load_problems


def run(
    nodes: list[dict[str, Any]], edges: list[tuple[str, str]] = (), **config: Any
) -> tuple[Any, ManualClock]:  # type: ignore[assignment]
    clock = ManualClock()
    engine = Engine(EngineConfig.server(**config), clock=clock)
    body = {"nodes": nodes, "edges": [{"source": s, "target": t} for s, t in edges]}
    return asyncio.run(engine.run(body)), clock


NUM = {"id": "v", "type": "number", "data": {"value": 3}}


@pytest.mark.parametrize(
    ("duration", "seconds"), [("10ms", 0.01), ("1m30s", 90.0), ("250", 0.25), ("1.5h", 5400.0)]
)
def test_waits_on_the_engine_clock_and_passes_the_value(duration: str, seconds: float) -> None:
    result, clock = run(
        [NUM, {"id": "d", "type": "delay", "data": {"duration": duration}}],
        [("v", "d")],
        max_execution_time=0,
        max_node_execution_time=0,
    )
    assert result.node_results["d"] == {"value": 3.0, "duration": duration, "delayed": True}
    assert clock.sleeps == [pytest.approx(seconds)]


def test_without_input_and_negative_or_zero_durations_do_not_sleep() -> None:
    result, clock = run(
        [
            {"id": "d", "type": "delay", "data": {"duration": "-5s"}},
            {"id": "e", "type": "delay", "data": {"duration": "0"}},
        ]
    )
    assert result.node_results["d"] == {"value": None, "duration": "-5s", "delayed": True}
    assert result.node_results["e"]["delayed"] is True
    assert clock.sleeps == []


def test_bounded_by_the_run_deadline() -> None:
    result, clock = run(
        [NUM, {"id": "d", "type": "delay", "data": {"duration": "2m"}}],
        [("v", "d")],
        max_execution_time=60.0,
    )
    assert result.errors == ["workflow execution timeout: exceeded 1m0s"]
    assert "d" not in result.node_results
    assert clock.sleeps == [pytest.approx(60.0)]


def test_cancellable() -> None:
    async def scenario() -> None:
        engine = Engine(EngineConfig.server(max_execution_time=0, max_node_execution_time=0))
        body = {"nodes": [{"id": "d", "type": "delay", "data": {"duration": "1h"}}], "edges": []}
        task = asyncio.ensure_future(engine.run(body))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())


def test_invalid_duration_is_a_load_time_error() -> None:
    message = load_problems([{"id": "d", "type": "delay", "data": {"duration": "five seconds"}}])
    assert (
        "invalid duration format: invalid duration format: five seconds "
        "(use formats like '5s', '10m', '1h')" in message
    )
    assert "node d" in message and "duration" in message
    assert "missing required field: duration" in load_problems(
        [{"id": "d", "type": "delay", "data": {}}]
    )
