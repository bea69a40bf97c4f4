"""``sort`` (nodes.md §3.4): the reference comparator, stability, descending ties, and the
replay of Go's stable sort for mixed-type arrays."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal_nodes.sort import Sort, _kind, _replay_go_sort, sort_values

from .array_support import call, result_on

GO_CASES = json.loads((Path(__file__).parent / "data" / "sort_go_cases.json").read_text("utf-8"))


def sorted_by(data: dict[str, Any], value: list[Any]) -> list[Any]:
    result = result_on("sort", data, value)
    assert result["count"] == len(value)
    return list(result["sorted"])


def test_numbers_ascending_and_descending() -> None:
    assert sorted_by({}, [3.0, 1.0, 2.0]) == [1.0, 2.0, 3.0]
    assert sorted_by({"order": "desc"}, [3.0, 1.0, 2.0]) == [3.0, 2.0, 1.0]


def test_output_shape_echoes_field_and_lower_cased_order() -> None:
    result = result_on("sort", {"field": "n", "order": "DESC"}, [])
    assert result == {"sorted": [], "count": 0, "field": "n", "order": "desc"}


def test_any_other_order_sorts_ascending_and_is_echoed() -> None:
    result = result_on("sort", {"order": "Sideways"}, [2.0, 1.0])
    assert result["sorted"] == [1.0, 2.0]
    assert result["order"] == "sideways"


def test_strings_sort_byte_wise() -> None:
    assert sorted_by({}, ["b", "B", "a", "é", ""]) == ["", "B", "a", "b", "é"]


def test_objects_by_field() -> None:
    people = [{"name": "Charlie"}, {"name": "Alice"}, {"name": "Bob"}]
    assert [p["name"] for p in sorted_by({"field": "name"}, people)] == ["Alice", "Bob", "Charlie"]


def test_descending_keeps_ties_in_reverse_input_order() -> None:
    rows = [{"n": "a", "s": 1.0}, {"n": "b", "s": 2.0}, {"n": "c", "s": 1.0}]
    assert [r["n"] for r in sorted_by({"field": "s", "order": "desc"}, rows)] == ["b", "c", "a"]
    assert [r["n"] for r in sorted_by({"field": "s"}, rows)] == ["a", "c", "b"]


def test_nulls_first_ascending_last_descending() -> None:
    rows = [{"s": 2.0}, {"x": 1.0}, "scalar", {"s": None}, {"s": 1.0}]
    # a missing key, a non-object and an explicit null are all null keys
    assert sorted_by({"field": "s"}, rows) == [
        {"x": 1.0},
        "scalar",
        {"s": None},
        {"s": 1.0},
        {"s": 2.0},
    ]
    assert sorted_by({"field": "s", "order": "desc"}, rows) == [
        {"s": 2.0},
        {"s": 1.0},
        {"s": None},
        "scalar",
        {"x": 1.0},
    ]


def test_booleans_false_first() -> None:
    assert sorted_by({}, [True, False, True]) == [False, True, True]


def test_ints_and_floats_compare_numerically() -> None:
    """thaiyyal: an engine-made int and a payload float compare as numbers (nodes.md §1.10)."""
    result = result_on("sort", {}, json_text="[10, 9.5, 2, 100.0]")
    assert result["sorted"] == [2, 9.5, 10, 100.0]
    assert [type(v) for v in result["sorted"]] == [int, float, int, float]


def test_a_number_and_a_string_compare_by_their_text() -> None:
    # 10 vs "9": "10" < "9" as text, so 10 comes first
    assert sorted_by({}, ["9", 10.0]) == [10.0, "9"]


@pytest.mark.parametrize("case", GO_CASES["cases"], ids=lambda c: f"n{len(c['keys'])}")
def test_mixed_arrays_come_out_as_go_sorts_them(case: dict[str, Any]) -> None:
    """Recorded from Go's sort.SliceStable with the reference comparator (data/README)."""
    keys = case["keys"]
    items = [{"i": float(i), "k": k} for i, k in enumerate(keys)]
    data = {"field": "k", "order": "desc" if case["desc"] else "asc"}
    out = call(Sort, data, [items])["sorted"]
    assert [int(e["i"]) for e in out] == case["order"]


def test_a_large_numeric_sort_equals_pythons_stable_sort() -> None:
    values = [float((i * 7919) % 1000) for i in range(20000)]
    assert call(Sort, {}, [values])["sorted"] == sorted(values)


# --- properties --------------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-50, 50), st.floats(allow_nan=False, allow_infinity=False, width=32)
)
consistent_keys = st.one_of(
    st.lists(st.one_of(numbers, st.none())),
    st.lists(st.one_of(st.text(max_size=3), st.booleans(), st.none())),
    st.lists(st.one_of(st.text(max_size=2), st.lists(st.integers(0, 3), max_size=2), st.none())),
)


@given(st.lists(numbers))
def test_sorted_is_an_ordered_permutation(values: list[Any]) -> None:
    out = call(Sort, {}, [values])["sorted"]
    assert sorted(out, key=repr) == sorted(values, key=repr)
    assert all(a <= b for a, b in itertools.pairwise(out))


@given(st.lists(st.tuples(st.integers(0, 3), st.integers())))
def test_ascending_is_stable(pairs: list[tuple[int, int]]) -> None:
    rows = [{"k": float(k), "pos": float(i)} for i, (k, _) in enumerate(pairs)]
    out = call(Sort, {"field": "k"}, [rows])["sorted"]
    assert out == sorted(rows, key=lambda r: r["k"])


@given(consistent_keys, st.booleans())
def test_the_fast_path_equals_the_go_replay(keys: list[Any], descending: bool) -> None:
    items = list(range(len(keys)))
    kinds = [_kind(k) for k in keys]
    assert sort_values(items, keys, descending=descending) == _replay_go_sort(
        items, keys, kinds, descending
    )


@given(consistent_keys)
def test_descending_is_the_reverse_of_stable_ascending(keys: list[Any]) -> None:
    items = list(range(len(keys)))
    ascending = sort_values(items, keys)
    assert sort_values(items, keys, descending=True) == ascending[::-1]
