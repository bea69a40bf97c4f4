"""``condition`` (nodes.md §3.3): output shape, routing through ``true``/``false``,
load-time syntax errors, node references, run-time errors, limits."""

from __future__ import annotations

from typing import Any

import pytest

from thaiyyal import EngineConfig, LoadContext
from thaiyyal.converter import structure
from thaiyyal_nodes.condition import Condition

from .control_support import (
    const,
    engine,
    error_on,
    load_error,
    n,
    result_on,
    run,
)


def cond(condition: str, **data: Any) -> dict[str, Any]:
    return {"condition": condition, **data}


def test_true_result_shape() -> None:
    assert result_on("condition", cond("input > 5"), 10) == {
        "value": 10.0,
        "condition_met": True,
        "condition": "input > 5",
        "path": "true",
        "true_path": True,
        "false_path": False,
    }


def test_false_result_shape() -> None:
    result = result_on("condition", cond(">= 18", true_path="adult"), 12)
    assert result["condition_met"] is False
    assert result["path"] == "false"
    assert (result["true_path"], result["false_path"]) == (False, True)
    assert result["value"] == 12.0


@pytest.mark.parametrize(
    ("condition", "value", "met"),
    [
        ("input.age >= 18 && input.active", {"age": 30, "active": True}, True),
        ("age >= 18 || vip", {"age": 3, "vip": False}, False),
        ("input == 'a && b'", "a && b", True),
        ("input", 1, False),  # only the boolean true is true
        ("input", True, True),
        ("input.missing == null", {}, True),
        ("true", None, True),
    ],
)
def test_conditions(condition: str, value: Any, met: bool) -> None:
    assert result_on("condition", cond(condition), value)["condition_met"] is met


def test_routes_true_and_false_handles() -> None:
    nodes = [
        const("x", 7),
        n("c", "condition", condition="input > 5"),
        const("yes", "big"),
        const("no", "small"),
    ]
    edges = [("x", "c"), ("c", "yes", "true"), ("c", "no", "false")]
    result = run(nodes, edges)
    assert result.node_results["yes"] == "big"
    assert "no" not in result.node_results
    assert result.skipped == ("no",)
    assert result.final_output == "big"


def test_a_condition_below_a_condition_reads_the_unwrapped_value() -> None:
    nodes = [
        const("x", 70),
        n("adult", "condition", condition=">=18"),
        n("senior", "condition", condition=">=65"),
    ]
    result = run(nodes, [("x", "adult"), ("adult", "senior", "true")])
    assert result.node_results["senior"]["condition_met"] is True
    assert result.node_results["senior"]["value"]["value"] == 70.0


def test_no_input_fails() -> None:
    result = run([n("c", "condition", condition="true")])
    assert result.errors == ["error executing node c: condition node needs at least 1 input"]


def test_a_run_time_evaluation_error_fails_the_node() -> None:
    message = error_on("condition", cond("10 / input > 1"), 0)
    assert message == "error executing node n: condition evaluation failed: division by zero"


def test_a_failing_condition_can_be_caught_by_try_catch() -> None:
    nodes = [
        const("x", 0),
        n("c", "condition", condition="10 / input > 1"),
        n("tc", "try_catch", fallback_value="caught"),
    ]
    result = run(nodes, [("x", "c"), ("c", "tc")])
    assert result.error is None
    assert result.node_results["tc"]["value"] == "caught"


def test_syntax_errors_are_load_time_errors_naming_node_field_and_column() -> None:
    message = load_error([const("x", 1), n("c", "condition", condition="input > foo(1)")])
    assert message == (
        "invalid config for node c (type condition): field condition: "
        "unknown function 'foo' at column 9"
    )
    assert "field condition: empty expression at column 1" in load_error(
        [n("c", "condition", condition="")]
    )


def test_missing_condition_is_a_parse_error() -> None:
    assert "missing required field: condition" in load_error([n("c", "condition")])


def test_reads_workflow_variables_and_context() -> None:
    nodes = [
        const("x", 30),
        n("v", "variable", var_name="limit", var_op="set"),
        n("c", "condition", condition="input.value > variables.limit - 1"),
    ]
    result = run(nodes, [("x", "v"), ("v", "c")])
    assert result.node_results["c"]["condition_met"] is True


def test_reads_another_nodes_result_and_waits_for_it() -> None:
    # "slow" is no source of "c" and yields first, so "c" could run before it finished
    # if the engine did not make it wait for what its condition reads.
    nodes = [
        n("slow", "async_sum", add=10, yields=20),
        const("x", 25),
        n("c", "condition", condition="input > node.slow"),
    ]
    result = run(nodes, [("x", "c")])
    assert result.node_results["c"]["condition_met"] is True


def test_reading_an_unknown_node_is_a_load_time_error() -> None:
    message = load_error([const("x", 1), n("c", "condition", condition="input > node.ghost")])
    assert message == (
        "node c: field condition reads node.ghost, which is not a node of this workflow"
    )


def test_reading_a_node_that_runs_later_is_a_load_time_error() -> None:
    nodes = [const("x", 1), n("c", "condition", condition="node.after > 1"), const("after", 2)]
    message = load_error(nodes, [("x", "c"), ("c", "after")])
    assert message == (
        "node c: field condition reads node.after, which does not run before c "
        "(it must come earlier in the workflow's order)"
    )
    assert "reads node.c, which does not run before c" in load_error(
        [const("x", 1), n("c", "condition", condition="node.c == null")], [("x", "c")]
    )


def test_node_ids_inside_strings_are_not_references() -> None:
    result = result_on("condition", cond("input == 'node.ghost'"), "node.ghost")
    assert result["condition_met"] is True


def test_declares_state_and_references_from_the_expression() -> None:
    node = Condition()
    config = structure({"condition": "input > node.a && variables.x"}, Condition.Config)
    assert node.is_stateful(config) is True
    assert list(node.node_references(config)) == [("condition", "a")]
    pure = structure({"condition": "item.age > 3"}, Condition.Config)
    assert node.is_stateful(pure) is False
    assert list(node.node_references(pure)) == []
    # a bare name other than item/input may fall through to a workflow variable
    assert node.is_stateful(structure({"condition": "limit > 3"}, Condition.Config)) is True


def test_expressions_build_values_within_the_engines_limits() -> None:
    data = cond("input.replace('a', 'bbbbbbbbbb') != ''")
    message = error_on("condition", data, "aaaa", max_string_length=20)
    assert message == (
        "error executing node n: condition evaluation failed: "
        "replace() would build a string of at least 40 bytes (limit 20)"
    )
    assert result_on("condition", data, "aaaa")["condition_met"] is True


def test_prepare_compiles_with_the_load_config_limits() -> None:
    config = structure({"condition": "true"}, Condition.Config)
    prepared = Condition().prepare(config, LoadContext(EngineConfig(max_array_length=7)))
    assert prepared.limits.max_array_length == 7
    assert prepared.test() is True


def test_the_engine_lists_condition_as_a_router() -> None:
    registered = engine().plugins.node_types.get("condition")
    assert registered is not None
    assert registered.node_type.routes is True
    assert registered.plugin == "node-condition"
