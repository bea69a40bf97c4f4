"""``split``: hand one value to several named paths.

Not a router: the result names the paths as data (``outputs``), and edges whose
``sourceHandle`` is a path name never fire (the engine warns about them at load time). Use
plain edges; every target receives the whole result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from thaiyyal import NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.converter import match_keys


@node_config
class SplitConfig:
    #: Names of the paths (at least one).
    paths: list[str]


class Split(NodeType[SplitConfig]):
    """Copy the input to every named path (as data; edges are not routed)."""

    type_name = "split"
    category = "flow"
    Config = SplitConfig

    def check_data(self, data: Mapping[str, Any]) -> Iterable[str]:
        if match_keys(data, SplitConfig).get("paths") == []:
            yield "missing required field: paths"

    def run(self, config: SplitConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        if not inputs:
            raise NodeError("split node requires at least one input")
        value = inputs[0]
        return {
            "value": value,
            "paths": list(config.paths),
            "outputs": dict.fromkeys(config.paths, value),
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Split)
