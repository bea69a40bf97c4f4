from __future__ import annotations

import pytest

from ._util import load_problems, run_nodes


def calc(op: str, left: object, right: object) -> object:
    nodes = [
        {"id": "a", "type": "number", "data": {"value": left}}
        if not isinstance(left, str)
        else {"id": "a", "type": "text_input", "data": {"text": left}},
        {"id": "b", "type": "number", "data": {"value": right}},
        {"id": "op", "type": "operation", "data": {"op": op}},
    ]
    result = run_nodes(nodes, [("a", "op"), ("b", "op")])
    return result.node_results.get("op", result.errors)


@pytest.mark.parametrize(
    ("op", "left", "right", "expected"),
    [
        ("add", 10, 20, 30.0),
        ("subtract", 5, 8, -3.0),
        ("multiply", 25, 1.1, 27.500000000000004),
        ("divide", 1, 4, 0.25),
    ],
)
def test_arithmetic(op: str, left: float, right: float, expected: float) -> None:
    assert calc(op, left, right) == expected


def test_errors_in_check_order() -> None:
    assert calc("divide", 1, 0) == ["error executing node op: division by zero"]
    assert calc("add", "1", 2) == ["error executing node op: operation inputs must be numbers"]
    one_input = run_nodes(
        [{"id": "a", "data": {"value": 1}}, {"id": "op", "data": {"op": "add"}}], [("a", "op")]
    )
    assert one_input.errors == ["error executing node op: operation needs 2 inputs, got 1"]


def test_unknown_op_is_a_load_time_error() -> None:
    assert "field op: unknown operation: power" in load_problems(
        [{"id": "op", "type": "operation", "data": {"op": "power"}}]
    )


def test_overflow_fails_the_node() -> None:
    result = run_nodes(
        [
            {"id": "a", "data": {"value": 1e308}},
            {"id": "b", "data": {"value": 10}},
            {"id": "op", "data": {"op": "multiply"}},
        ],
        [("a", "op"), ("b", "op")],
    )
    assert result.errors == [
        "error executing node op: node result validation failed: value is not a finite number: inf"
    ]
