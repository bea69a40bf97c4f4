"""``operation``: arithmetic on two inputs."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config

_OPS: dict[str, Callable[[float, float], float]] = {
    "add": operator.add,
    "subtract": operator.sub,
    "multiply": operator.mul,
    "divide": operator.truediv,
}


@node_config
class OperationConfig:
    #: ``add``, ``subtract``, ``multiply`` or ``divide``.
    op: str


def _is_number(value: Any) -> bool:
    return (type(value) is float or type(value) is int) and type(value) is not bool


class Operation(NodeType[OperationConfig]):
    """``inputs[0] <op> inputs[1]`` as a float; extra inputs are ignored."""

    type_name = "operation"
    category = "operation"
    Config = OperationConfig

    def check_config(self, config: OperationConfig) -> Iterable[ConfigError]:
        if config.op not in _OPS:
            yield ConfigError(f"unknown operation: {config.op}", field="op")

    def run(self, config: OperationConfig, inputs: list[Any], ctx: NodeContext) -> float:
        if len(inputs) < 2:
            raise NodeError(f"operation needs 2 inputs, got {len(inputs)}")
        left, right = inputs[0], inputs[1]
        if not (_is_number(left) and _is_number(right)):
            raise NodeError("operation inputs must be numbers")
        if config.op == "divide" and right == 0:
            raise NodeError("division by zero")
        return float(_OPS[config.op](left, right))


@hookimpl
def register_node_types(register: Any) -> None:
    register(Operation)
