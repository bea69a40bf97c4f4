"""``transpose`` (nodes.md §3.4): rectangular arrays of arrays, SOFT results otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal import EngineConfig, LimitExceeded
from thaiyyal_nodes.transpose import Transpose

from .array_support import call, result_on


@pytest.mark.parametrize(
    ("matrix", "transposed"),
    [
        ([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]),
        ([[1.0, 2.0], [3.0, 4.0]], [[1.0, 3.0], [2.0, 4.0]]),
        ([[1.0, 2.0, 3.0]], [[1.0], [2.0], [3.0]]),
        ([[], []], []),  # zero-length rows
    ],
)
def test_transpose(matrix: list[list[Any]], transposed: list[list[Any]]) -> None:
    rows, cols = len(matrix), len(matrix[0])
    assert result_on("transpose", {}, matrix) == {
        "transposed": transposed,
        "rows": rows,
        "cols": cols,
        "transposed_rows": cols,
        "transposed_cols": rows,
    }


def test_empty_array() -> None:
    assert result_on("transpose", {}, []) == {"transposed": [], "rows": 0, "cols": 0}


def test_first_element_not_an_array() -> None:
    assert result_on("transpose", {}, [1.0, 2.0, 3.0]) == {
        "error": "input is not a 2D array (array of arrays)",
        "first_element": 1.0,
        "expected": "array of arrays",
    }


def test_a_later_row_not_an_array() -> None:
    assert result_on("transpose", {}, [[1.0], [2.0], "three"]) == {
        "error": "row 2 is not an array",
        "row_index": 2,
        "row_value": "three",
    }


def test_ragged_rows() -> None:
    assert result_on("transpose", {}, [[1.0, 2.0, 3.0], [4.0, 5.0]]) == {
        "error": "all rows must have the same length",
        "expected_cols": 3,
        "row_index": 1,
        "actual_cols": 2,
    }


def test_rows_are_checked_in_order() -> None:
    result = result_on("transpose", {}, [[1.0], [1.0, 2.0], "x"])
    assert result["error"] == "all rows must have the same length"


def test_limits_are_checked_before_building() -> None:
    with pytest.raises(LimitExceeded, match="transposed array would be too large: 4 elements"):
        call(Transpose, {}, [[[1, 2, 3, 4]]], EngineConfig(max_array_length=3))


@given(
    st.integers(1, 6).flatmap(
        lambda cols: st.lists(st.lists(st.integers(), min_size=cols, max_size=cols), min_size=1)
    )
)
def test_transposing_twice_is_the_identity(matrix: list[list[int]]) -> None:
    once = call(Transpose, {}, [matrix])["transposed"]
    assert call(Transpose, {}, [once])["transposed"] == matrix
