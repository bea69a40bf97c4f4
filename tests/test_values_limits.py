"""Size limits of values (strings, arrays, depth, non-finite numbers)."""

from __future__ import annotations

from datetime import datetime, timezone

from thaiyyal import EngineConfig
from thaiyyal.limits import ValueLimits, value_problem

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


def test_value_problem_checks_against_a_config() -> None:
    config = EngineConfig(max_string_length=5)
    assert value_problem("abcdef", config) == "string too long: 6 bytes (limit: 5)"
    assert value_problem("abcde", config) is None


def test_top_level_scalars_fit_any_size_budget_their_json_fits() -> None:
    # "1.5", "7", "true" and "null" are at most 4 bytes of JSON
    limits = ValueLimits(EngineConfig(max_input_size=4))
    for value in (1.5, 7, True, False, None):
        assert limits.check(value) is None, value
    assert limits.check(float("-inf")) == "value is not a finite number: -inf"


def test_a_top_level_string_over_the_size_budget() -> None:
    limits = ValueLimits(EngineConfig(max_input_size=5))
    assert limits.check("abc") is None  # '"abc"' is 5 bytes
    assert limits.check("abcd") == ("value too large: about 6 bytes written as JSON (limit: 5)")


def test_size_estimate_in_messages_is_stable() -> None:
    # The estimate (numbers 8 bytes, strings their length + quotes, separators and keys
    # counted) shows up in messages, so it is pinned here.
    limits = ValueLimits(EngineConfig(max_input_size=10))
    assert limits.check([1.0, 2.0]) == (
        "value too large: about 19 bytes written as JSON (limit: 10)"
    )
    assert limits.check({"key": "v"}) == (
        "value too large: about 11 bytes written as JSON (limit: 10)"
    )
    assert limits.check({1: None}) == (
        "value too large: about 21 bytes written as JSON (limit: 10)"
    )
    moment = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert ValueLimits(EngineConfig(max_input_size=1)).check([moment]) == (
        "value too large: about 10 bytes written as JSON (limit: 1)"
    )
    nested = ValueLimits(EngineConfig(max_input_size=25))
    assert nested.check([[1.0, 2.0], [3.0]]) == (
        "value too large: about 32 bytes written as JSON (limit: 25)"
    )


def test_too_deep_for_the_interpreter_names_no_number_when_unlimited() -> None:
    unlimited = ValueLimits(EngineConfig(max_context_depth=0))
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    assert unlimited.check(deep) == "value too deeply nested: more than the levels"


def test_empty_containers_past_the_depth_limit_report_their_depth() -> None:
    # spec/engine.md §4.3: {"a": {"b": {}}} has depth 1 + 1 + 0 = 2
    limits = ValueLimits(EngineConfig(max_context_depth=1))
    assert limits.check({"a": {"b": {}}}) == (
        "map key a: map key b: value too deeply nested: 2 levels (limit: 1)"
    )
    assert limits.check([[[[]]]]) == (
        "array element 0: array element 0: array element 0: "
        "value too deeply nested: 3 levels (limit: 1)"
    )


def test_date_times_count_as_scalars_for_depth() -> None:
    moment = datetime(2024, 1, 1, tzinfo=timezone.utc)
    limits = ValueLimits(EngineConfig(max_context_depth=2))
    assert limits.check([moment]) is None
    assert limits.check([[moment]]) == (
        "array element 0: array element 0: value too deeply nested: 3 levels (limit: 2)"
    )
    # a shared list of date-times (depth 2) seen twice is still depth 3 under one more list
    inner = [moment]
    assert ValueLimits(EngineConfig(max_context_depth=3)).check([inner, inner]) is None


def test_shared_lists_keep_their_spec_depth() -> None:
    # spec/engine.md §4.3: scalar 1, container 1 + deepest child, empty container 0.
    # Lists met a second time are judged from their remembered depth, which must be this.
    of_empties: list[object] = [[]] * 16  # depth 1
    assert ValueLimits(EngineConfig(max_context_depth=2)).check([of_empties, of_empties]) is None
    of_texts = ["a"] * 16  # depth 2
    assert ValueLimits(EngineConfig(max_context_depth=3)).check([of_texts, [of_texts]]) == (
        "array element 1: array element 0: value too deeply nested: 4 levels (limit: 3)"
    )
    long_text = ["abc"]  # depth 2; 3 characters can be more than 8 bytes, so measured alone
    limits = ValueLimits(EngineConfig(max_string_length=8, max_context_depth=3))
    assert limits.check([long_text, long_text]) is None


def test_the_run_memo_keeps_lists_from_sixteen_elements() -> None:
    limits = ValueLimits(EngineConfig())
    sixteen, fifteen = [1.0] * 16, [1.0] * 15
    memo: dict[int, tuple[object, int, int]] = {}
    assert limits.check([sixteen, fifteen], memo) is None
    assert memo[id(sixteen)][:2] == (sixteen, 2)
    assert id(fifteen) not in memo


def test_widely_shared_values_are_measured_in_linear_time() -> None:
    # 2**60 leaves when expanded: only remembering each shared list makes this finish
    limits = ValueLimits(EngineConfig(max_input_size=0, max_context_depth=100))
    value: object = ["x"]
    for _ in range(60):
        value = [value, value]
    assert limits.check(value) is None
    too_deep = ValueLimits(EngineConfig(max_input_size=0, max_context_depth=60))
    assert too_deep.check(value) == (
        "array element 0: " * 61 + "value too deeply nested: 62 levels (limit: 60)"
    )
