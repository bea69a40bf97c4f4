"""``reverse`` (nodes.md §3.4)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal_nodes.reverse import Reverse

from .array_support import call, result_on


@pytest.mark.parametrize(
    ("value", "reversed_"),
    [
        ([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]),
        (["a", "b"], ["b", "a"]),
        ([{"x": 1.0}], [{"x": 1.0}]),
        ([], []),  # an empty list, not null
    ],
)
def test_reverse(value: list[Any], reversed_: list[Any]) -> None:
    assert result_on("reverse", {}, value) == {"reversed": reversed_, "count": len(value)}


def test_missing_data_is_an_empty_config() -> None:
    result = result_on("reverse", {}, [1.0])
    assert result["count"] == 1


@given(st.lists(st.one_of(st.integers(), st.text(max_size=3), st.none())))
def test_reversing_twice_is_the_identity(values: list[Any]) -> None:
    once = call(Reverse, {}, [values])["reversed"]
    assert call(Reverse, {}, [once])["reversed"] == values
