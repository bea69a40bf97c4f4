"""``range`` (nodes.md §3.4): accumulated stepping, defaults, load-time checks and cap."""

from __future__ import annotations

from typing import Any

import pytest

from thaiyyal import InvalidWorkflow, LimitExceeded, NodeError
from thaiyyal_nodes.range import Range

from .array_support import call, engine, literal, node, run_workflow


def range_result(data: dict[str, Any], **config: Any) -> Any:
    eng = engine(**config) if config else None
    result = run_workflow([node("r", "range", data)], eng=eng)
    assert result.error is None, result.error
    return result.node_results["r"]


def test_zero_to_ten() -> None:
    assert range_result({"start": 0, "end": 10, "step": 1}) == {
        "range": [float(i) for i in range(11)],
        "count": 11,
        "start": 0.0,
        "end": 10.0,
        "step": 1.0,
    }


@pytest.mark.parametrize(
    ("data", "values"),
    [
        ({"start": 0, "end": 10, "step": 2}, [0, 2, 4, 6, 8, 10]),
        ({"start": 10, "end": 0, "step": -1}, list(range(10, -1, -1))),
        ({"start": 5, "end": 5}, [5]),
        ({"start": 1, "end": 10}, list(range(1, 11))),  # step defaults to 1
        ({"start": 1, "end": 4, "step": 2}, [1, 3]),
        ({"start": "3", "end": "5"}, list(range(0, 11))),  # non-numbers: 0 and 10
    ],
)
def test_values(data: dict[str, Any], values: list[int]) -> None:
    result = range_result(data)
    assert result["range"] == [float(v) for v in values]
    assert all(type(v) is float for v in result["range"])
    assert result["count"] == len(values) and type(result["count"]) is int


def test_the_value_is_accumulated() -> None:
    result = range_result({"start": 0, "end": 1, "step": 0.1})
    assert result["count"] == 11
    assert result["range"][-1] == 0.9999999999999999
    assert result["range"][3] == 0.30000000000000004


def test_inputs_are_ignored() -> None:
    result = run_workflow(
        [literal("in", "x"), node("r", "range", {"start": 1, "end": 2})], [("in", "r")]
    )
    assert result.node_results["r"]["range"] == [1.0, 2.0]


@pytest.mark.parametrize(
    ("data", "message", "field"),
    [
        ({"start": 0, "end": 10, "step": 0}, "range step cannot be 0", "step"),
        (
            {"start": 10, "end": 0, "step": 1},
            "range with positive step requires start <= end, got start=10 end=0",
            "step",
        ),
        (
            {"start": 0, "end": 10.5, "step": -1},
            "range with negative step requires start >= end, got start=0 end=10.5",
            "step",
        ),
        (
            {"start": 1, "end": 10000, "step": 1},
            "range would generate more than 10000 items, adjust start/end/step",
            "end",
        ),
        (
            {"start": 0, "end": 1e7, "step": 1},
            "range would generate more than 10000 items, adjust start/end/step",
            "end",
        ),
        ({"end": 3}, "missing required field: start", "start"),
    ],
)
def test_impossible_ranges_are_rejected_at_load(
    data: dict[str, Any], message: str, field: str
) -> None:
    with pytest.raises(InvalidWorkflow) as info:
        run_workflow([node("r", "range", data)])
    assert message in str(info.value)
    assert "node r" in str(info.value)
    assert info.value.problems[0].field == field


def test_the_largest_range_has_9999_items() -> None:
    assert range_result({"start": 1, "end": 9999})["count"] == 9999


def test_max_array_length_is_enforced_with_a_clear_error() -> None:
    result = run_workflow(
        [node("r", "range", {"start": 1, "end": 10})], eng=engine(max_array_length=5)
    )
    assert (
        str(result.error)
        == "error executing node r: range would be too large: 10 elements (limit: 5)"
    )
    assert isinstance(result.error.cause, LimitExceeded)  # type: ignore[union-attr]


def test_direct_callers_still_get_the_reference_errors() -> None:
    with pytest.raises(NodeError, match="range step cannot be 0"):
        call(Range, {"start": 0, "end": 1, "step": 0}, [])
