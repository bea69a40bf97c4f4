"""``try_catch`` catches the failure of the node feeding it and routes both ways."""

from __future__ import annotations

from .resilience_util import n, run


def routed(upstream: dict[str, object], **data: object) -> dict[str, object]:
    return {
        "nodes": [
            upstream,
            n("tc", "try_catch", **data),
            n("ok", "const", value="ok"),
            n("bad", "const", value="bad"),
        ],
        "edges": [
            {"source": upstream["id"], "target": "tc"},
            {"source": "tc", "target": "ok", "sourceHandle": "success"},
            {
                "source": "tc",
                "target": "bad",
                "sourceHandle": data.get("error_output_path") or "error",
            },
        ],
    }


def test_success_routes_to_success() -> None:
    result = run(routed(n("f", "flaky", fail_times=0, value=5), fallback_value=-1))
    assert result.node_results["tc"] == {
        "value": 5,
        "error_caught": False,
        "output_path": "success",
    }
    assert result.node_results["ok"] == "ok" and "bad" in result.skipped


def test_a_node_failure_is_caught_and_routes_to_error() -> None:
    result = run(routed(n("f", "fail", message="division by zero"), fallback_value=-1))
    assert result.success
    assert result.node_results["tc"] == {
        "value": -1,
        "error_caught": True,
        "error_message": "division by zero",
        "output_path": "error",
    }
    assert "f" not in result.node_results  # the failed node has no result
    assert result.node_results["bad"] == "bad" and "ok" in result.skipped


def test_custom_error_path_and_error_shaped_values() -> None:
    result = run(
        routed(
            n("f", "flaky", fail_times=1, soft=True, message="not an array"),
            fallback_value="d",
            error_output_path="on_error",
        )
    )
    assert result.node_results["tc"] == {
        "value": "d",
        "error_caught": True,
        "error_message": "not an array",
        "output_path": "on_error",
        "error_output_path": "on_error",
    }
    assert result.node_results["bad"] == "bad"


def test_continue_on_error_false_fails_the_run() -> None:
    result = run(routed(n("f", "fail", message="boom"), continue_on_error=False))
    assert result.errors == ["error executing node tc: error caught: boom"]


def test_catches_a_timeout_of_its_upstream_chain() -> None:
    body = {
        "nodes": [
            n("h", "hang", seconds=30.0),
            n("t", "timeout", timeout="10ms"),
            n("tc", "try_catch", fallback_value="late"),
        ],
        "edges": [{"source": "h", "target": "t"}, {"source": "t", "target": "tc"}],
    }
    result = run(body)
    assert result.success
    assert result.node_results["tc"]["value"] == "late"
    assert result.node_results["tc"]["error_message"] == (
        "operation timed out after 10ms (limit: 10ms)"
    )
