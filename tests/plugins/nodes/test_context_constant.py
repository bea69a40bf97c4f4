from __future__ import annotations

from typing import Any

from thaiyyal import Engine, EngineConfig, NodeContext, NodeType, node_config

from ...helpers import plugin_set
from ._util import load_problems, run_nodes


def const(node_id: str, **data: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "context_constant", "data": data}


def test_typed_form() -> None:
    result = run_nodes(
        [
            const(
                "c",
                context_values=[
                    {"name": "rate", "value": "0.2", "type": "number"},
                    {"name": "on", "value": "true", "type": "boolean"},
                ],
            )
        ]
    )
    assert result.node_results["c"] == {"type": "const", "constants": {"rate": 0.2, "on": True}}


def test_legacy_form() -> None:
    result = run_nodes([const("c", context_name="k", context_value=[1, 2])])
    assert result.node_results["c"] == {"type": "const", "name": "k", "value": [1.0, 2.0]}


def test_string_conversion_keeps_go_formatting() -> None:
    # quirk 013 is kept on purpose: the spec keeps the conversion rules (nodes.md §3.9)
    result = run_nodes(
        [const("c", context_values=[{"name": "big", "value": 1000000, "type": "string"}])]
    )
    assert result.node_results["c"]["constants"] == {"big": "1e+06"}


def test_errors_name_the_constant_node() -> None:
    message = load_problems(
        [const("c", context_values=[{"name": "x", "value": "abc", "type": "number"}])]
    )
    assert "context_constant node: error converting x (number)" in message
    assert "context_constant node missing context_value" in load_problems(
        [const("c", context_name="x")]
    )


def test_oversized_values_are_rejected() -> None:
    result = run_nodes([const("c", context_name="x", context_value=[1, 2, 3])], max_array_length=2)
    assert result.errors == [
        "error executing node c: context constant validation failed: "
        "array too large: 3 elements (limit: 2)"
    ]


@node_config
class NoConfig:
    pass


class ReadContext(NodeType[NoConfig]):
    type_name = "read_context"
    stateful = True
    Config = NoConfig

    def run(self, config: NoConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return dict(ctx.state.context)


def test_a_variable_overrides_a_constant_and_later_constants_overwrite() -> None:
    plugins = plugin_set(ReadContext, builtin=["node-context_variable", "node-context_constant"])
    nodes = [
        const("a1", context_name="limit", context_value=10),
        const("a2", context_name="limit", context_value=20),
        const("a3", context_name="shadowed", context_value="const"),
        {
            "id": "a4",
            "type": "context_variable",
            "data": {"context_name": "shadowed", "context_value": "var"},
        },
        const("a5", context_name="shadowed", context_value="const again"),
        {"id": "z", "type": "read_context", "data": {}},
    ]
    result = Engine(EngineConfig(), plugins=plugins).run_sync({"nodes": nodes, "edges": []})
    assert result.node_results["z"] == {"limit": 20.0, "shadowed": "var"}
