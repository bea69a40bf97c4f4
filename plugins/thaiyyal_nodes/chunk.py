"""``chunk``: an array cut into consecutive sub-arrays of a fixed size."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config

from ._arrays import check_length, config_int, not_an_array, resolve_array

#: The size the reference uses when ``size`` is not a number.
DEFAULT_SIZE = 10


@node_config
class ChunkConfig:
    #: Elements per chunk (numbers truncated; anything else means 10); must be > 0.
    size: Any


class Chunk(NodeType[ChunkConfig]):
    """Splits ``inputs[0]`` into chunks of ``size`` elements; the last may be shorter."""

    type_name = "chunk"
    category = "array"
    Config = ChunkConfig
    array_key = "chunks"

    def check_config(self, config: ChunkConfig) -> Iterable[ConfigError]:
        size = config_int(config.size, DEFAULT_SIZE)
        if size <= 0:
            yield ConfigError(_size_message(size), field="size")

    def run(self, config: ChunkConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        array = resolve_array(inputs, ctx, self.type_name)
        if array is None:
            return not_an_array(inputs[0])
        size = config_int(config.size, DEFAULT_SIZE)
        if size <= 0:  # rejected at load time; kept for callers that skip the config check
            raise NodeError(_size_message(size))
        n = len(array)
        check_length(ctx, -(-n // size), "chunk list")
        chunks = [array[i : i + size] for i in range(0, n, size)]
        return {
            "chunks": chunks or None,
            "input_count": n,
            "chunk_count": len(chunks),
            "chunk_size": size,
        }


def _size_message(size: int) -> str:
    return f"chunk size must be greater than 0, got {size}"


@hookimpl
def register_node_types(register: Any) -> None:
    register(Chunk)
