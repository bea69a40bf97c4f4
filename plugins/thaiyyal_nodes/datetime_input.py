"""``datetime_input``: a date-time constant."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config


@node_config
class DatetimeInputConfig:
    datetime_value: str


class DatetimeInput(NodeType[DatetimeInputConfig]):
    """A date-time given as text in ``datetime_value`` (not validated)."""

    type_name = "datetime_input"
    category = "input"
    Config = DatetimeInputConfig

    def run(self, config: DatetimeInputConfig, inputs: list[Any], ctx: NodeContext) -> str:
        return config.datetime_value


@hookimpl
def register_node_types(register: Any) -> None:
    register(DatetimeInput)
