"""``reduce`` (nodes.md §3.3): folding, the initial value, per-step errors, bare names,
load-time checks."""

from __future__ import annotations

from thaiyyal.converter import structure
from thaiyyal_nodes.reduce import Reduce

from .control_support import DirectContext, Recorder, error_on, load_error, n, result_on, run


def test_sum_and_output_shape() -> None:
    data = {"expression": "accumulator + item", "initial_value": 0}
    assert result_on("reduce", data, [1, 2, 3]) == {
        "result": 6.0,
        "final_value": 6.0,
        "initial_value": 0.0,
        "input_count": 3,
        "iterations": 3,
        "successful": 3,
        "failed": 0,
    }


def test_default_initial_value_is_zero_and_echoed_as_null() -> None:
    result = result_on("reduce", {"expression": "accumulator + item"}, [5, 10])
    assert (result["result"], result["initial_value"]) == (15.0, None)


def test_empty_array_keeps_the_initial_value() -> None:
    result = result_on("reduce", {"expression": "accumulator * item", "initial_value": 1}, [])
    assert (result["result"], result["iterations"]) == (1.0, 0)


def test_object_fields_product_and_max_with_bare_names() -> None:
    rows = [{"n": 2}, {"n": 5}, {"n": 3}]
    assert result_on("reduce", {"expression": "accumulator + item.n"}, rows)["result"] == 10.0
    data = {"expression": "item.n > accumulator ? item.n : accumulator"}
    assert result_on("reduce", data, rows)["result"] == 5.0
    data = {"expression": "accumulator + index * 0 + items.length"}
    assert result_on("reduce", data, rows)["result"] == 9.0


def test_a_failing_step_keeps_the_accumulator_and_counts() -> None:
    result = result_on("reduce", {"expression": "accumulator + 10 / item"}, [1, 0, 2])
    assert (result["result"], result["successful"], result["failed"]) == (15.0, 2, 1)


def test_editor_default_fails_every_step() -> None:
    data = {"expression": "acc + item", "initial_value": "0"}
    result = result_on("reduce", data, [1, 2])
    assert (result["result"], result["failed"]) == ("0", 2)


def test_index_is_a_float() -> None:
    recorder = Recorder(1.0)
    config = structure({"expression": "1"}, Reduce.Config)
    Reduce().run(config, [["a", "b"]], DirectContext(recorder))  # type: ignore[arg-type]
    assert recorder.indexes == [0.0, 1.0] and all(type(i) is float for i in recorder.indexes)


def test_wrapped_outputs_are_unwrapped() -> None:
    nodes = [n("r", "range", start=1, end=4), n("s", "reduce", expression="accumulator + item")]
    assert run(nodes, [("r", "s")]).node_results["s"]["result"] == 10.0


def test_non_array_input_fails() -> None:
    assert error_on("reduce", {"expression": "1"}, {"a": 1}) == (
        "error executing node n: reduce node requires array input, got map[string]interface {}"
    )
    result = run([n("s", "reduce", expression="1")])
    assert result.errors == ["error executing node s: reduce node needs at least 1 input"]


def test_load_time_checks() -> None:
    assert load_error([n("s", "reduce", expression="")]) == (
        "invalid config for node s (type reduce): field expression: "
        "reduce node requires an expression"
    )
    assert "field expression: " in load_error([n("s", "reduce", expression="accumulator +")])
    assert "missing required field: expression" in load_error([n("s", "reduce")])
