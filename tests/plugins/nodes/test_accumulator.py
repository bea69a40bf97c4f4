from __future__ import annotations

from typing import Any

import pytest

from thaiyyal import NodeError
from thaiyyal_nodes.accumulator import fold

from ._util import load_problems, run_nodes


def acc(node_id: str, op: str, **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "accumulator", "data": {"accum_op": op, **extra}}


def num(node_id: str, value: float) -> dict[str, Any]:
    return {"id": node_id, "type": "number", "data": {"value": value}}


def text(node_id: str, value: str) -> dict[str, Any]:
    return {"id": node_id, "type": "text_input", "data": {"text": value}}


def test_sum_is_shared_across_nodes() -> None:
    result = run_nodes(
        [num("n1", 2), num("n2", 3.5), acc("s1", "sum"), acc("s2", "sum")],
        [("n1", "s1"), ("n2", "s2"), ("s1", "s2")],
    )
    assert result.node_results["s1"] == {"operation": "sum", "value": 2.0}
    # s2 has two inputs (n2 first in edge order) and folds in only the first
    assert result.node_results["s2"] == {"operation": "sum", "value": 5.5}


def test_product_concat_array_count() -> None:
    r = run_nodes([num("n", 4), acc("p", "product", initial_value=2)], [("n", "p")])
    assert r.node_results["p"] == {"operation": "product", "value": 8.0}
    r = run_nodes([text("t", "b"), acc("c", "concat", initial_value="a")], [("t", "c")])
    assert r.node_results["c"] == {"operation": "concat", "value": "ab"}
    r = run_nodes(
        [num("n", 1), text("t", "x"), acc("a1", "array"), acc("a2", "array")],
        [("n", "a1"), ("t", "a2"), ("a1", "a2")],
    )
    # earlier results keep the value they reported
    assert r.node_results["a1"] == {"operation": "array", "value": [1.0]}
    assert r.node_results["a2"] == {"operation": "array", "value": [1.0, "x"]}
    r = run_nodes([text("t", "anything"), acc("k", "count")], [("t", "k")])
    assert r.node_results["k"] == {"operation": "count", "value": 1.0}


@pytest.mark.parametrize(
    ("op", "default"),
    [("sum", 0.0), ("count", 0.0), ("product", 1.0), ("concat", ""), ("array", [])],
)
def test_without_input_reports_the_op_default(op: str, default: object) -> None:
    assert run_nodes([acc("a", op)]).node_results["a"] == {"operation": op, "value": default}


def test_initial_value_applies_only_while_the_accumulator_is_null() -> None:
    r = run_nodes(
        [num("n", 1), acc("a1", "sum", initial_value=10), acc("a2", "sum", initial_value=100)],
        [("n", "a1"), ("a1", "a2"), ("n", "a2")],
    )
    assert r.node_results["a1"]["value"] == 11.0
    # a2's first input is a1's result object, so it is not numeric: check with a number edge order
    r = run_nodes(
        [num("n", 1), acc("a1", "sum", initial_value=10), acc("a2", "count", initial_value=100)],
        [("n", "a1"), ("a1", "a2")],
    )
    assert r.node_results["a2"] == {"operation": "count", "value": 12.0}


def test_type_errors_in_check_order() -> None:
    r = run_nodes([text("t", "x"), acc("a", "sum")], [("t", "a")])
    assert r.errors == [
        "error executing node a: sum accumulator requires numeric input, got string"
    ]
    r = run_nodes([num("n", 1), acc("a", "sum", initial_value="x")], [("n", "a")])
    assert r.errors == ["error executing node a: accumulator value is not a number"]
    r = run_nodes([text("t", "x"), acc("a", "product")], [("t", "a")])
    assert r.errors == [
        "error executing node a: product accumulator requires numeric input, got string"
    ]
    r = run_nodes([num("n", 1), acc("a", "concat")], [("n", "a")])
    assert r.errors == [
        "error executing node a: concat accumulator requires string input, got float64"
    ]
    r = run_nodes([text("t", "x"), acc("a", "concat", initial_value=1)], [("t", "a")])
    assert r.errors == ["error executing node a: accumulator value is not a string"]
    r = run_nodes([num("n", 1), acc("a", "array", initial_value="x")], [("n", "a")])
    assert r.errors == ["error executing node a: accumulator value is not an array"]
    r = run_nodes([num("n", 1), acc("a", "count", initial_value="x")], [("n", "a")])
    assert r.errors == ["error executing node a: accumulator value is not a number"]


def test_counts_made_by_other_nodes_are_numbers() -> None:
    # ints (counts, indexes) are numbers like floats; booleans never are (spec §1.10)
    assert fold("sum", 0.5, 3) == 3.5
    assert fold("product", 2.0, 3) == 6.0
    assert fold("count", 1, "x") == 2
    with pytest.raises(NodeError, match="got bool"):
        fold("sum", 0.0, True)


def test_unknown_op_is_a_load_time_error_even_without_input() -> None:
    message = load_problems([acc("a", "median")])
    assert "unsupported accumulator operation: median" in message and "accum_op" in message


def test_result_size_is_enforced() -> None:
    nodes = [num("n", 1)] + [acc(f"a{i}", "array") for i in range(3)]
    edges = [("n", f"a{i}") for i in range(3)]
    r = run_nodes(nodes, edges, max_array_length=2)
    assert r.errors == [
        "error executing node a2: node result validation failed: "
        "map key value: array too large: 3 elements (limit: 2)"
    ]
