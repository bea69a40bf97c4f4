"""``flat_map`` (nodes.md §3.4): spreading one level, the field form, null when empty."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal import EngineConfig, LimitExceeded
from thaiyyal_nodes.flat_map import FlatMap

from .array_support import call, engine, error_on, result_on


@pytest.mark.parametrize("field", [None, "", "."])
def test_elements_are_spread_one_level(field: str | None) -> None:
    data = {} if field is None else {"field": field}
    value = [[1.0, 2.0], [3.0, [4.0]], 5.0, None, []]
    assert result_on("flat_map", data, value) == {
        "flattened": [1.0, 2.0, 3.0, [4.0], 5.0, None],
        "input_count": 5,
        "output_count": 6,
        "field": field or "",
    }


def test_field_values_are_collected() -> None:
    value = [
        {"items": [1.0, 2.0]},
        {"items": [3.0, 4.0, 5.0]},
        {"items": "one"},
        {"items": None},  # present but null: appended
        {"other": [9.0]},  # no key: nothing
        [6.0],  # not an object: skipped
        7.0,
    ]
    result = result_on("flat_map", {"field": "items"}, value)
    assert result["flattened"] == [1.0, 2.0, 3.0, 4.0, 5.0, "one", None]
    assert result["output_count"] == 7
    assert result["input_count"] == 7


@pytest.mark.parametrize("value", [[], [[]], [{"x": 1.0}]])
def test_nothing_collected_is_null(value: list[Any]) -> None:
    result = result_on("flat_map", {"field": "items" if value and value[0] else ""}, value)
    assert result["flattened"] is None
    assert result["output_count"] == 0


def test_expression_is_accepted_and_ignored() -> None:
    result = result_on("flat_map", {"expression": "item.values"}, [{"values": [1.0]}, [2.0]])
    assert result["flattened"] == [{"values": [1.0]}, 2.0]


def test_a_result_longer_than_max_array_length_fails_before_it_is_built() -> None:
    eng = engine(max_array_length=5)
    text = error_on("flat_map", {}, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], eng=eng)
    assert text == (
        "error executing node n: flattened array would be too large: 6 elements (limit: 5)"
    )
    with pytest.raises(LimitExceeded) as info:
        call(FlatMap, {}, [[[1.0] * 3] * 2], EngineConfig(max_array_length=5))
    assert info.value.limit == "max_array_length"
    assert (info.value.value, info.value.maximum) == (6, 5)


@given(st.lists(st.lists(st.integers(), max_size=4), max_size=8))
def test_spreading_equals_concatenation(nested: list[list[int]]) -> None:
    result = call(FlatMap, {}, [nested])
    assert (result["flattened"] or []) == [x for inner in nested for x in inner]
