"""``find`` (nodes.md §3.4): first match, ``return_index``, not found, the SOFT non-array
value, wrapped outputs, per-element errors, load-time checks."""

from __future__ import annotations

from thaiyyal.converter import structure
from thaiyyal_nodes.find import Find

from .control_support import DirectContext, Recorder, const, load_error, n, result_on, run


def test_first_match() -> None:
    result = result_on("find", {"condition": "item > 10"}, [5, 15, 20])
    assert result == {"found": 15.0, "condition": "item > 10"}


def test_return_index_is_an_integer() -> None:
    result = result_on(
        "find",
        {"condition": "item.name == 'b'", "return_index": True},
        [{"name": "a"}, {"name": "b"}],
    )
    assert result == {"found": {"name": "b"}, "condition": "item.name == 'b'", "index": 1}
    assert type(result["index"]) is int


def test_not_found() -> None:
    assert result_on("find", {"condition": "item > 100"}, [1, 2]) == {
        "found": None,
        "not_found": True,
        "condition": "item > 100",
        "input_count": 2,
    }


def test_items_and_index_are_bound() -> None:
    result = result_on("find", {"condition": "index > 0 && item == items[0]"}, [7, 8, 7])
    assert result == {"found": 7.0, "condition": "index > 0 && item == items[0]"}


def test_index_is_an_integer_in_the_scope() -> None:
    recorder = Recorder(False)
    config = structure({"condition": "true"}, Find.Config)
    Find().run(config, [["a", "b"]], DirectContext(recorder))  # type: ignore[arg-type]
    assert recorder.indexes == [0, 1]
    assert all(type(i) is int for i in recorder.indexes)


def test_elements_whose_condition_fails_are_skipped() -> None:
    result = result_on("find", {"condition": "10 / item > 1"}, [0, 20, 5])
    assert result["found"] == 5.0


def test_non_array_input_is_the_soft_error_value() -> None:
    assert result_on("find", {"condition": "true"}, {"range": [1]}) == {
        "error": "input is not an array",
        "input": {"range": [1.0]},
        "original_type": "map[string]interface {}",
    }


def test_wrapped_outputs_are_unwrapped() -> None:
    nodes = [n("r", "range", start=1, end=5), n("f", "find", condition="item * item > 9")]
    assert run(nodes, [("r", "f")]).node_results["f"]["found"] == 4.0


def test_load_time_checks() -> None:
    assert load_error([n("f", "find", condition="")]) == (
        "invalid config for node f (type find): field condition: "
        "find node missing required 'condition' string"
    )
    assert "field condition: " in load_error([n("f", "find", condition="(item")])
    assert "missing required field: condition" in load_error([n("f", "find")])


def test_no_input_fails() -> None:
    result = run([n("f", "find", condition="true")])
    assert result.errors == ["error executing node f: find node needs at least 1 input"]


def test_node_references() -> None:
    nodes = [const("want", 2), const("x", [1, 2]), n("f", "find", condition="item == node.want")]
    assert run(nodes, [("x", "f")]).node_results["f"]["found"] == 2.0
    config = structure({"condition": "item == node.want"}, Find.Config)
    assert list(Find().node_references(config)) == [("condition", "want")]
