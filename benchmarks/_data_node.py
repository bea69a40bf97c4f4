"""A ``bench_data`` node handing prebuilt data sets to a workflow, so benchmarks measure the
node under test, not JSON decoding. Fill :data:`DATA` and register :class:`BenchPlugin`."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config

#: data sets by name, read by ``{"type": "bench_data", "data": {"name": ...}}``
DATA: dict[str, list[Any]] = {}


@node_config
class BenchDataConfig:
    name: str


class BenchData(NodeType[BenchDataConfig]):
    """Returns a prebuilt data set."""

    type_name = "bench_data"
    category = "input"
    Config = BenchDataConfig

    def run(self, config: BenchDataConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return DATA[config.name]


class BenchPlugin:
    @hookimpl
    def register_node_types(self, register: Any) -> None:
        register(BenchData)
