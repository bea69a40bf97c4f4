"""``slice``: a part of an array, Python-style bounds with negative indexes."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config

from ._arrays import config_int, config_number, not_an_array, resolve_array


@node_config
class SliceConfig:
    #: First index (negative counts from the end); only numbers count, truncated. Default 0.
    start: Any = None
    #: End index, exclusive (negative counts from the end). Default: ``start + length``, or
    #: the array's end.
    end: Any = None
    #: Number of elements, used when ``end`` is not a number.
    length: Any = None


class Slice(NodeType[SliceConfig]):
    """``inputs[0][start:end]`` with the bounds normalised and echoed."""

    type_name = "slice"
    category = "array"
    Config = SliceConfig
    array_key = "sliced"

    def run(self, config: SliceConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        array = resolve_array(inputs, ctx, self.type_name)
        if array is None:
            return not_an_array(inputs[0])
        n = len(array)
        start, end = bounds(config, n)
        sliced = array[start:end]
        return {
            "sliced": sliced,
            "input_count": n,
            "output_count": len(sliced),
            "start": start,
            "end": end,
        }


def bounds(config: SliceConfig, n: int) -> tuple[int, int]:
    """The reference's normalisation: negatives count from the end, both clamped to [0, n]."""
    start = config_int(config.start, 0)
    if start < 0:
        start += n
    start = min(max(start, 0), n)
    end = config_number(config.end)
    if end is None:
        length = config_number(config.length)
        end = n if length is None else start + length
    if end < 0:
        end += n
    end = min(max(end, 0), n)
    return min(start, end), end


@hookimpl
def register_node_types(register: Any) -> None:
    register(Slice)
