"""``timeout`` cancels the node feeding it after the limit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from thaiyyal import InvalidWorkflow

from .resilience_util import chain, engine, n, run


def test_a_quick_node_passes() -> None:
    result = run(chain(n("c", "const", value=3), n("t", "timeout", timeout="1m")))
    out = result.node_results["t"]
    assert out["value"] == 3 and out["timed_out"] is False and out["timeout_duration"] == "1m0s"
    assert out["execution_time"].endswith("s")


def test_a_slow_node_is_cancelled_and_fails_the_run() -> None:
    async def scenario() -> Any:
        result = await engine().run(
            chain(n("h", "hang", seconds=30.0), n("t", "timeout", timeout="20ms"))
        )
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        return result, tasks

    result, tasks = asyncio.run(scenario())
    assert result.errors == ["error executing node t: operation timed out after 20ms (limit: 20ms)"]
    assert tasks == []


def test_continue_with_partial() -> None:
    result = run(
        chain(
            n("h", "hang", seconds=30.0),
            n("t", "timeout", timeout="20ms", timeout_action="continue_with_partial"),
            n("after", "echo"),
        )
    )
    assert result.success
    out = result.node_results["t"]
    assert out["value"] is None and out["timed_out"] is True
    assert out["timeout_exceeded"] is True and out["partial_result"] is True
    assert "h" not in result.node_results
    assert result.node_results["after"] == [out]


def test_other_failures_of_the_wrapped_node_fail_the_run_as_they_are() -> None:
    result = run(chain(n("f", "fail", message="broken"), n("t", "timeout", timeout="1s")))
    assert result.errors == ["error executing node f: broken"]


def test_invalid_duration_is_a_load_time_error() -> None:
    with pytest.raises(InvalidWorkflow, match="field timeout: invalid timeout duration: soon"):
        engine().load(chain(n("c", "const"), n("t", "timeout", timeout="soon")))
