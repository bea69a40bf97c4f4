"""``visualization``: shows its first input (the editor draws it); the value passes through."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeError, NodeType, hookimpl, node_config


@node_config
class VisualizationConfig:
    #: How the editor draws the value (``text``, ``table``, ...); the engine ignores it.
    mode: str = ""


class Visualization(NodeType[VisualizationConfig]):
    """Returns its first input unchanged; fails without input."""

    type_name = "visualization"
    category = "output"
    Config = VisualizationConfig

    def run(self, config: VisualizationConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        if not inputs:
            raise NodeError("visualization needs at least 1 input")
        return inputs[0]


@hookimpl
def register_node_types(register: Any) -> None:
    register(Visualization)
