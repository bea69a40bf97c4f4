"""Duration text (parse and print) and JSON output of run values."""

from __future__ import annotations

import datetime as dt

import pytest

from thaiyyal.durations import DurationError, format_duration, format_seconds, parse_duration
from thaiyyal.jsonout import dumps, to_json_value

S = 1_000_000_000


@pytest.mark.parametrize(
    ("text", "nanos"),
    [
        ("5s", 5 * S),
        ("1m", 60 * S),
        ("1h30m", 5400 * S),
        ("1.5s", 1_500_000_000),
        ("100ms", 100_000_000),
        ("2us", 2000),
        ("2µs", 2000),
        ("2μs", 2000),
        ("3ns", 3),
        ("-1s", -S),
        ("+1s", S),
        ("0", 0),
        (".5s", S // 2),
        ("5.s", 5 * S),
        ("500", 500_000_000),
        ("-20", -20_000_000),
        ("1h0m0.001s", 3600 * S + 1_000_000),
    ],
)
def test_parse(text: str, nanos: int) -> None:
    assert parse_duration(text) == nanos


@pytest.mark.parametrize("text", ["", "5", "s", "1d", "five seconds", "1.s5", " 1s", "1s ", "-"])
def test_parse_rejects(text: str) -> None:
    if text == "5":
        assert parse_duration(text) == 5_000_000
        return
    with pytest.raises(DurationError, match="invalid duration format"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("nanos", "text"),
    [
        (0, "0s"),
        (30 * S, "30s"),
        (60 * S, "1m0s"),
        (3600 * S, "1h0m0s"),
        (5400 * S, "1h30m0s"),
        (1_500_000_000, "1.5s"),
        (100_000_000, "100ms"),
        (1000, "1µs"),
        (1, "1ns"),
        (333_333_333, "333.333333ms"),
        (414_175, "414.175µs"),
        (-S, "-1s"),
        (61_500_000_000, "1m1.5s"),
    ],
)
def test_format(nanos: int, text: str) -> None:
    assert format_duration(nanos) == text


def test_format_seconds() -> None:
    assert format_seconds(60.0) == "1m0s"
    assert format_seconds(0.02) == "20ms"


def test_json_values() -> None:
    moment = dt.datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=dt.timezone.utc)
    value = {"a": 30.0, "b": 0.5, "c": [1e20, 1e21, -2.0], "d": moment, "e": (1, True)}
    assert to_json_value(value) == {
        "a": 30,
        "b": 0.5,
        "c": [100000000000000000000, 1e21, -2],
        "d": "2023-11-14T22:13:20.123Z",
        "e": [1, True],
    }
    assert dumps({"x": "µ", "y": 2.0}) == '{"x":"µ","y":2}'
    with pytest.raises(ValueError):
        dumps(float("nan"))
