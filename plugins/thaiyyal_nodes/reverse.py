"""``reverse``: an array in reverse order."""

from __future__ import annotations

from typing import Any

from thaiyyal import EmptyConfig, NodeContext, NodeType, hookimpl

from ._arrays import not_an_array, resolve_array


class Reverse(NodeType[EmptyConfig]):
    """A reversed copy of ``inputs[0]``."""

    type_name = "reverse"
    category = "array"
    array_key = "reversed"

    def run(self, config: EmptyConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        array = resolve_array(inputs, ctx, self.type_name)
        if array is None:
            return not_an_array(inputs[0])
        return {"reversed": array[::-1], "count": len(array)}


@hookimpl
def register_node_types(register: Any) -> None:
    register(Reverse)
