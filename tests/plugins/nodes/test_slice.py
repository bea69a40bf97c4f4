"""``slice`` (nodes.md §3.4): bound normalisation, truncation, defaults."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal_nodes.slice import Slice

from .array_support import call, result_on

FIVE = [1.0, 2.0, 3.0, 4.0, 5.0]


@pytest.mark.parametrize(
    ("data", "sliced", "start", "end"),
    [
        ({"start": 0, "end": 3}, [1.0, 2.0, 3.0], 0, 3),
        ({"start": 1, "length": 2}, [2.0, 3.0], 1, 3),
        ({"start": -2}, [4.0, 5.0], 3, 5),
        ({"start": 0, "end": -1}, [1.0, 2.0, 3.0, 4.0], 0, 4),  # the editor's default
        ({}, FIVE, 0, 5),
        ({"start": 1.9, "end": -1.5}, [2.0, 3.0, 4.0], 1, 4),  # truncated toward zero
        ({"start": "2", "end": True}, FIVE, 0, 5),  # non-numbers mean the defaults
        ({"end": "x", "length": 2, "start": 2}, [3.0, 4.0], 2, 4),
        ({"end": 2, "length": 1}, [1.0, 2.0], 0, 2),  # a numeric end wins over length
        ({"start": 4, "end": 2}, [], 2, 2),  # start > end: start = end
        ({"start": 10}, [], 5, 5),
        ({"start": -100, "end": 100}, FIVE, 0, 5),
        ({"start": 3, "length": -10}, [], 0, 0),  # end = 3 - 10 = -7 → -2 → clamped 0
    ],
)
def test_bounds(data: dict[str, Any], sliced: list[float], start: int, end: int) -> None:
    result = result_on("slice", data, FIVE)
    assert result == {
        "sliced": sliced,
        "input_count": 5,
        "output_count": len(sliced),
        "start": start,
        "end": end,
    }
    assert type(result["start"]) is int and type(result["end"]) is int


def test_empty_array_gives_an_empty_list_not_null() -> None:
    assert result_on("slice", {"start": 0, "end": 2}, []) == {
        "sliced": [],
        "input_count": 0,
        "output_count": 0,
        "start": 0,
        "end": 0,
    }


@given(
    st.lists(st.integers(), max_size=30),
    st.integers(-40, 40),
    st.integers(-40, 40),
)
def test_matches_python_slicing(values: list[int], start: int, end: int) -> None:
    result = call(Slice, {"start": start, "end": end}, [values])
    assert result["sliced"] == values[start:end]
    assert 0 <= result["start"] <= result["end"] <= len(values)
    assert result["sliced"] == values[result["start"] : result["end"]]
