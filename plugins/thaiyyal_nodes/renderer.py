"""``renderer``: hands its first input to the editor's renderer; the value passes through."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config


@node_config
class RendererConfig:
    #: Rendering hint for the editor; the engine ignores it.
    mode: str = ""


class Renderer(NodeType[RendererConfig]):
    """Returns its first input unchanged, or null when it has none."""

    type_name = "renderer"
    category = "output"
    Config = RendererConfig

    def run(self, config: RendererConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return inputs[0] if inputs else None


@hookimpl
def register_node_types(register: Any) -> None:
    register(Renderer)
