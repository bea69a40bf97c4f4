"""``flat_map``: spreads nested arrays (or one field of object elements) one level."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config

from ._arrays import check_length, not_an_array, resolve_array


@node_config
class FlatMapConfig:
    #: Key of object elements whose values are collected; ``""`` or ``"."`` spreads the
    #: elements themselves.
    field: str = ""
    #: Accepted for compatibility with the editor's default config, and ignored.
    expression: str | None = None


class FlatMap(NodeType[FlatMapConfig]):
    """Flattens ``inputs[0]`` one level, or collects ``field`` of its object elements."""

    type_name = "flat_map"
    category = "array"
    Config = FlatMapConfig
    array_key = "flattened"

    def run(self, config: FlatMapConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        array = resolve_array(inputs, ctx, self.type_name)
        if array is None:
            return not_an_array(inputs[0])
        field = config.field
        # What each element contributes: a list to spread or one value, or nothing.
        if field in ("", "."):
            parts: list[Any] = array
        else:
            parts = [e[field] for e in array if type(e) is dict and field in e]
        total = sum(len(p) if type(p) is list else 1 for p in parts)
        check_length(ctx, total, "flattened array")
        flattened: list[Any] = []
        for part in parts:
            if type(part) is list:
                flattened.extend(part)
            else:
                flattened.append(part)
        return {
            "flattened": flattened or None,
            "input_count": len(array),
            "output_count": len(flattened),
            "field": field,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(FlatMap)
