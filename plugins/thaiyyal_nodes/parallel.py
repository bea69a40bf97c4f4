"""``parallel``: gather every input into one list.

The engine already runs independent nodes concurrently, so this node orchestrates nothing:
it reports its inputs (in payload edge order) and echoes ``max_concurrency``, which must be
at least 1 (a value below 1 would hang or crash an engine that honoured it, so it is
rejected when the workflow is loaded).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config


@node_config
class ParallelConfig:
    #: Echoed in the result; at least 1.
    max_concurrency: int = 10
    #: Accepted for compatibility and ignored.
    timeout: str | None = None


class Parallel(NodeType[ParallelConfig]):
    """Gather all inputs into ``results`` (independent nodes already run concurrently)."""

    type_name = "parallel"
    category = "flow"
    Config = ParallelConfig

    def check_config(self, config: ParallelConfig) -> Iterable[ConfigError]:
        if config.max_concurrency < 1:
            yield ConfigError(
                f"max_concurrency must be at least 1, got {config.max_concurrency}",
                field="max_concurrency",
            )

    def run(self, config: ParallelConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        if not inputs:
            raise NodeError("parallel node requires at least one input")
        return {
            "results": list(inputs),
            "count": len(inputs),
            "concurrency": config.max_concurrency,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Parallel)
