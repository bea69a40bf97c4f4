"""Go ``encoding/json`` output, byte for byte (spec/nodes.md §1.9)."""

from __future__ import annotations

import enum
import json
import math
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal.gojson import GoJSONError, GoJSONTooLong, dumps, format_float, quote


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0.0, "0"),
        (-0.0, "-0"),
        (1.0, "1"),
        (30.0, "30"),
        (1.5, "1.5"),
        (-2.25, "-2.25"),
        (27.500000000000004, "27.500000000000004"),
        (0.1, "0.1"),
        (123456.0, "123456"),
        (1e6, "1000000"),
        (1e16, "10000000000000000"),
        (1e20, "100000000000000000000"),
        (123456789012345680000.0, "123456789012345680000"),
        # the scientific thresholds: below 1e-6 and from 1e21 on
        (1e21, "1e+21"),
        (1.5e21, "1.5e+21"),
        (999999999999999900000.0, "999999999999999900000"),
        (1e-6, "0.000001"),
        (1.5e-6, "0.0000015"),
        (9.99e-7, "9.99e-7"),
        (1e-7, "1e-7"),
        (1.5e-10, "1.5e-10"),
        (1e-100, "1e-100"),
        (1e100, "1e+100"),
        (-1e-7, "-1e-7"),
        (-1e21, "-1e+21"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
    ],
)
def test_float_format(number: float, text: str) -> None:
    assert format_float(number) == text


@pytest.mark.parametrize(("number", "name"), [(math.nan, "NaN"), (math.inf, "+Inf")])
def test_non_finite_floats_are_errors(number: float, name: str) -> None:
    with pytest.raises(GoJSONError, match=f"json: unsupported value: {name.replace('+', '[+]')}"):
        dumps({"x": [number]})
    with pytest.raises(GoJSONError, match="-Inf"):
        format_float(-math.inf)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_text_round_trips(number: float) -> None:
    text = format_float(number)
    assert float(text) == number
    assert not text.endswith(".0")


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("hello", '"hello"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("a\nb\rc\td", '"a\\nb\\rc\\td"'),
        ("\b\f", '"\\b\\f"'),
        ("\x00\x01\x1f", '"\\u0000\\u0001\\u001f"'),
        ("\x7f", '"\x7f"'),
        ("<a>&</a>", '"\\u003ca\\u003e\\u0026\\u003c/a\\u003e"'),
        ("line\u2028para\u2029", '"line\\u2028para\\u2029"'),
        ("café µs 日本", '"café µs 日本"'),
        ("😀", '"😀"'),
        ("bad\ud800surrogate", '"bad\\ufffdsurrogate"'),
    ],
)
def test_string_escaping(text: str, quoted: str) -> None:
    assert quote(text) == quoted
    assert dumps(text) == quoted


def test_scalars() -> None:
    assert dumps(None) == "null"
    assert dumps(True) == "true"
    assert dumps(False) == "false"
    assert dumps(3) == "3"
    assert dumps(-(2**70)) == str(-(2**70))
    assert dumps(2.5) == "2.5"


def test_compact_objects_sort_keys_bytewise() -> None:
    value = {"name": "John", "age": 30.0, "Zeta": 1.0, "é": 2.0, "a b": [1.0, "x", None, True]}
    assert dumps(value) == '{"Zeta":1,"a b":[1,"x",null,true],"age":30,"name":"John","é":2}'


def test_empty_containers() -> None:
    assert dumps([]) == "[]"
    assert dumps({}) == "{}"
    assert dumps({"a": [], "b": {}}) == '{"a":[],"b":{}}'
    assert dumps({"a": [], "b": {}}, indent="  ") == '{\n  "a": [],\n  "b": {}\n}'
    assert dumps([], indent="  ") == "[]"


def test_pretty_print_matches_marshal_indent() -> None:
    value = [{"id": 1.0, "tags": ["a", "b"], "meta": {"x": None}}, 2.0]
    expected = (
        "[\n"
        "  {\n"
        '    "id": 1,\n'
        '    "meta": {\n'
        '      "x": null\n'
        "    },\n"
        '    "tags": [\n'
        '      "a",\n'
        '      "b"\n'
        "    ]\n"
        "  },\n"
        "  2\n"
        "]"
    )
    assert dumps(value, indent="  ") == expected


def test_html_escaping_applies_to_keys() -> None:
    assert dumps({"<k>": "&"}) == '{"\\u003ck\\u003e":"\\u0026"}'


def test_datetimes_are_rfc3339_strings() -> None:
    utc = timezone.utc
    assert dumps(datetime(2023, 11, 14, 22, 13, 20, tzinfo=utc)) == '"2023-11-14T22:13:20Z"'
    moment = datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=timezone(timedelta(hours=2)))
    assert dumps([moment]) == '["2023-11-14T22:13:20.123+02:00"]'


def test_tuples_are_arrays_and_unknown_types_fail() -> None:
    assert dumps((1, "a")) == '[1,"a"]'
    with pytest.raises(GoJSONError, match="unsupported type: object"):
        dumps({"x": object()})


def test_deep_nesting_does_not_recurse() -> None:
    value: object = 1.0
    for _ in range(5000):
        value = [value]
    text = dumps(value)
    assert text == "[" * 5000 + "1" + "]" * 5000


def test_length_budget_stops_early() -> None:
    big = ["x" * 100] * 1000
    with pytest.raises(GoJSONTooLong):
        dumps(big, max_length=5000)
    with pytest.raises(GoJSONTooLong):
        dumps("y" * 10, max_length=5)
    assert dumps(["ab"], max_length=6) == '["ab"]'


@given(
    st.recursive(
        st.none() | st.booleans() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=5), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_output_is_json_equal_to_the_input(value: object) -> None:
    for indent in (None, "  "):
        text = dumps(value, indent=indent)
        assert json.loads(text, parse_int=float) == _normalise(value)


def _normalise(value: object) -> object:
    if isinstance(value, str):
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value)
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {_normalise(k): _normalise(v) for k, v in value.items()}
    return value


def test_non_finite_messages_name_the_value_as_go_does() -> None:
    for number, name in ((math.nan, "NaN"), (math.inf, "+Inf"), (-math.inf, "-Inf")):
        with pytest.raises(GoJSONError) as caught:
            format_float(number)
        assert str(caught.value) == f"json: unsupported value: {name}"


def test_length_budget_is_inclusive_and_reported() -> None:
    assert dumps("ab", max_length=4) == '"ab"'
    with pytest.raises(GoJSONTooLong) as scalar_caught:
        dumps("ab", max_length=3)
    assert scalar_caught.value.max_length == 3
    assert str(scalar_caught.value) == "json: output longer than 3 characters"
    assert dumps(["ab"], max_length=6) == '["ab"]'
    with pytest.raises(GoJSONTooLong) as container_caught:
        dumps(["ab"], max_length=5)
    assert container_caught.value.max_length == 5
    assert str(container_caught.value) == "json: output longer than 5 characters"
    assert dumps({"a": 1}, max_length=7) == '{"a":1}'
    with pytest.raises(GoJSONTooLong):
        dumps({"a": 1}, max_length=6)


def test_non_string_keys_are_written_and_sorted_as_text() -> None:
    # Go's encoder turns map keys into strings first and sorts those byte-wise.
    assert dumps({2: "x", 10: "y", "b": 1, "A": 0}) == '{"10":"y","2":"x","A":0,"b":1}'
    assert dumps({1.5: True}, indent="  ") == '{\n  "1.5": true\n}'


class _Level(enum.IntEnum):
    HIGH = 3


class _Ratio(float):
    pass


class _Name(str):
    __slots__ = ()


def test_subclasses_of_json_scalars_are_written_as_their_base_type() -> None:
    assert dumps(_Level.HIGH) == "3"
    assert dumps(_Ratio(2.5)) == "2.5"
    assert dumps(_Ratio(1e21)) == "1e+21"
    assert dumps(_Name("a<b")) == '"a\\u003cb"'
    assert dumps([_Level.HIGH, _Ratio(0.5), _Name("x")]) == '[3,0.5,"x"]'
