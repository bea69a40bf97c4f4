from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from thaiyyal import EngineConfig, LimitExceeded, MemoryRunState
from thaiyyal_nodes.variable import Variable

from ._util import load_problems, run_nodes

NUM = {"id": "a_num", "type": "number", "data": {"value": 5}}


def var(node_id: str, op: str, name: str = "x", **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "variable", "data": {"var_name": name, "var_op": op, **extra}}


def test_set_then_get() -> None:
    result = run_nodes(
        [NUM, var("b_set", "set", scope="node"), var("c_get", "get")],
        [("a_num", "b_set"), ("b_set", "c_get")],
    )
    assert result.node_results["b_set"] == {"var_name": "x", "operation": "set", "value": 5.0}
    assert result.node_results["c_get"] == {"var_name": "x", "operation": "get", "value": 5.0}


def test_set_stores_any_value_including_null() -> None:
    state = MemoryRunState(EngineConfig())
    ctx = SimpleNamespace(state=state)
    node = Variable()
    for value in (None, {"a": [1.0]}, "text", True):
        out = node.run(Variable.Config(var_name="x", var_op="set"), [value], ctx)  # type: ignore[arg-type]
        assert out == {"var_name": "x", "operation": "set", "value": value}
        assert state.variables["x"] == value


def test_get_of_an_unset_name_fails() -> None:
    result = run_nodes([var("g", "get", name="nope")])
    assert result.errors == ["error executing node g: variable 'nope' not found"]


def test_get_before_set_in_canonical_order_fails() -> None:
    # parentless nodes run in id order, so a_get runs before the set (spec §3.5 pitfall)
    result = run_nodes(
        [var("a_get", "get"), NUM | {"id": "b_val"}, var("c_set", "set")], [("b_val", "c_set")]
    )
    assert result.errors == ["error executing node a_get: variable 'x' not found"]


def test_set_needs_an_input() -> None:
    result = run_nodes([var("s", "set")])
    assert result.errors == ["error executing node s: variable set operation requires input value"]


def test_unknown_op_is_a_load_time_error() -> None:
    message = load_problems([var("v", "delete")])
    assert "node v" in message and "var_op" in message
    assert "unsupported variable operation: delete (use 'get' or 'set')" in message


def test_missing_required_fields() -> None:
    message = load_problems([{"id": "v", "type": "variable", "data": {"var_name": "x"}}])
    assert "missing required field: var_op" in message


@pytest.mark.parametrize(
    ("limits", "value", "message"),
    [
        ({"max_string_length": 3}, "abcd", "string too long: 4 bytes (limit: 3)"),
        ({"max_context_depth": 1}, [[1.0]], "value too deeply nested: 3 levels (limit: 1)"),
        ({"max_array_length": 1}, {"a": [1.0, 2.0]}, "map key a: array too large: 2 elements"),
    ],
)
def test_values_are_validated(limits: dict[str, Any], value: Any, message: str) -> None:
    # Inside a run every input already passed the same limits as a node result, so the
    # node's own check is exercised directly, with a state holding tighter limits.
    state = MemoryRunState(EngineConfig(**limits))
    ctx = SimpleNamespace(state=state)
    with pytest.raises(LimitExceeded, match=f"^variable validation failed: .*{re.escape(message)}"):
        Variable().run(Variable.Config(var_name="x", var_op="set"), [value], ctx)  # type: ignore[arg-type]
    assert state.variables == {}


def test_max_variables() -> None:
    nodes = [NUM] + [var(f"s{i}", "set", name=f"v{i}") for i in range(3)]
    result = run_nodes(nodes, [("a_num", f"s{i}") for i in range(3)], max_variables=2)
    assert result.errors == ["error executing node s2: maximum variables exceeded: 2 (limit: 2)"]


def test_expressions_would_see_the_same_namespace() -> None:
    result = run_nodes(
        [
            NUM,
            var("b", "set", name="shared", scope="workflow"),
            var("c", "set", name="shared", scope="node"),
        ],
        [("a_num", "b"), ("b", "c")],
    )
    assert result.node_results["c"]["value"] == {
        "var_name": "shared",
        "operation": "set",
        "value": 5.0,
    }
