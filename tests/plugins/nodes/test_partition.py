"""``partition`` (nodes.md §3.4): passed and failed lists (null when empty), the five unwrap
keys plus wrapped outputs, the SOFT non-array value, per-element errors, not a router."""

from __future__ import annotations

import pytest

from thaiyyal.converter import structure
from thaiyyal_nodes.partition import Partition

from .control_support import DirectContext, Recorder, const, load_error, n, result_on, run


def test_output_shape() -> None:
    assert result_on("partition", {"condition": "item >= 10"}, [5, 10, 15, 1]) == {
        "passed": [10.0, 15.0],
        "failed": [5.0, 1.0],
        "passed_count": 2,
        "failed_count": 2,
        "input_count": 4,
        "condition": "item >= 10",
    }


def test_empty_lists_are_null() -> None:
    result = result_on("partition", {"condition": "true"}, [1])
    assert (result["passed"], result["failed"]) == ([1.0], None)
    result = result_on("partition", {"condition": "true"}, [])
    assert (result["passed"], result["failed"], result["input_count"]) == (None, None, 0)


@pytest.mark.parametrize("key", ["range", "array", "items", "data", "values"])
def test_the_five_unwrap_keys(key: str) -> None:
    assert result_on("partition", {"condition": "item > 1"}, {key: [1, 2]})["passed"] == [2.0]


def test_wrapped_outputs_are_unwrapped() -> None:
    nodes = [
        const("x", [1, 2, 3, 4]),
        n("f", "filter", condition="item > 1"),
        n("p", "partition", condition="item % 2 == 0"),
    ]
    result = run(nodes, [("x", "f"), ("f", "p")])
    assert result.node_results["p"]["passed"] == [2.0, 4.0]
    assert result.node_results["p"]["failed"] == [3.0]


def test_non_array_input_is_the_soft_error_value() -> None:
    assert result_on("partition", {"condition": "true"}, "text") == {
        "error": "input is not an array",
        "input": "text",
        "original_type": "string",
    }


def test_elements_whose_condition_fails_go_to_failed() -> None:
    result = result_on("partition", {"condition": "10 / item > 1"}, [0, 1, 20])
    assert (result["passed"], result["failed"]) == ([1.0], [0.0, 20.0])


def test_index_is_an_integer_and_items_is_bound() -> None:
    recorder = Recorder(True)
    config = structure({"condition": "true"}, Partition.Config)
    Partition().run(config, [["a", "b"]], DirectContext(recorder))  # type: ignore[arg-type]
    assert recorder.indexes == [0, 1] and all(type(i) is int for i in recorder.indexes)
    result = result_on("partition", {"condition": "item == items[index]"}, [1, 2])
    assert result["passed_count"] == 2


def test_true_false_handles_out_of_a_partition_never_fire() -> None:
    nodes = [
        const("x", [1, 2]),
        n("p", "partition", condition="item > 1"),
        const("t", "yes"),
        const("f", "no"),
    ]
    result = run(nodes, [("x", "p"), ("p", "t", "true"), ("p", "f", "false")])
    assert set(result.skipped) == {"t", "f"}


def test_load_time_checks() -> None:
    assert load_error([n("p", "partition", condition="")]) == (
        "invalid config for node p (type partition): field condition: "
        "partition node missing required 'condition' string"
    )
    assert "field condition: " in load_error([n("p", "partition", condition="item ==")])


def test_no_input_fails() -> None:
    result = run([n("p", "partition", condition="true")])
    assert result.errors == ["error executing node p: partition node needs at least 1 input"]
