"""``date_input``: a date constant."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config


@node_config
class DateInputConfig:
    date_value: str


class DateInput(NodeType[DateInputConfig]):
    """A date given as text in ``date_value`` (not validated: partial values are kept)."""

    type_name = "date_input"
    category = "input"
    Config = DateInputConfig

    def run(self, config: DateInputConfig, inputs: list[Any], ctx: NodeContext) -> str:
        return config.date_value


@hookimpl
def register_node_types(register: Any) -> None:
    register(DateInput)
