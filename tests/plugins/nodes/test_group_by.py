"""``group_by`` (nodes.md §3.4): %v group keys, aggregates, load-time config checks."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal import InvalidWorkflow, NodeError
from thaiyyal_nodes.group_by import GroupBy

from .array_support import call, result_on, run_on

ROWS = [
    {"k": "a", "v": 2.0},
    {"k": "b", "v": 5.0},
    {"k": "a", "v": 4.0},
    {"k": "b"},
]


def test_count_is_the_default() -> None:
    assert result_on("group_by", {"field": "k"}, ROWS) == {
        "groups": {"a": [ROWS[0], ROWS[2]], "b": [ROWS[1], ROWS[3]]},
        "group_count": 2,
        "input_count": 4,
        "field": "k",
        "aggregate": "count",
        "counts": {"a": 2, "b": 2},
    }


@pytest.mark.parametrize(
    ("aggregate", "key", "values"),
    [
        ("sum", "sums", {"a": 6.0, "b": 5.0}),
        ("avg", "averages", {"a": 3.0, "b": 5.0}),
        ("min", "minimums", {"a": 2.0, "b": 5.0}),
        ("max", "maximums", {"a": 4.0, "b": 5.0}),
    ],
)
def test_numeric_aggregates(aggregate: str, key: str, values: dict[str, float]) -> None:
    result = result_on("group_by", {"field": "k", "aggregate": aggregate, "value_field": "v"}, ROWS)
    assert result[key] == values
    assert "counts" not in result


def test_values_lists_each_group() -> None:
    result = result_on("group_by", {"field": "k", "aggregate": "values"}, ROWS)
    assert result["values"] == {"a": [ROWS[0], ROWS[2]], "b": [ROWS[1], ROWS[3]]}


def test_groups_without_numbers() -> None:
    rows = [{"k": "a", "v": "7"}, {"k": "a", "v": True}, "a"]
    cases = {"sum": ("sums", 0.0), "avg": ("averages", 0.0), "min": ("minimums", None)}
    for aggregate, (key, empty) in cases.items():
        result = result_on(
            "group_by", {"field": "k", "aggregate": aggregate, "value_field": "v"}, rows
        )
        assert result[key]["a"] == empty


def test_sums_are_floats_even_of_ints() -> None:
    result = result_on(
        "group_by",
        {"field": "k", "aggregate": "sum", "value_field": "v"},
        json_text='[{"k": 1, "v": 2}, {"k": 1, "v": 3}]',
    )
    assert result["sums"] == {"1": 5.0}
    assert type(result["sums"]["1"]) is float


def test_empty_value_field_looks_up_the_empty_key() -> None:
    result = result_on("group_by", {"field": "k", "aggregate": "max"}, [{"k": "a", "": 9.0}])
    assert result["maximums"] == {"a": 9.0}


def test_group_keys_are_go_texts() -> None:
    rows = [
        {"k": 1.0},
        {"k": "1"},
        {"k": None},
        {"k": 1e6},
        {"k": [1.0, "x"]},
        {"k": {"b": 2.0, "a": True}},
        {"other": 0.0},
        "loose",
        2.5,
    ]
    result = result_on("group_by", {"field": "k"}, rows)
    assert result["counts"] == {
        "1": 2,
        "<nil>": 1,
        "1e+06": 1,
        "[1 x]": 1,
        "map[a:true b:2]": 1,
        "<missing>": 1,
        "loose": 1,
        "2.5": 1,
    }


def test_empty_input() -> None:
    result = result_on("group_by", {"field": "k", "aggregate": "sum"}, [])
    assert result["groups"] == {} and result["sums"] == {} and result["group_count"] == 0


@pytest.mark.parametrize(
    ("data", "message", "field"),
    [
        ({"field": ""}, "group_by node requires 'field' string", "field"),
        ({"field": "k", "aggregate": "median"}, "unknown aggregate function: median", "aggregate"),
        ({"aggregate": "count"}, "missing required field: field", "field"),
    ],
)
def test_impossible_configs_are_rejected_at_load(
    data: dict[str, Any], message: str, field: str
) -> None:
    with pytest.raises(InvalidWorkflow) as info:
        run_on("group_by", data, ROWS)
    assert message in str(info.value)
    assert "node n" in str(info.value)
    assert [(p.node_id, p.field) for p in info.value.problems] == [("n", field)]


def test_direct_callers_still_get_the_reference_errors() -> None:
    with pytest.raises(NodeError, match="unknown aggregate function: x"):
        call(GroupBy, {"field": "k", "aggregate": "x"}, [ROWS])
    with pytest.raises(NodeError, match="group_by node requires 'field' string"):
        call(GroupBy, {"field": ""}, [ROWS])
    # the array check comes first
    assert call(GroupBy, {"field": "", "aggregate": "x"}, ["s"])["error"] == "input is not an array"


@given(st.lists(st.fixed_dictionaries({"k": st.sampled_from(["a", "b", "c"]), "v": st.integers()})))
def test_groups_partition_the_input_in_order(rows: list[dict[str, Any]]) -> None:
    result = call(GroupBy, {"field": "k"}, [rows])
    groups = result["groups"]
    assert sum(result["counts"].values()) == len(rows)
    for key, members in groups.items():
        assert members == [r for r in rows if r["k"] == key]
