"""``expression`` (nodes.md §3.2): one evaluation, no fallback; the empty-expression
pass-through; input binding; load-time syntax errors; run-time errors fail the node."""

from __future__ import annotations

from typing import Any

import pytest

from thaiyyal.converter import structure
from thaiyyal_nodes.expression import ExpressionNode

from .control_support import const, error_on, load_error, n, result_on, run


@pytest.mark.parametrize(
    ("expression", "value", "expected"),
    [
        ("input * 2", 21, 42.0),
        ("input + 0.5", 1, 1.5),
        ("input.user.name", {"user": {"name": "Ada"}}, "Ada"),
        ("item.tags[1]", {"tags": ["a", "b"]}, "b"),
        ("input > 8 ? 'high' : 'low'", 9, "high"),
        ("input >= 10", 10, True),
        ("input == 'x'", "y", False),
        ("input.missing", {}, None),
        ("round(avg(map(input, item.age)))", [{"age": 31}, {"age": 40}], 36.0),
        ("input.range", {"range": [1, 2]}, [1.0, 2.0]),
    ],
)
def test_values(expression: str, value: Any, expected: Any) -> None:
    assert result_on("expression", {"expression": expression}, value) == expected


def test_arithmetic_results_are_floats() -> None:
    assert type(result_on("expression", {"expression": "input + 1"}, 1)) is float


def test_empty_expression_passes_the_input_through_with_a_warning() -> None:
    assert result_on("expression", {"expression": ""}, 5) == {
        "result": 5.0,
        "warning": "no expression specified",
    }


def test_no_input_fails_even_with_an_empty_expression() -> None:
    for text in ("", "1 + 1"):
        result = run([n("e", "expression", expression=text)])
        assert result.errors == ["error executing node e: expression node needs at least 1 input"]


def test_a_run_time_error_fails_the_node() -> None:
    assert error_on("expression", {"expression": "10 / input"}, 0) == (
        "error executing node n: expression evaluation failed: division by zero"
    )


def test_gibberish_is_a_load_time_error_not_false() -> None:
    error = load_error([const("x", 1), n("e", "expression", expression="input >> 2")])
    assert error.startswith("invalid config for node e (type expression): field expression: ")
    assert "column" in error


def test_input_is_bound_by_the_node_and_wins_over_a_workflow_variable() -> None:
    nodes = [
        const("seven", 7),
        n("set", "variable", var_name="input", var_op="set"),
        const("x", 2),
        n("e", "expression", expression="input * 10 + variables.input"),
    ]
    # "set" stores 7 as the workflow variable ``input``; inputs[0] of "e" is 2
    result = run(nodes, [("seven", "set"), ("x", "e"), ("set", "e")])
    assert result.error is None, result.error
    assert result.node_results["e"] == 22.0


def test_a_workflow_variable_named_item_shadows_the_auto_bound_item() -> None:
    nodes = [
        const("seven", 7),
        n("set", "variable", var_name="item", var_op="set"),
        const("x", 2),
        n("e", "expression", expression="item"),
    ]
    result = run(nodes, [("seven", "set"), ("set", "e"), ("x", "e")])
    assert result.node_results["e"] == 7.0


def test_reads_other_nodes_and_context() -> None:
    nodes = [
        const("a", 40),
        n(
            "ctx",
            "context_constant",
            context_name="bonus",
            context_value="2",
            context_type="number",
        ),
        const("x", 0),
        n("e", "expression", expression="node.a + context.bonus + input"),
    ]
    result = run(nodes, [("x", "e")])
    assert result.error is None, result.error
    assert result.node_results["e"] == 42.0


def test_references_and_state() -> None:
    node = ExpressionNode()
    config = structure({"expression": "node.a.b + node.c + variables.x"}, ExpressionNode.Config)
    assert list(node.node_references(config)) == [("expression", "a"), ("expression", "c")]
    assert node.is_stateful(config) is True
    empty = structure({"expression": ""}, ExpressionNode.Config)
    assert list(node.node_references(empty)) == []
    assert node.is_stateful(empty) is False


def test_built_values_respect_the_engine_limits() -> None:
    error = error_on("expression", {"expression": "input.split('')"}, "abcd", max_array_length=3)
    assert error == (
        "error executing node n: expression evaluation failed: "
        "split() would build an array of 4 elements (limit 3)"
    )
