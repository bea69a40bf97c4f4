"""``zip`` (nodes.md §3.4): input array plus config arrays, padding, null when empty."""

from __future__ import annotations

from typing import Any

import pytest

from thaiyyal import EngineConfig, InvalidWorkflow, LimitExceeded
from thaiyyal_nodes.zip import Zip

from .array_support import call, error_on, node, result_on, run_on, run_workflow


def test_single_input_array() -> None:
    assert result_on("zip", {}, [1.0, 2.0, 3.0]) == {
        "zipped": [[1.0], [2.0], [3.0]],
        "array_count": 1,
        "tuple_count": 3,
        "max_length": 3,
    }


def test_input_with_config_arrays_and_a_fill_value() -> None:
    data = {"arrays": [["a", "b", "c"], [True, False]], "fill_missing": "-"}
    assert result_on("zip", data, [1.0, 2.0, 3.0])["zipped"] == [
        [1.0, "a", True],
        [2.0, "b", False],
        [3.0, "c", "-"],
    ]


def test_config_arrays_only_pad_with_null() -> None:
    result = run_workflow([node("z", "zip", {"arrays": [[1, 2], ["x", "y", "z"]]})])
    assert result.node_results["z"] == {
        "zipped": [[1.0, "x"], [2.0, "y"], [None, "z"]],
        "array_count": 2,
        "tuple_count": 3,
        "max_length": 3,
    }


def test_a_non_array_input_and_non_array_config_elements_are_ignored() -> None:
    data = {"arrays": [["a"], "not an array", 3, None, {"x": 1}]}
    result = result_on("zip", data, "text")
    assert result["zipped"] == [["a"]]
    assert result["array_count"] == 1


@pytest.mark.parametrize("arrays", [None, "x", [["a"]][0:0], [1, 2]])
def test_without_any_array_the_node_fails(arrays: Any) -> None:
    data = {} if arrays is None else {"arrays": arrays}
    assert error_on("zip", data, "text") == (
        "error executing node n: zip node requires at least one array"
    )
    no_input = run_workflow([node("z", "zip", data)])
    assert str(no_input.error) == "error executing node z: zip node requires at least one array"


def test_only_empty_arrays_give_null() -> None:
    assert result_on("zip", {"arrays": [[]]}, []) == {
        "zipped": None,
        "array_count": 2,
        "tuple_count": 0,
        "max_length": 0,
    }


def test_remove_empty_is_accepted_and_ignored() -> None:
    assert result_on("zip", {"remove_empty": True}, [None])["zipped"] == [[None]]
    with pytest.raises(InvalidWorkflow, match="remove_empty"):
        run_on("zip", {"remove_empty": "yes"}, [])


def test_only_the_first_input_is_used() -> None:
    result = run_workflow(
        [
            node("a", "range", {"start": 1, "end": 2}),
            node("b", "range", {"start": 5, "end": 6}),
            node("z", "zip"),
        ],
        [("a", "z"), ("b", "z")],
    )
    assert result.node_results["z"]["zipped"] == [[1.0], [2.0]]


def test_limits_are_checked_before_building() -> None:
    small = EngineConfig(max_array_length=3)
    with pytest.raises(
        LimitExceeded, match=r"zipped array would be too large: 4 elements \(limit: 3\)"
    ):
        call(Zip, {}, [[1, 2, 3, 4]], small)
    with pytest.raises(
        LimitExceeded, match=r"zip tuple would be too large: 4 elements \(limit: 3\)"
    ):
        call(Zip, {"arrays": [[1], [2], [3]]}, [[0]], small)
