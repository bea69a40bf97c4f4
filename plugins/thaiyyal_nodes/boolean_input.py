"""``boolean_input``: a boolean constant."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config


@node_config
class BooleanInputConfig:
    boolean_value: bool


class BooleanInput(NodeType[BooleanInputConfig]):
    """A boolean given in ``boolean_value``; inputs are ignored."""

    type_name = "boolean_input"
    category = "input"
    Config = BooleanInputConfig

    def run(self, config: BooleanInputConfig, inputs: list[Any], ctx: NodeContext) -> bool:
        return config.boolean_value


@hookimpl
def register_node_types(register: Any) -> None:
    register(BooleanInput)
