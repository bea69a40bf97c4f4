"""Size limits of values (strings, arrays, depth, non-finite numbers)."""

from __future__ import annotations

from thaiyyal import EngineConfig
from thaiyyal.limits import ValueLimits

LIMITS = ValueLimits(EngineConfig(max_string_length=5, max_array_length=3, max_context_depth=3))


def test_within_limits() -> None:
    for value in (None, 1, 1.5, True, "abcde", [1, 2, 3], {"a": [1, 2]}, [], {}, [[[]]]):
        assert LIMITS.check(value) is None, value


def test_violations_name_where() -> None:
    assert LIMITS.check("abcdef") == "string too long: 6 bytes (limit: 5)"
    assert LIMITS.check("ééé") == "string too long: 6 bytes (limit: 5)"
    assert LIMITS.check([1, 2, 3, 4]) == "array too large: 4 elements (limit: 3)"
    assert LIMITS.check([1, ["abcdef"]]) == (
        "array element 1: array element 0: string too long: 6 bytes (limit: 5)"
    )
    assert LIMITS.check({"k": "abcdef"}) == "map key k: string too long: 6 bytes (limit: 5)"
    assert LIMITS.check([[[1]]]) == (
        "array element 0: array element 0: array element 0: "
        "value too deeply nested: 4 levels (limit: 3)"
    )
    assert LIMITS.check(float("inf")) == "value is not a finite number: inf"
    assert LIMITS.check([float("nan")]) == "array element 0: value is not a finite number: nan"


def test_zero_means_unlimited_and_deep_values_do_not_crash() -> None:
    unlimited = ValueLimits(
        EngineConfig(max_string_length=0, max_array_length=0, max_context_depth=0)
    )
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    assert unlimited.check("x" * 100) is None
    assert "too deeply nested" in (unlimited.check(deep) or "")
