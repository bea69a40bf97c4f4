"""Shared JSON value semantics: numbers, Go text forms, equality and ordering."""

from __future__ import annotations

import enum
import math
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaiyyal.values import (
    compare_values,
    go_format,
    go_format_float,
    go_type_name,
    is_number,
    is_numeric,
    is_true,
    parse_go_float,
    shortest_digits,
    sort_compare,
    to_number,
    utf8_length,
    values_equal,
)


def test_is_number() -> None:
    assert is_number(1) and is_number(1.5) and is_number(float("nan"))
    assert not is_number(True) and not is_number(False)
    assert not is_number("1") and not is_number(None) and not is_number([1])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42.0),
        ("-42", -42.0),
        ("+3", 3.0),
        ("1e5", 1e5),
        ("1E-5", 1e-5),
        (".5", 0.5),
        ("5.", 5.0),
        ("-.5e1", -5.0),
        ("1_000", 1000.0),
        ("1_000.000_1", 1000.0001),
        ("1e1_0", 1e10),
        ("Inf", math.inf),
        ("-inf", -math.inf),
        ("+Infinity", math.inf),
        ("INFINITY", math.inf),
        ("0x1p3", 8.0),
        ("0x1.8p1", 3.0),
        ("-0X.8P0", -0.5),
        ("0x_1p3", 8.0),
        ("-0x_1p3", -8.0),
        ("+0X_1P3", 8.0),
        ("0x1_Fp0", 31.0),
        ("0xA_bp0", 171.0),
        ("1_0e1_0", 1e11),
        ("9_9", 99.0),
        ("1e-400", 0.0),
        ("007", 7.0),
    ],
)
def test_parse_go_float_accepts(text: str, expected: float) -> None:
    assert parse_go_float(text) == expected


def test_parse_go_float_nan() -> None:
    assert math.isnan(parse_go_float("NaN"))
    assert math.isnan(parse_go_float("nan"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " 1",
        "1 ",
        "0x10",
        "1E400",
        "-1e400",
        "0x1p2000",
        "1__000",
        "_1",
        "1_",
        "1_.5",
        "1._5",
        "1_e5",
        "1e_10",
        "-_1",
        "0x1_p3",
        "0x1p_3",
        "0xg_1p0",
        "abc",
        "1e",
        "e5",
        ".",
        "+",
        "+nan",
        "infin",
        "infinityy",
        "١٢",
        "1,5",
        "--1",
    ],
)
def test_parse_go_float_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_go_float(text)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (1, 1.0),
        (2.5, 2.5),
        ("42", 42.0),
        ("1e3", 1000.0),
        ("inf", math.inf),
        (" 1", None),
        ("", None),
        ("1" * 400, None),
        (True, None),
        (None, None),
        ([1], None),
        ({"a": 1}, None),
        (10**400, math.inf),
        (-(10**400), -math.inf),
    ],
)
def test_to_number(given: Any, expected: float | None) -> None:
    result = to_number(given)
    assert result == expected
    if expected is not None:
        assert type(result) is float
    assert is_numeric(given) is (expected is not None)


def test_is_true_is_only_true() -> None:
    assert is_true(True)
    assert not any(is_true(v) for v in (1, "true", [True], None, 1.0, False))


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1.0, "1"),
        (1.5, "1.5"),
        (2.5, "2.5"),
        (123456.0, "123456"),
        (999999.9, "999999.9"),
        (1e6, "1e+06"),
        (1234567.0, "1.234567e+06"),
        (12345678.9, "1.23456789e+07"),
        (1e20, "1e+20"),
        (1e21, "1e+21"),
        (1e100, "1e+100"),
        (0.0001, "0.0001"),
        (1e-5, "1e-05"),
        (0.000012345, "1.2345e-05"),
        (0.1, "0.1"),
        (0.30000000000000004, "0.30000000000000004"),
        (-2.5, "-2.5"),
        (-1e6, "-1e+06"),
        (0.0, "0"),
        (-0.0, "-0"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (math.nan, "NaN"),
        (math.inf, "+Inf"),
        (-math.inf, "-Inf"),
    ],
)
def test_go_format_float(number: float, text: str) -> None:
    assert go_format_float(number) == text
    assert go_format(number) == text


def go_v_model(number: float) -> str:
    """Go's ``%v`` of a finite float, built from Python's shortest repr via ``Decimal``."""
    if number == 0:
        return "-0" if math.copysign(1.0, number) < 0 else "0"
    _, digit_tuple, exponent = Decimal(repr(abs(number))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    assert isinstance(exponent, int)
    decimal_exponent = len(digits) - 1 + exponent  # number = d.ddd x 10^decimal_exponent
    minus = "-" if number < 0 else ""
    if decimal_exponent < -4 or decimal_exponent >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        exponent_sign = "-" if decimal_exponent < 0 else "+"
        return f"{minus}{mantissa}e{exponent_sign}{abs(decimal_exponent):02d}"
    return minus + format(Decimal(repr(abs(number))).normalize(), "f")


@settings(max_examples=2000)
@given(
    st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([1e-4, 1e6, 999999.9999999999, 9.999999999999999e-05, 1e-5, 1e21]).flatmap(
        lambda x: st.sampled_from([x, -x, math.nextafter(x, 0), math.nextafter(x, math.inf)])
    )
)
def test_go_format_float_matches_a_decimal_model(number: float) -> None:
    assert go_format_float(number) == go_v_model(number)


@pytest.mark.parametrize(
    ("given", "text"),
    [
        (None, "<nil>"),
        (True, "true"),
        (False, "false"),
        (42, "42"),
        (-7, "-7"),
        ("raw text", "raw text"),
        ([], "[]"),
        ({}, "map[]"),
        (["a", "b c"], "[a b c]"),
        ([1.0, 2.5, 1000000.0, True, None, "s"], "[1 2.5 1e+06 true <nil> s]"),
        ({"b": 2.0, "a": [1.0, {"x": None}]}, "map[a:[1 map[x:<nil>]] b:2]"),
        ((1.0, 2.0), "[1 2]"),
        (datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc), "2024-01-15 10:30:00 +0000 UTC"),
        (
            datetime(2024, 1, 15, 10, 30, 0, 120000, tzinfo=timezone.utc),
            "2024-01-15 10:30:00.12 +0000 UTC",
        ),
        (
            datetime(2024, 1, 15, 10, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            "2024-01-15 10:30:00 +0530 +0530",
        ),
        (
            datetime(2024, 1, 15, 10, 30, tzinfo=timezone(-timedelta(hours=8))),
            "2024-01-15 10:30:00 -0800 -0800",
        ),
        (datetime(2024, 1, 15, 10, 30), "2024-01-15 10:30:00 +0000 UTC"),
    ],
)
def test_go_format(given: Any, text: str) -> None:
    assert go_format(given) == text


def test_go_format_of_deep_values_does_not_recurse() -> None:
    deep: Any = 1.0
    for _ in range(50_000):
        deep = [deep]
    text = go_format(deep)
    assert text == "[" * 50_000 + "1" + "]" * 50_000


def test_go_format_of_other_objects() -> None:
    class Thing:
        def __str__(self) -> str:
            return "thing"

    assert go_format(Thing()) == "thing"
    assert go_format([Thing()]) == "[thing]"


@pytest.mark.parametrize(
    ("given", "name"),
    [
        (None, "<nil>"),
        (True, "bool"),
        (1, "int"),
        (1.0, "float64"),
        ("s", "string"),
        ({}, "map[string]interface {}"),
        ([], "[]interface {}"),
        ((), "[]interface {}"),
        (datetime(2024, 1, 1, tzinfo=timezone.utc), "time.Time"),
        (b"x", "bytes"),
    ],
)
def test_go_type_name(given: Any, name: str) -> None:
    assert go_type_name(given) == name


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        (None, None, True),
        (None, 0, False),
        ("", None, False),
        ("10", 10.0, True),
        ("10", "10.0", True),
        (1, 1.0, True),
        ("NaN", "NaN", False),
        (math.nan, math.nan, False),
        ("abc", "abc", True),
        ("abc", "ABC", False),
        (True, 1, False),
        (True, True, True),
        (False, "false", False),
        ([1.0, "2"], [1, 2.0], True),
        ([1.0], [1.0, 2.0], False),
        ({"a": [1.0]}, {"a": ["1"]}, True),
        ({"a": 1.0}, {"b": 1.0}, False),
        ({"a": 1.0}, {"a": 1.0, "b": 2.0}, False),
        ([1.0], {"0": 1.0}, False),
        ([], "[]", False),
    ],
)
def test_values_equal(left: Any, right: Any, equal: bool) -> None:
    assert values_equal(left, right) is equal
    assert values_equal(right, left) is equal


def test_values_equal_on_deep_values_does_not_recurse() -> None:
    left: Any = 1.0
    right: Any = "1"
    for _ in range(50_000):
        left, right = [left], [right]
    assert values_equal(left, right)


@pytest.mark.parametrize(
    ("left", "right", "order"),
    [
        (1.0, 2.0, -1),
        ("10", 9, 1),
        ("b", "a", 1),
        ("a", "a", 0),
        ("B", "a", -1),
        ("é", "z", 1),
        ("10", "abc", -1),
        (1.0, "a", None),
        (True, False, None),
        (None, None, None),
        ([1], [2], None),
        (math.nan, 1.0, None),
    ],
)
def test_compare_values(left: Any, right: Any, order: int | None) -> None:
    assert compare_values(left, right) == order


def test_compare_date_times() -> None:
    early = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert compare_values(early, early + timedelta(seconds=1)) == -1
    assert compare_values(datetime(2024, 1, 1), early) == 0
    assert compare_values(early, "2024-01-01") is None


@pytest.mark.parametrize(
    ("left", "right", "order"),
    [
        (1.0, "2", -1),
        ("10", "9", 1),
        ("b", "a", 1),
        (True, "a", 1),  # "true" > "a" as text
        (None, 1.0, 1),  # by text: "<nil>" sorts after "1" ('<' is 0x3C, '1' is 0x31)
        (math.nan, 1.0, 0),
    ],
)
def test_sort_compare(left: Any, right: Any, order: int) -> None:
    assert sort_compare(left, right) == order


def test_utf8_length() -> None:
    assert utf8_length("abc") == 3
    assert utf8_length("héllo") == 6
    assert utf8_length("€") == 3
    assert utf8_length("\ud800") == 3


class _Level(enum.IntEnum):
    HIGH = 3


class _Ratio(float):
    pass


def test_subclasses_of_numbers_are_numbers_with_their_base_text() -> None:
    assert to_number(_Level.HIGH) == 3.0 and type(to_number(_Level.HIGH)) is float
    assert to_number(_Ratio(2.5)) == 2.5
    assert is_number(_Level.HIGH) and is_number(_Ratio(0.5))
    assert go_format(_Level.HIGH) == "3"
    assert go_format(_Ratio(1e6)) == "1e+06"
    assert go_format([_Level.HIGH, _Ratio(2.5)]) == "[3 2.5]"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "invalid syntax: empty string"),
        ("abc", "invalid syntax: 'abc'"),
        ("1__0", "invalid syntax: '1__0'"),
        ("1e400", "value out of range: '1e400'"),
        ("0x1p2000", "value out of range: '0x1p2000'"),
    ],
)
def test_parse_go_float_says_why_it_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_go_float(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text",
    # Go's underscoreOK: "_" only between digits or right after a base prefix;
    # "E" is no digit outside hexadecimal
    ["_", "-_", "0x__1p3", "1_E5", "0X1p_3"],
)
def test_parse_go_float_rejects_misplaced_underscores(text: str) -> None:
    with pytest.raises(ValueError):
        parse_go_float(text)


def test_parse_go_float_upper_case_hex_digits_with_underscores() -> None:
    assert parse_go_float("0XA_Bp0") == 171.0
    assert parse_go_float("0X_Fp1") == 30.0


@pytest.mark.parametrize(
    ("number", "digits", "exponent"),
    [
        (123.45, "12345", 2),
        (0.001, "1", -3),
        (0.0123, "123", -2),
        (-2.5, "25", 0),
        (1200.0, "12", 3),
        (1e21, "1", 21),
        (5e-324, "5", -324),
    ],
)
def test_shortest_digits(number: float, digits: str, exponent: int) -> None:
    assert shortest_digits(number) == (digits, exponent)


def test_shortest_digits_of_zero_is_a_zero_digit() -> None:
    assert shortest_digits(0.0)[0] == "0"


@pytest.mark.parametrize(
    ("zone", "text"),
    [
        # Go's %v names the zone by its abbreviation; a zero offset is not always "UTC"
        (ZoneInfo("Europe/London"), "2024-01-15 10:30:00 +0000 GMT"),
        (ZoneInfo("America/New_York"), "2024-01-15 10:30:00 -0500 EST"),
        (ZoneInfo("UTC"), "2024-01-15 10:30:00 +0000 UTC"),
        (timezone(timedelta(0), "UTC"), "2024-01-15 10:30:00 +0000 UTC"),
        (timezone(timedelta(0), "UTC+00:00"), "2024-01-15 10:30:00 +0000 UTC"),
        (timezone(timedelta(0), "Z"), "2024-01-15 10:30:00 +0000 +0000"),
    ],
)
def test_go_format_names_time_zones(zone: Any, text: str) -> None:
    assert go_format(datetime(2024, 1, 15, 10, 30, tzinfo=zone)) == text


def test_go_format_sorts_non_string_keys_as_text() -> None:
    assert go_format({10: 1.0, 9: 2.0, "a": None}) == "map[10:1 9:2 a:<nil>]"


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        # spec/expressions.md §7: numeric strings compare numerically, also with zero
        ("0", 0.0, True),
        ("0", 0, True),
        ("0.0", "0", True),
        ("", "a", False),
        ("", 0.0, False),
        ([], {}, False),
        ([], "", False),
        (datetime(2024, 1, 1, tzinfo=timezone.utc), "2024-01-01T00:00:00Z", False),
        (datetime(2024, 1, 1, tzinfo=timezone.utc), 0.0, False),
        (datetime(2024, 1, 1, tzinfo=timezone.utc), None, False),
    ],
)
def test_values_equal_edge_cases(left: Any, right: Any, equal: bool) -> None:
    assert values_equal(left, right) is equal
    assert values_equal(right, left) is equal


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        (2**53 + 1, 2**53, True),  # float64 has no 2**53 + 1: both are 9007199254740992
        (2**53 + 1, float(2**53), True),
        (-(2**53) - 1, -(2**53), True),
        (2**53 + 2, 2**53, False),  # 2**53 + 2 is a float64 of its own
        (2**53, 2**53 - 1, False),  # exact below the boundary
        (3, 3.0, True),
        (10**400, math.inf, True),  # too large for a float64: an infinity, as to_number says
        (10**400, 10**400 + 1, True),
        (-(10**400), math.inf, False),
    ],
)
def test_big_ints_are_equal_as_float64_numbers_are(left: int, right: Any, equal: bool) -> None:
    assert values_equal(left, right) is equal
    assert values_equal(right, left) is equal
    # == agrees with the ordering comparisons on the same pair
    assert (compare_values(left, right) == 0) is equal


def test_equal_numerics_order_as_equal() -> None:
    assert compare_values(1.0, "1") == 0
    assert compare_values("2.50", 2.5) == 0
    assert compare_values(2, 1.0) == 1


@pytest.mark.parametrize(
    ("left", "right", "order"),
    [
        (1.0, "1", 0),
        ("1e1", 10, 0),
        (2.0, 1.0, 1),
        ("a", "a", 0),
        ("a", "b", -1),
        ("b", "a", 1),
        (True, True, 0),
        (False, True, -1),  # "false" < "true"
        (True, False, 1),
        (None, True, -1),  # "<nil>" < "true"
        ([1.0], [1.0], 0),
    ],
)
def test_sort_compare_orders_ties_and_both_ways(left: Any, right: Any, order: int) -> None:
    assert sort_compare(left, right) == order
    assert sort_compare(right, left) == -order
