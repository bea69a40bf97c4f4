"""Corpus cases where Thaiyyal differs from the reference on purpose.

Each entry names a case file and says why, pointing at the spec callout that decides it.
The conformance test asserts that every listed case *does* differ in the documented way,
so the list cannot hide a regression.

``LOAD_TIME``: the reference fails these while running; Thaiyyal rejects the payload before
anything runs (DESIGN.md: unknown types, dangling edges and impossible configs are load-time
errors; spec/engine.md §1.5, §2.5). The test asserts the error kind is ``invalid_workflow``
and, unless the entry says the wording changed, that the details still carry the case's
``error_contains`` text.

``DIFFERS``: the outcome itself changes; the test asserts the case fails the reference
comparison and, where given, checks the Thaiyyal result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs


@attrs.frozen
class LoadTime:
    reason: str
    #: set when Thaiyyal words the problem differently (then ``contains`` is checked instead)
    contains: str | None = None


@attrs.frozen
class Differs:
    reason: str
    #: optional check of the Thaiyyal body; returns a problem description or None
    check: Callable[[dict[str, Any]], str | None] | None = None


_RESILIENCE_CONFIG = "config-only checks of resilience nodes run at load time (nodes.md §3.7)"
_CYCLE = "cycles are found when the workflow is loaded (spec/engine.md §2.5 thaiyyal)"
_UNKNOWN = "unknown node types are load-time errors, even on skipped branches (engine.md §1.2)"
_PHASE4 = "config-only checks of rate_limiter/throttle run at load time (nodes.md §3.8 thaiyyal)"
_ARRAY_CONFIG = "config-only checks of array nodes run at load time (nodes.md §3.4 thaiyyal)"

LOAD_TIME: dict[str, LoadTime] = {
    "480-timeout-rejects-an-invalid-duration.json": LoadTime(_RESILIENCE_CONFIG),
    "009-cyclic-workflow.json": LoadTime(_CYCLE),
    "496-self-loop-is-a-cycle.json": LoadTime(_CYCLE),
    "494-duplicate-node-ids-are-reported-as-a-cycle.json": LoadTime(
        "duplicate node ids get their own load-time error (engine.md §1.2)",
        contains="duplicate node id 'a'",
    ),
    "495-edge-from-an-unknown-node-is-reported-as-a-cycle.json": LoadTime(
        "an edge from an undeclared node is a load-time error naming it (engine.md §1.3)",
        contains="source 'ghost' is not a node of this workflow",
    ),
    "088-custom-executor-error-handling-unregistered-custom-node-type.json": LoadTime(_UNKNOWN),
    "487-unknown-node-type-fails-when-reached.json": LoadTime(_UNKNOWN),
    "490-type-less-node-with-unrecognised-data-fails.json": LoadTime(_UNKNOWN),
    "491-paginator-is-declared-but-has-no-executor.json": LoadTime(
        "paginator is provided and needs a url (nodes.md §3.8 paginator thaiyyal)",
        contains="missing required field: url",
    ),
    "369-rate-limiter-invalid-per-duration-fails-at-run-time.json": LoadTime(_PHASE4),
    "370-rate-limiter-unsupported-strategy-fails-at-run-time.json": LoadTime(_PHASE4),
    "372-throttle-zero-rate-fails-at-run-time.json": LoadTime(_PHASE4),
    "373-throttle-negative-rate-fails-at-run-time.json": LoadTime(_PHASE4),
    "489-node-without-data-fails-at-run-time.json": LoadTime(
        "absent data is read as {}, so the missing required field is reported at load "
        "(engine.md §1.2 thaiyyal)",
        contains="missing required field: value",
    ),
    "033-text-operation-repeat-missing-n.json": LoadTime(
        "config-only checks run at load time (nodes.md §3.2 text_operation)"
    ),
    "034-text-operation-repeat-negative.json": LoadTime(
        "config-only checks run at load time (nodes.md §3.2 text_operation)"
    ),
    "504-operation-rejects-an-unknown-op.json": LoadTime(
        "an unknown op is a load-time error (nodes.md §3.2 operation)"
    ),
    "192-chunk-zero-size-at-run-time.json": LoadTime(_ARRAY_CONFIG),
    "193-chunk-negative-size-at-run-time.json": LoadTime(_ARRAY_CONFIG),
    "207-group-by-unknown-aggregate-fails-at-run-time.json": LoadTime(_ARRAY_CONFIG),
    "238-sample-unknown-method-fails.json": LoadTime(_ARRAY_CONFIG),
    "239-sample-zero-count-fails.json": LoadTime(_ARRAY_CONFIG),
    "221-range-invalid-positive-step-with-start-end.json": LoadTime(_ARRAY_CONFIG),
    "222-range-invalid-zero-step.json": LoadTime(_ARRAY_CONFIG),
    "223-range-negative-step-with-ascending-bounds-fails.json": LoadTime(_ARRAY_CONFIG),
    "323-format-invalid-output-type-fails.json": LoadTime(
        "an unknown output_type is a load-time error (nodes.md §3.5 format)"
    ),
    "363-parse-unsupported-input-type-fails-at-run-time.json": LoadTime(
        "an unknown input_type is a load-time error (nodes.md §3.5 parse)"
    ),
    "449-counter-rejects-an-unknown-operation.json": LoadTime(
        "an unknown counter_op is a load-time error (nodes.md §3.5 counter)"
    ),
    "453-transform-rejects-an-unknown-transform-type.json": LoadTime(
        "an unknown transform_type is a load-time error (nodes.md §3.5 transform)"
    ),
    "460-join-rejects-an-unknown-strategy.json": LoadTime(
        "an unknown join_strategy is a load-time error (nodes.md §3.6 join)"
    ),
    "466-delay-rejects-an-invalid-duration.json": LoadTime(
        "an invalid duration is a load-time error (nodes.md §3.6 delay)"
    ),
    "470-cache-rejects-an-unknown-operation.json": LoadTime(
        "an unknown cache_op is a load-time error (nodes.md §3.6 cache)"
    ),
    "483-context-conversion-error-fails-the-run.json": LoadTime(
        "context conversions depend only on config: load time (nodes.md §3.9)"
    ),
    "484-context-legacy-form-without-a-value-fails.json": LoadTime(
        "a legacy context node without context_value fails at load (nodes.md §3.9)"
    ),
    "406-filter-empty-condition-fails-at-run-time.json": LoadTime(
        "an empty filter condition is a load-time error (nodes.md §3.3 filter thaiyyal)"
    ),
}


def _result_of(node_id: str, **expected: Any) -> Callable[[dict[str, Any]], str | None]:
    """A check that the run succeeded and ``node_id``'s result has these entries."""

    def check(body: dict[str, Any]) -> str | None:
        if not body.get("success"):
            return f"expected success, got {body.get('details')}"
        result = body["results"]["node_results"].get(node_id)
        if not isinstance(result, dict):
            return f"{node_id}: expected an object, got {result!r}"
        wrong = {k: result.get(k) for k, v in expected.items() if result.get(k) != v}
        return f"{node_id}: unexpected {wrong}" if wrong else None

    return check


def _rejected_at_load(contains: str) -> Callable[[dict[str, Any]], str | None]:
    """A check that the payload was rejected at load with ``contains`` in the details."""

    def check(body: dict[str, Any]) -> str | None:
        if body.get("error") != "Failed to create engine" or contains not in body["details"]:
            return f"expected a load-time error with {contains!r}, got {body}"
        return None

    return check


_ROUTES = "try_catch routes: its result adds output_path (nodes.md §3.7 try_catch thaiyyal)"
_MEASURED = (
    "timeout measures and bounds its upstream node instead of reading a simulated "
    "execution_time from its input (nodes.md §3.7 timeout thaiyyal)"
)

DIFFERS: dict[str, Differs] = {
    "474-try-catch-passes-a-normal-value.json": Differs(
        _ROUTES, _result_of("tc", value=1, error_caught=False, output_path="success")
    ),
    "475-try-catch-replaces-an-error-value-with-the-fallback.json": Differs(
        _ROUTES,
        _result_of(
            "tc",
            value="default",
            error_caught=True,
            output_path="on_error",
            error_output_path="on_error",
        ),
    ),
    "477-timeout-reports-no-timeout-for-a-plain-value.json": Differs(
        _MEASURED, _result_of("t", value=1, timed_out=False, timeout_duration="1m0s")
    ),
    "478-timeout-continue-with-partial-marks-a-slow-result.json": Differs(
        _MEASURED, _result_of("t", timed_out=False, timeout_duration="1.5s")
    ),
    "479-timeout-with-action-error-fails-a-slow-result.json": Differs(
        _MEASURED, _result_of("t", timed_out=False, timeout_duration="1s")
    ),
    "488-unknown-node-type-on-a-skipped-branch-is-harmless.json": Differs(
        _UNKNOWN, _rejected_at_load("no executor registered for type: teleport")
    ),
}
