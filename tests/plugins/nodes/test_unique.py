"""``unique`` (nodes.md §3.4): %v-text deduplication, first occurrence wins."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal.values import go_format
from thaiyyal_nodes.unique import Unique

from .array_support import call, result_on


def test_numbers() -> None:
    assert result_on("unique", {}, [1.0, 2.0, 2.0, 3.0, 1.0]) == {
        "unique": [1.0, 2.0, 3.0],
        "input_count": 5,
        "output_count": 3,
        "removed": 2,
    }


def test_by_field_first_occurrence_wins() -> None:
    rows = [{"id": 1.0, "name": "Alice"}, {"id": 2.0, "name": "Bob"}, {"id": 1.0, "name": "C"}]
    assert result_on("unique", {"field": "id"}, rows)["unique"] == rows[:2]


def test_objects_lacking_the_field_are_always_kept() -> None:
    rows = [{"x": 1.0}, {"x": 1.0}, {"id": 1.0}, {"id": 1.0}]
    assert result_on("unique", {"field": "id"}, rows)["unique"] == [
        {"x": 1.0},
        {"x": 1.0},
        {"id": 1.0},
    ]


def test_non_objects_with_a_field_use_their_own_text() -> None:
    assert result_on("unique", {"field": "id"}, ["a", "a", {"id": "a"}])["unique"] == ["a"]


@pytest.mark.parametrize(
    ("first", "second"),
    [(1.0, "1"), (True, "true"), (None, "<nil>"), ([1.0, 2.0], "[1 2]"), ({"a": 1.0}, "map[a:1]")],
)
def test_values_with_the_same_text_are_duplicates(first: Any, second: Any) -> None:
    assert result_on("unique", {}, [first, second])["unique"] == [first]


def test_large_numbers_are_written_the_go_way() -> None:
    assert result_on("unique", {}, [1e6, "1e+06", 1000000.5])["unique"] == [1e6, 1000000.5]


def test_empty_input_is_null() -> None:
    assert result_on("unique", {}, [])["unique"] is None


def test_int_and_float_with_equal_text_collide() -> None:
    assert result_on("unique", {}, json_text="[3, 3.0, 3.5]")["unique"] == [3, 3.5]


@given(
    st.lists(
        st.one_of(st.integers(-3, 3), st.sampled_from(["1", "a", "true"]), st.booleans(), st.none())
    )
)
def test_keeps_first_occurrences_in_order(values: list[Any]) -> None:
    expected: list[Any] = []
    texts: list[str] = []
    for v in values:  # the quadratic definition, as an oracle
        if go_format(v) not in texts:
            texts.append(go_format(v))
            expected.append(v)
    result = call(Unique, {}, [values])
    assert (result["unique"] or []) == expected
    assert result["removed"] == len(values) - len(expected)
