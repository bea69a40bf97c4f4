"""``compact``: an array without its null elements (and, on request, empty strings)."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config

from ._arrays import not_an_array, resolve_array


@node_config
class CompactConfig:
    #: Also drop ``""`` (empty arrays, empty objects, ``0`` and ``false`` always stay).
    remove_empty: bool = False


class Compact(NodeType[CompactConfig]):
    """Drops nulls and NaN numbers from ``inputs[0]``."""

    type_name = "compact"
    category = "array"
    Config = CompactConfig
    array_key = "compacted"

    def run(self, config: CompactConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        array = resolve_array(inputs, ctx, self.type_name)
        if array is None:
            return not_an_array(inputs[0])
        remove_empty = config.remove_empty
        compacted = [
            e
            for e in array
            if e is not None
            and not (type(e) is float and e != e)
            and not (remove_empty and type(e) is str and not e)
        ]
        return {
            "compacted": compacted or None,
            "input_count": len(array),
            "output_count": len(compacted),
            "removed": len(array) - len(compacted),
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Compact)
