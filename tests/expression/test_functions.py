"""Every built-in function and method: results, argument rules and error texts."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from thaiyyal.expression import (
    ExpressionEvaluationError,
    ExpressionLimitError,
    Scope,
    call_function,
    parse,
    parse_datetime,
)
from thaiyyal.expression.functions import MAX_EXCHANGE_SORT, go_round, sort_values
from thaiyyal.expression.methods import go_lower, go_upper

UTC = timezone.utc


def value(source: str, **variables: Any) -> Any:
    return parse(source).evaluate(Scope(variables=variables))


def fails(source: str, message: str, **variables: Any) -> None:
    with pytest.raises(ExpressionEvaluationError) as raised:
        value(source, **variables)
    assert str(raised.value) == message


# ----------------------------------------------------------------------- aggregates


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("sum(variables.a)", 6.5),
        ("sum(1, 2, 3, 4)", 10.0),
        ("sum(variables.empty)", 0.0),
        ("sum(5)", 5.0),
        ("sum('5', 1)", 6.0),
        ("avg(variables.a)", 6.5 / 3),
        ("avg(10, 20, 30)", 20.0),
        ("avg(7)", 7.0),
        ("min(variables.a)", 1.0),
        ("max(variables.a)", 3.0),
        ("min(5, 2, 8, 1)", 1.0),
        ("max(5, 2, 8, 1)", 8.0),
        ("max('7', 2)", 7.0),
        ("min(variables.ints)", 1.0),
    ],
)
def test_aggregates(source: str, expected: float) -> None:
    result = value(source, a=[1, 2.5, "3"], empty=[], ints=[3, 1, 2])
    assert result == pytest.approx(expected)
    assert type(result) is float


def test_sum_is_left_to_right() -> None:
    assert value("sum(variables.a)", a=[85.5, 92.3, 78.9]) == 256.70000000000005


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("avg(variables.empty)", "avg() on empty array"),
        ("avg(variables.bad)", "avg() encountered non-numeric element: bool"),
        ("avg(1, 'x')", "avg() requires numeric values, got string"),
        ("avg(null)", "avg() requires numeric values, got <nil>"),
        ("sum(variables.bad)", "sum() encountered non-numeric element: bool"),
        ("sum(variables.a, 1)", "sum() requires numeric values, got []interface {}"),
        ("min(5)", "min() requires at least 2 arguments or an array, got 1 non-array value"),
        ("max(variables.empty)", "max() on empty array"),
        ("max(variables.bad)", "max() encountered non-numeric element: bool"),
        ("min(1, null)", "min() requires numeric values, got <nil>"),
    ],
)
def test_aggregate_errors(source: str, message: str) -> None:
    fails(source, message, empty=[], bad=[1.0, True], a=[1.0])


def test_extremes_with_nan_follow_sequential_comparison() -> None:
    assert math.isnan(value("min(variables.a)", a=[float("nan"), 1.0]))
    assert value("min(variables.a)", a=[1.0, float("nan"), 0.5]) == 0.5


# ----------------------------------------------------------------------------- math


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("round(2.5)", 3.0),
        ("round(-2.5)", -3.0),
        ("round(3.4)", 3.0),
        ("round(0.49999999999999994)", 0.0),
        ("round('3.6')", 4.0),
        ("floor(3.7)", 3.0),
        ("floor(-3.2)", -4.0),
        ("ceil(3.2)", 4.0),
        ("ceil(-3.7)", -3.0),
        ("abs(-5)", 5.0),
        ("abs('-2')", 2.0),
        ("pow(2, 3)", 8.0),
        ("pow(4, 0.5)", 2.0),
        ("sqrt(16)", 4.0),
        ("round(variables.a)", [3.0, 5.0, 6.0, -1.0]),
        ("floor(variables.a)", [3.0, 4.0, 5.0, -2.0]),
        ("ceil(variables.a)", [4.0, 5.0, 6.0, -1.0]),
        ("abs(variables.a)", [3.2, 4.7, 5.5, 1.1]),
    ],
)
def test_math(source: str, expected: Any) -> None:
    assert value(source, a=[3.2, 4.7, 5.5, -1.1]) == expected


def test_go_round_edge_cases() -> None:
    assert math.copysign(1.0, go_round(-0.4)) == -1.0
    assert go_round(float("inf")) == float("inf")
    assert math.isnan(go_round(float("nan")))
    assert go_round(2.0**53 + 1) == 2.0**53 + 1
    assert math.copysign(1.0, value("ceil(-0.5)")) == -1.0


def test_pow_follows_go_where_python_raises() -> None:
    assert value("pow(10, 400)") == float("inf")
    assert value("pow(-10, 401)") == float("-inf")
    assert math.isnan(value("pow(-8, 0.5)"))
    assert value("pow(0, -1)") == float("inf")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("sqrt(-1)", "sqrt() of negative number"),
        ("pow('a', 2)", "pow() requires numeric values, got string"),
        ("round('a')", "round() requires numeric value, got string"),
        ("floor(null)", "floor() requires numeric value, got <nil>"),
        ("abs(variables.bad)", "abs() encountered non-numeric element: string"),
    ],
)
def test_math_errors(source: str, message: str) -> None:
    fails(source, message, bad=[1.0, "x"])


# ---------------------------------------------------------------------------- arrays


@pytest.mark.parametrize(
    ("array", "expected"),
    [
        ([3.0, "b", 1.0, "a", True, "10"], [1.0, 3.0, "10", "a", "b", True]),
        ([3.0, 1.0, 4.0, 2.0], [1.0, 2.0, 3.0, 4.0]),
        (["charlie", "alice", "bob"], ["alice", "bob", "charlie"]),
        ([2, 1.0, 3], [1.0, 2, 3]),
        ([], []),
        ([None, True, False], [None, False, True]),
    ],
)
def test_sort(array: list[Any], expected: list[Any]) -> None:
    assert value("sort(variables.a)", a=array) == expected


def test_sort_replays_the_exchange_procedure_for_ties_that_show() -> None:
    # 2 and "2" compare equal numerically but are different values: the reference's
    # exchange procedure leaves them in an order a stable sort would not.
    assert sort_values([2.0, "2", 1.0]) == [1.0, "2", 2.0]
    assert sort_values(["2", 2.0, 1.0]) == [1.0, 2.0, "2"]
    signs = [math.copysign(1.0, number) for number in sort_values([0.0, -0.0, -1.0])]
    assert signs == [-1.0, -1.0, 1.0]


def test_sort_of_a_large_mixed_array_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_EXCHANGE_SORT >= 1_000
    monkeypatch.setattr("thaiyyal.expression.functions.MAX_EXCHANGE_SORT", 10)
    assert sort_values(["a", 1.0] * 5) == [1.0] * 5 + ["a"] * 5
    with pytest.raises(ExpressionLimitError, match="sort") as raised:
        sort_values(["a", 1.0] * 6)
    assert (raised.value.value, raised.value.maximum) == (12, 10)
    assert len(sort_values([float(n) for n in range(50_000)])) == 50_000  # plain: no limit
    assert len(sort_values([f"s{n}" for n in range(50_000)])) == 50_000


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("reverse(variables.a)", [3.0, 2.0, 1.0]),
        ("unique(variables.u)", [1.0, 2.0, True]),
        ("flatten(variables.n)", [1.0, 2.0, 3.0, 4.0, 5.0]),
        ("flatten(variables.deep)", [1.0]),
        ("slice(variables.f, 2)", [3.0, 4.0, 5.0]),
        ("slice(variables.f, 1, 4)", [2.0, 3.0, 4.0]),
        ("slice(variables.f, -2)", [4.0, 5.0]),
        ("slice(variables.f, 1, -1)", [2.0, 3.0, 4.0]),
        ("slice(variables.f, 1.9)", [2.0, 3.0, 4.0, 5.0]),
        ("slice(variables.f, 3, 1)", []),
        ("slice(variables.f, -10, 100)", [1.0, 2.0, 3.0, 4.0, 5.0]),
        ("slice(variables.f, '1', '2')", [2.0]),
        ("sample(variables.f, 2)", [1.0, 3.0]),
        ("sample(variables.f, 5)", [1.0, 4.0, 2.0, 5.0, 3.0]),
        ("sample(variables.f, 9)", [1.0, 4.0, 2.0, 5.0, 3.0]),
        ("sample(variables.f, 0)", []),
        ("sample(variables.f, 2.9)", [1.0, 3.0]),
        ("zip(variables.a, variables.z)", [[1.0, "x"], [2.0, None], [3.0, None]]),
        (
            "zip(variables.a, variables.a, variables.z)",
            [[1.0, 1.0, "x"], [2.0, 2.0, None], [3.0, 3.0, None]],
        ),
    ],
)
def test_array_functions(source: str, expected: Any) -> None:
    deep: list[Any] = [1.0]
    for _ in range(5_000):
        deep = [deep]
    result = value(
        source,
        a=[1.0, 2.0, 3.0],
        u=[1.0, "1", 1, 2.0, True, "true"],
        n=[[1.0, 2.0], [3.0, [4.0]], 5.0],
        deep=deep,
        f=[1.0, 2.0, 3.0, 4.0, 5.0],
        z=["x"],
    )
    assert result == expected


def test_array_functions_copy() -> None:
    original = [1.0, 2.0]
    result = value("reverse(variables.a)", a=original)
    assert original == [1.0, 2.0] and result is not original


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("sort('x')", "sort() requires an array, got string"),
        ("reverse(null)", "reverse() requires an array, got <nil>"),
        ("unique(1)", "unique() requires an array, got float64"),
        ("flatten(variables.o)", "flatten() requires an array, got map[string]interface {}"),
        ("slice('abc', 1)", "slice() first argument must be an array, got string"),
        ("slice(variables.a, 'x')", "slice() start must be numeric, got string"),
        ("slice(variables.a, 0, null)", "slice() end must be numeric, got <nil>"),
        ("sample(variables.a, -1)", "sample() n must be non-negative, got -1"),
        ("sample(variables.a, 'x')", "sample() n must be numeric, got string"),
        ("sample(1, 1)", "sample() first argument must be an array, got float64"),
        ("zip(variables.a, 1)", "zip() argument 2 must be an array, got float64"),
    ],
)
def test_array_errors(source: str, message: str) -> None:
    fails(source, message, a=[1.0], o={"k": 1})


# ------------------------------------------------------------------------ conditions


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("contains(variables.n, 2)", True),
        ("contains(variables.m, 'a:1')", True),
        ("contains(variables.l, 'b c')", True),
        ("contains(null, 'nil')", True),
        ("contains('abc', 'd')", False),
        ("isNull(null)", True),
        ("isNull(variables.missing)", True),
        ("isNull(0)", False),
        ("coalesce(null, variables.missing, 3, 1 / 0)", 3.0),
        ("coalesce(null, null)", None),
        ("coalesce(variables.n)", 123.0),
    ],
)
def test_condition_functions(source: str, expected: Any) -> None:
    result = value(source, n=123.0, m={"b": 2.0, "a": 1.0}, l=["a", "b c"])
    assert result == expected and type(result) is type(expected)


def test_call_function_takes_values() -> None:
    assert call_function("coalesce", [None, None, 100.0, 200.0]) == 100.0
    assert call_function("coalesce", [None, None, None]) is None
    assert call_function("round", [2.5]) == 3.0
    with pytest.raises(ExpressionEvaluationError, match="unknown function 'map'"):
        call_function("map", [[1], 2])
    with pytest.raises(ExpressionEvaluationError, match="unknown function 'nope'"):
        call_function("nope", [])
    with pytest.raises(ExpressionEvaluationError, match=r"round\(\) requires exactly 1"):
        call_function("round", [1, 2])


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2024-01-15T10:30:00Z", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("2024-01-15T10:30:00.123456789Z", datetime(2024, 1, 15, 10, 30, 0, 123456, tzinfo=UTC)),
        (
            "2024-01-15T10:30:00.5+05:30",
            datetime(2024, 1, 15, 10, 30, 0, 500000, tzinfo=timezone(timedelta(hours=5.5))),
        ),
        ("2024-01-15", datetime(2024, 1, 15, tzinfo=UTC)),
        ("2024-01-15 10:30:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("2024-01-15T10:30:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("2024-01-15 1:30:00", datetime(2024, 1, 15, 1, 30, tzinfo=UTC)),
        ("Mon, 15 Jan 2024 10:30:00 MST", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("15 Jan 24 10:30 UTC", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("15 jan 99 10:30 GMT", datetime(1999, 1, 15, 10, 30, tzinfo=UTC)),
        (1705315800, datetime(2024, 1, 15, 10, 50, tzinfo=UTC)),
        (1705315800.9, datetime(2024, 1, 15, 10, 50, tzinfo=UTC)),
        (-1.5, datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)),
        (datetime(2024, 1, 15, 10, 30), datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
    ],
)
def test_parse_datetime(given: Any, expected: datetime) -> None:
    parsed = parse_datetime(given)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("not a date", "unable to parse date/time: not a date"),
        ("2024-13-01", "unable to parse date/time: 2024-13-01"),
        ("2024-02-30", "unable to parse date/time: 2024-02-30"),
        ("2024-01-15T25:00:00Z", "unable to parse date/time: 2024-01-15T25:00:00Z"),
        ("2024-01-15T10:30:00+05:99", "unable to parse date/time: 2024-01-15T10:30:00+05:99"),
        (" 2024-01-15", "unable to parse date/time:  2024-01-15"),
        ("1705315800", "unable to parse date/time: 1705315800"),
        (
            "Xyz, 15 Jan 2024 10:30:00 MST",
            "unable to parse date/time: Xyz, 15 Jan 2024 10:30:00 MST",
        ),
        ("15 Foo 24 10:30 UTC", "unable to parse date/time: 15 Foo 24 10:30 UTC"),
        (True, "unsupported date/time type: bool"),
        (None, "unsupported date/time type: <nil>"),
        ([1], "unsupported date/time type: []interface {}"),
        (float("nan"), "parseDate() value out of range: NaN"),
        (1e20, "parseDate() value out of range: 1e+20"),
    ],
)
def test_parse_datetime_errors(given: Any, message: str) -> None:
    with pytest.raises(ExpressionEvaluationError) as raised:
        parse_datetime(given)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("year('2024-01-15')", 2024.0),
        ("month(variables.t)", 1.0),
        ("day(variables.t)", 15.0),
        ("hour(variables.t)", 10.0),
        ("minute(variables.t)", 30.0),
        ("hour('2024-01-15T10:30:00+05:30')", 10.0),
        ("hour(0)", 0.0),
        ("toEpoch(variables.t)", 1705314600.0),
        ("toEpochMillis('2024-01-15T10:30:00.123999Z')", 1705314600123.0),
        ("toEpoch('1969-12-31T23:59:59.5Z')", -1.0),
        ("dateDiff('2024-01-15T10:30:01.5Z', variables.t)", 1.5),
        ("dateDiff(variables.t, '2024-01-16')", -48600.0),
        ("year(variables.t) == 2024", True),
        ("dateAdd(variables.t, 90.9) == '2024-01-15T10:31:30Z'", False),
        ("toEpoch(dateAdd(variables.t, 90.9))", 1705314690.0),
        ("toEpoch(fromEpoch(1705314600.7))", 1705314600.0),
        ("toEpochMillis(fromEpochMillis(1705314600123.9))", 1705314600123.0),
        ("toEpochMillis(fromEpochMillis(-1))", -1.0),
        ("fromEpoch('0') == parseDate('1970-01-01')", True),
        ("parseDate(variables.t) == variables.t", True),
    ],
)
def test_date_functions(source: str, expected: Any) -> None:
    result = value(source, t=datetime(2024, 1, 15, 10, 30, tzinfo=UTC))
    assert result == expected and type(result) is type(expected)


def test_now_is_aware_utc() -> None:
    moment = value("now()")
    assert isinstance(moment, datetime) and moment.utcoffset() == timedelta(0)
    assert value("dateDiff(now(), '2020-01-01') > 0") is True
    assert parse("now()").test(Scope()) is False


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("year('x')", "unable to parse date/time: x"),
        ("fromEpoch('x')", "fromEpoch() requires a numeric value, got string"),
        ("fromEpoch(1e300)", "fromEpoch() value out of range: 1e+300"),
        (
            "dateAdd('2024-01-01', 'x')",
            "dateAdd() requires a numeric number of seconds, got string",
        ),
        ("dateAdd('2024-01-01', 1e300)", "dateAdd() result out of range: 1e+300"),
        ("dateAdd('9999-12-31', 86400)", "dateAdd() result out of range: 86400"),
    ],
)
def test_date_errors(source: str, message: str) -> None:
    fails(source, message)


# --------------------------------------------------------------------------- methods


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("'alice'.toUpperCase()", "ALICE"),
        ("'ALICE'.toLowerCase()", "alice"),
        ("'straße'.toUpperCase()", "STRAßE"),
        ("'İ'.toLowerCase()", "i"),
        ("'ÉCOLE'.toLowerCase()", "école"),
        ("' \t hello \\n '.trim()", "hello \\n"),
        ("variables.ws.trim()", "x\x1c"),
        ("'user@example.com'.includes('@example')", True),
        ("'a1'.includes(1)", True),
        ("'abc'.includes('')", True),
        ("variables.tags.includes('admin')", True),
        ("variables.tags.includes('root')", False),
        ("variables.nums.includes('1')", True),
        ("variables.nums.includes(2)", True),
        ("variables.bools.includes('true')", True),
        ("variables.tags.includes(variables.who)", True),
        ("'report.pdf'.startsWith('rep')", True),
        ("'report.pdf'.endsWith('.pdf')", True),
        ("'report.pdf'.endsWith(variables.who)", False),
        ("'old and old'.replace('old', 'new')", "new and new"),
        ("'aXa'.replace('a', 'b,c')", "b,cXb,c"),
        ("'ab'.replace('', '-')", "-a-b-"),
        ("'a1a'.replace(1, 2)", "a2a"),
        ("'abc'.replace('z', 'y')", "abc"),
        ("'a,b,,c'.split(',')", ["a", "b", "", "c"]),
        ("'abc'.split('')", ["a", "b", "c"]),
        ("''.split('')", []),
        ("''.split(',')", [""]),
        ("'a1b1c'.split(1)", ["a", "b", "c"]),
        ("variables.tags.join(', ')", "user, admin"),
        ("variables.mixed.join('-')", "1-2.5-1e+06-true-<nil>-s-[1 2]-map[k:1]"),
        ("variables.nums.join(0)", "102"),
        ("variables.tags.reverse()", ["admin", "user"]),
        ("variables.tags.first()", "user"),
        ("variables.tags.last()", "admin"),
        ("variables.empty.first()", None),
        ("variables.empty.last()", None),
        ("variables.missing.first()", None),
        ("variables.tags.reverse().join('')", "adminuser"),
    ],
)
def test_methods(source: str, expected: Any) -> None:
    result = value(
        source,
        tags=["user", "admin"],
        nums=[1.0, 2.0],
        bools=[True],
        who="admin",
        ws="\u3000x\x1c\u2029",
        mixed=[1.0, 2.5, 1000000.0, True, None, "s", [1.0, 2.0], {"k": 1.0}],
        empty=[],
    )
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("(5).toUpperCase()", "toUpperCase() can only be called on strings, got float64"),
        (
            "variables.a.toLowerCase()",
            "toLowerCase() can only be called on strings, got []interface {}",
        ),
        ("true.trim()", "trim() can only be called on strings, got bool"),
        ("(1).includes(1)", "includes() can only be called on strings or arrays, got float64"),
        (
            "variables.o.includes(1)",
            "includes() can only be called on strings or arrays, got map[string]interface {}",
        ),
        (
            "variables.a.startsWith('a')",
            "startsWith() can only be called on strings, got []interface {}",
        ),
        ("(1).endsWith('a')", "endsWith() can only be called on strings, got float64"),
        ("(1).replace('a', 'b')", "replace() can only be called on strings, got float64"),
        ("(1).split(',')", "split() can only be called on strings, got float64"),
        ("'a'.join(',')", "join() can only be called on arrays, got string"),
        ("'a'.reverse()", "reverse() can only be called on arrays, got string"),
        (
            "variables.o.first()",
            "first() can only be called on arrays, got map[string]interface {}",
        ),
        ("'a'.last()", "last() can only be called on arrays, got string"),
    ],
)
def test_method_errors(source: str, message: str) -> None:
    fails(source, message, a=["x"], o={"k": 1})


def test_case_mapping_is_rune_for_rune() -> None:
    assert go_upper("ŉ") == "ŉ"  # Python would give two characters
    assert go_lower("ABC") == "abc"
    assert go_upper("ǅ") == "Ǆ"
