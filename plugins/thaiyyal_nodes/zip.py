"""``zip``: tuples of the i-th elements of several arrays."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeError, NodeType, hookimpl, node_config

from ._arrays import check_length


@node_config
class ZipConfig:
    #: More arrays to zip after ``inputs[0]``: an array whose array elements are used
    #: (other elements, and a non-array value, are ignored).
    arrays: Any = None
    #: The value that pads arrays shorter than the longest one.
    fill_missing: Any = None
    #: Accepted for compatibility with the editor, and ignored (as by the reference).
    remove_empty: bool = False


class Zip(NodeType[ZipConfig]):
    """Zips ``inputs[0]`` (when it is an array) with the ``arrays`` of the config."""

    type_name = "zip"
    category = "array"
    Config = ZipConfig
    array_key = "zipped"

    def run(self, config: ZipConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        arrays: list[list[Any]] = []
        first = ctx.array_input(inputs)
        if type(first) is list:
            arrays.append(first)
        if type(config.arrays) is list:
            arrays.extend(a for a in config.arrays if type(a) is list)
        if not arrays:
            raise NodeError("zip node requires at least one array")
        length = max(len(a) for a in arrays)
        check_length(ctx, length, "zipped array")
        check_length(ctx, len(arrays), "zip tuple")
        fill = config.fill_missing
        zipped = [[a[i] if i < len(a) else fill for a in arrays] for i in range(length)]
        return {
            "zipped": zipped or None,
            "array_count": len(arrays),
            "tuple_count": len(zipped),
            "max_length": length,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Zip)
