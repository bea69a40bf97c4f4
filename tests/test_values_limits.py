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


def test_shared_parts_are_measured_once_but_counted_as_written() -> None:
    limits = ValueLimits(
        EngineConfig(max_input_size=10_000, max_array_length=0, max_context_depth=0)
    )
    value: object = ["x" * 10]
    for _ in range(40):  # 2**40 leaves when expanded: walking it would never end
        value = [value, value]
    problem = limits.check(value)
    assert problem is not None and problem.startswith("array element 0:")
    assert "value too large: about" in problem and "(limit: 10000)" in problem
    small: object = [1.0]
    for _ in range(5):
        small = [small, small]
    assert limits.check(small) is None


def test_the_run_memo_remembers_big_containers() -> None:
    limits = ValueLimits(EngineConfig(max_context_depth=4))
    big = [[1.0]] * 20
    memo: dict[int, tuple[object, int, int]] = {}
    assert limits.check(big, memo) is None
    assert memo[id(big)][1:] == (3, memo[id(big)][2])
    # the same list nested deeper is judged from its remembered depth
    assert limits.check([[big]], memo) == (
        "array element 0: array element 0: value too deeply nested: 5 levels (limit: 4)"
    )


def test_depth_counts_empty_containers_as_zero() -> None:
    limits = ValueLimits(EngineConfig(max_context_depth=1))
    assert limits.check([[]]) is None  # 1 + depth([]) = 1
    assert limits.check([[], 1]) == "array element 1: value too deeply nested: 2 levels (limit: 1)"
    assert limits.check({"a": {}}) is None
    assert limits.check({"a": {"b": {}}}) is not None
