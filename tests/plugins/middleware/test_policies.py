"""Per-node policies (``data.policy``) applied by the middleware plugins."""

from __future__ import annotations

import pytest

from thaiyyal import InvalidWorkflow, ManualClock

from ..nodes.resilience_util import chain, engine, n, run


def test_every_policy_middleware_is_its_own_plugin() -> None:
    entries = {e.name: e for e in engine().plugins.middleware.entries}
    assert entries["retry"].plugin == "middleware-retry"
    assert entries["timeout"].plugin == "middleware-timeout"
    assert entries["continue_on_error"].plugin == "middleware-continue_on_error"
    order = [e.name for e in engine().plugins.middleware.entries]
    assert order.index("continue_on_error") < order.index("retry") < order.index("timeout")


def test_nodes_without_a_policy_are_not_wrapped() -> None:
    plan = engine().load(chain(n("c", "const", value=1), n("s", "sum")))
    assert not plan.has_async


def test_retry_policy_reruns_a_failing_node() -> None:
    clock = ManualClock()
    body = chain(
        n(
            "f",
            "flaky",
            fail_times=2,
            value="done",
            policy={"retry": {"max_attempts": 3, "initial_delay": "50ms"}},
        )
    )
    result = run(body, clock)
    assert result.node_results == {"f": "done"}
    assert clock.sleeps == [0.05, 0.1]


def test_retry_policy_gives_up() -> None:
    body = chain(
        n("f", "flaky", fail_times=9, policy={"retry": {"max_attempts": 2, "initial_delay": "1ms"}})
    )
    result = run(body, ManualClock())
    assert result.errors == [
        "error executing node f: node execution failed after 1 retries: temporary failure #2"
    ]


def test_retry_policy_respects_retry_on_errors() -> None:
    clock = ManualClock()
    body = chain(
        n(
            "f",
            "flaky",
            fail_times=9,
            message="fatal",
            policy={"retry": {"retry_on_errors": ["timeout"]}},
        )
    )
    result = run(body, clock)
    assert result.errors == ["error executing node f: fatal #1"] and clock.sleeps == []


def test_timeout_policy_cancels_a_slow_node() -> None:
    body = chain(n("h", "hang", seconds=30.0, policy={"timeout": "15ms"}))
    assert run(body).errors == ["error executing node h: node execution timeout after 15ms"]


def test_continue_on_error_turns_a_failure_into_an_error_value() -> None:
    body = chain(
        n("f", "fail", message="nope", policy={"continue_on_error": True}), n("after", "echo")
    )
    result = run(body)
    assert result.success
    assert result.node_results["f"] == {"error": "nope", "error_caught": True}
    assert result.node_results["after"] == [{"error": "nope", "error_caught": True}]


def test_continue_on_error_with_a_fallback_after_retries() -> None:
    clock = ManualClock()
    body = chain(
        n(
            "f",
            "flaky",
            fail_times=9,
            policy={
                "continue_on_error": True,
                "fallback_value": 0,
                "retry": {"max_attempts": 3, "initial_delay": "1s", "backoff_strategy": "constant"},
            },
        )
    )
    result = run(body, clock)
    assert result.node_results == {"f": 0.0}
    assert clock.sleeps == [1.0, 1.0]


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ({"retry": {"max_attempts": 0}}, "field policy.retry.max_attempts: max_attempts must"),
        ({"timeout": "later"}, "field policy.timeout: invalid duration format: later"),
        ({"timeout": "0s"}, "field policy.timeout: timeout must be positive"),
        ({"retry": {"initial_delay": 5}}, "field policy.retry.initial_delay: expected a string"),
        ({"retry": {"initial_delay": "soon"}}, "field policy.retry.initial_delay: invalid"),
        ({"retry": {"max_delay": "never"}}, "field policy.retry.max_delay: invalid"),
        ({"retry": {"jitter": 1.0}}, "field policy.retry.jitter: jitter must be in [0, 1)"),
        (
            {"retry": {"multiplier": -0.5}},
            "field policy.retry.multiplier: multiplier must be non-negative, got -0.5",
        ),
        ({"continue_on_error": "yes"}, "field policy.continue_on_error: expected a boolean"),
        ("everything", "field policy: expected an object"),
    ],
)
def test_bad_policies_are_load_time_errors(policy: object, message: str) -> None:
    with pytest.raises(InvalidWorkflow) as info:
        engine().load(chain(n("c", "const", policy=policy)))
    assert message in str(info.value)
    assert info.value.problems[0].node_id == "c"
