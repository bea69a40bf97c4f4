"""``compact`` (nodes.md §3.4): nulls and NaN go; empty strings only with remove_empty."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal import InvalidWorkflow
from thaiyyal_nodes.compact import Compact

from .array_support import call, result_on, run_on


@pytest.mark.parametrize(
    ("data", "value", "compacted"),
    [
        ({}, [1.0, None, 2.0, None, 3.0], [1.0, 2.0, 3.0]),
        ({"remove_empty": True}, ["a", "", "b", None], ["a", "b"]),
        ({"remove_empty": False}, ["a", "", "b"], ["a", "", "b"]),
        ({}, [1.0, "x", True], [1.0, "x", True]),
        # 0, false, empty arrays and objects always stay
        ({"remove_empty": True}, [0.0, False, [], {}, ""], [0.0, False, [], {}]),
    ],
)
def test_compact(data: dict[str, Any], value: list[Any], compacted: list[Any]) -> None:
    assert result_on("compact", data, value) == {
        "compacted": compacted,
        "input_count": len(value),
        "output_count": len(compacted),
        "removed": len(value) - len(compacted),
    }


@pytest.mark.parametrize("value", [[], [None, None]])
def test_nothing_left_is_null(value: list[Any]) -> None:
    result = result_on("compact", {}, value)
    assert result["compacted"] is None
    assert result["output_count"] == 0


def test_nan_numbers_are_removed() -> None:
    result = call(Compact, {}, [[1.0, math.nan, 2]])
    assert result["compacted"] == [1.0, 2]


def test_remove_empty_must_be_a_boolean() -> None:
    with pytest.raises(InvalidWorkflow, match="remove_empty"):
        run_on("compact", {"remove_empty": "yes"}, [])


@given(st.lists(st.one_of(st.none(), st.text(max_size=2), st.integers())), st.booleans())
def test_keeps_the_order_of_what_stays(values: list[Any], remove_empty: bool) -> None:
    result = call(Compact, {"remove_empty": remove_empty}, [values])
    kept = [v for v in values if v is not None and not (remove_empty and v == "")]
    assert (result["compacted"] or []) == kept
    assert result["removed"] == len(values) - len(kept)
