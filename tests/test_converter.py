"""The strict converter used for node configs and settings."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from thaiyyal.converter import ConversionFailed, json_type_name, structure, to_float_numbers


@attrs.frozen(kw_only=True)
class Inner:
    when: str
    flag: bool = False


@attrs.frozen(kw_only=True)
class Outer:
    n: int = 0
    x: float = 0.0
    inner: tuple[Inner, ...] = ()
    maybe: int | None = None
    blob: Any = None


def test_nested_problems_have_paths() -> None:
    with pytest.raises(ConversionFailed) as info:
        structure({"inner": [{"when": "a"}, {"flag": True}, {"when": 1}]}, Outer)
    assert info.value.problems == [
        ("inner[1]", "missing required field: when"),
        ("inner[2].when", "expected a string, got number"),
    ]


def test_strictness() -> None:
    assert structure({"n": 3, "x": 2, "maybe": None}, Outer) == Outer(n=3, x=2.0)
    for bad in (
        {"n": True},
        {"n": 1.5},
        {"x": "1"},
        {"x": False},
        {"maybe": 2.5},
        {"x": float("nan")},
    ):
        with pytest.raises(ConversionFailed):
            structure(bad, Outer)
    with pytest.raises(ConversionFailed, match="expected an object, got array"):
        structure([1], Outer)


def test_any_fields_get_float_numbers() -> None:
    assert structure({"blob": {"a": [1, True, None, "s", 2.5]}}, Outer).blob == {
        "a": [1.0, True, None, "s", 2.5]
    }
    assert to_float_numbers(3) == 3.0 and to_float_numbers(True) is True


def test_json_type_names() -> None:
    assert [json_type_name(v) for v in (None, True, 1, 1.5, "s", [], {})] == [
        "null",
        "boolean",
        "number",
        "number",
        "string",
        "array",
        "object",
    ]
