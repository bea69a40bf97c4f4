"""``number``: a numeric constant."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config


@node_config
class NumberConfig:
    value: float


class Number(NodeType[NumberConfig]):
    """A number given in the node's ``value``; inputs are ignored."""

    type_name = "number"
    category = "input"
    Config = NumberConfig

    def run(self, config: NumberConfig, inputs: list[Any], ctx: NodeContext) -> float:
        return config.value


@hookimpl
def register_node_types(register: Any) -> None:
    register(Number)
