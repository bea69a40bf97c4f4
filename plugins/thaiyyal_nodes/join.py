"""``join``: merge whatever branches ran into one value.

There is no waiting: a join runs once its sources have settled, and skipped sources simply
contribute nothing. ``all`` gives every input, ``any`` and ``first`` the first input in
payload edge order (never "first to finish", so results do not depend on scheduling).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config

JOIN_STRATEGIES = ("all", "any", "first")


@node_config
class JoinConfig:
    #: ``all`` (default), ``any`` or ``first``.
    join_strategy: str = "all"
    #: Accepted for compatibility; nothing waits, so there is nothing to time out.
    timeout: str | None = None


class Join(NodeType[JoinConfig]):
    """Merge the inputs of the branches that ran (all of them, or the first)."""

    type_name = "join"
    category = "flow"
    Config = JoinConfig

    def check_config(self, config: JoinConfig) -> Iterable[ConfigError]:
        if config.join_strategy not in JOIN_STRATEGIES:
            yield ConfigError(
                f"unsupported join strategy: {config.join_strategy} (use all, any, or first)",
                field="join_strategy",
            )

    def run(self, config: JoinConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        strategy = config.join_strategy
        if strategy == "all":
            if not inputs:
                raise NodeError("join node with 'all' strategy requires at least one input")
            return {"strategy": "all", "values": list(inputs), "count": len(inputs)}
        if not inputs:
            raise NodeError(f"join node with '{strategy}' strategy has no inputs")
        if strategy == "any":
            return {"strategy": "any", "value": inputs[0], "count": len(inputs)}
        return {"strategy": "first", "value": inputs[0]}


@hookimpl
def register_node_types(register: Any) -> None:
    register(Join)
