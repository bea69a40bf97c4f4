"""Every case of the conformance corpus's expressions.json, run through the public API.

Modes map to the API as the corpus README says, with the thaiyyal decisions of
spec/expressions.md section 16: ``bool`` and ``node:condition`` -> ``Expression.test``,
``value``, ``node:expression`` and ``arith`` (no input) -> ``Expression.evaluate``,
``deps`` -> ``Expression.references.nodes`` (as a set), ``internal:parseDateTime`` ->
``parse_datetime``, ``internal:callDateTimeFunction`` -> ``call_function``. Condition and
expression nodes evaluate once, without the reference's legacy fallback.

Where a thaiyyal callout deliberately changes a case's result it goes into ``DEVIATIONS``
with the spec section and the thaiyyal result, and the test asserts that the case really
differs from the corpus in exactly that way, so the list cannot hide a regression. Today no
case needs an entry: every corpus case is test-pinned reference behaviour that the thaiyyal
language keeps (the corpus leaves out the reduce "max" test whose expectation the reference
itself does not meet, spec/expressions.md section 16).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.corpus import corpus_dir
from tests.expression.support import decode, outcome, same_value

REPOSITORY = Path(__file__).resolve().parents[2]


def corpus_file() -> Path:
    directory = corpus_dir() or REPOSITORY.parent / "shared" / "conformance"
    return directory / "expressions.json"


@lru_cache(maxsize=1)
def load_cases() -> list[dict[str, Any]]:
    path = corpus_file()
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        cases: list[dict[str, Any]] = json.load(handle)["cases"]
    return cases


#: case index -> (reason citing the spec, thaiyyal outcome as ("value", v) / ("error", text)).
DEVIATIONS: dict[int, tuple[str, tuple[str, Any]]] = {}


def _require_cases() -> list[dict[str, Any]]:
    cases = load_cases()
    if not cases:
        pytest.skip(
            f"expression corpus not found at {corpus_file()} "
            "(set THAIYYAL_CONFORMANCE to the conformance directory)"
        )
    return cases


def _matches_corpus(case: dict[str, Any], result: tuple[str, Any]) -> bool:
    kind, value = result
    if case["error"]:
        return kind != "value"
    if kind != "value":
        return False
    expected = decode(case["expect"])
    if case["mode"] == "deps":
        return set(expected) == set(value)
    return same_value(expected, value)


def _matches_documented(result: tuple[str, Any], documented: tuple[str, Any]) -> bool:
    kind, value = result
    documented_kind, documented_value = documented
    if documented_kind == "value":
        return kind == "value" and same_value(documented_value, value)
    return kind != "value" and (documented_value is None or documented_value in value)


def _run(case: dict[str, Any]) -> tuple[str, Any]:
    return outcome(case["mode"], case["expr"], case["env"], case.get("args"))


CASE_COUNT = 501  # the corpus README's count; parametrisation must not depend on the file


@pytest.mark.parametrize("index", range(CASE_COUNT))
def test_case(index: int) -> None:
    cases = _require_cases()
    if index >= len(cases):
        pytest.skip(f"the corpus has only {len(cases)} cases")
    case = cases[index]
    result = _run(case)
    if index in DEVIATIONS:
        reason, documented = DEVIATIONS[index]
        assert not _matches_corpus(case, result), f"deviation {index} no longer deviates"
        assert _matches_documented(result, documented), (reason, result)
        return
    assert _matches_corpus(case, result), (
        f"case {index} ({case['mode']}) {case['expr']!r}: got {result!r}, "
        f"expected {'an error' if case['error'] else case['expect']!r} ({case['source']})"
    )


def test_corpus_summary() -> None:
    """All cases pass except the documented deviations, which all deviate."""
    cases = _require_cases()
    assert len(cases) == CASE_COUNT
    passed = sum(1 for case in cases if _matches_corpus(case, _run(case)))
    assert passed == len(cases) - len(DEVIATIONS), (passed, len(DEVIATIONS))
    print(f"expression corpus: {passed} passed, {len(DEVIATIONS)} documented deviations")


def test_the_deviation_check_tells_the_outcomes_apart() -> None:
    """The machinery a DEVIATIONS entry relies on, on a case the spec says differs (P34)."""
    reference_case = {
        "mode": "bool",
        "expr": "true || isNull(variables.missing)",
        "env": {"input": None, "variables": {}, "context": {}, "nodes": {}},
        "expect": False,  # the reference: no short-circuit, the failing side discards ||
        "error": False,
    }
    result = _run(reference_case)
    assert not _matches_corpus(reference_case, result)
    assert _matches_documented(result, ("value", True))
    assert not _matches_documented(result, ("error", None))
    failing = dict(reference_case, expr="1 / 0", mode="value", expect=None, error=True)
    assert _matches_corpus(failing, _run(failing))
    assert _matches_documented(_run(failing), ("error", "division by zero"))
