"""``text_input``: a text constant."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config


@node_config
class TextInputConfig:
    text: str


class TextInput(NodeType[TextInputConfig]):
    """A text given in the node's ``text``; inputs are ignored."""

    type_name = "text_input"
    category = "input"
    Config = TextInputConfig

    def run(self, config: TextInputConfig, inputs: list[Any], ctx: NodeContext) -> str:
        return config.text


@hookimpl
def register_node_types(register: Any) -> None:
    register(TextInput)
