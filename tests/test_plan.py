"""Validation before anything runs: every problem, each naming node and field."""

from __future__ import annotations

from typing import Any

import pytest

from thaiyyal import ConfigError, InvalidWorkflow, NodeType, node_config

from .helpers import edge, engine, node, payload
from .nodes_for_tests import ALL


@node_config
class _PickyConfig:
    count: int
    ratio: float = 1.0
    name: str = ""
    flag: bool = False
    tags: tuple[str, ...] = ()
    anything: Any = None


class Picky(NodeType[_PickyConfig]):
    type_name = "picky"
    Config = _PickyConfig

    def check_config(self, config: _PickyConfig) -> Any:
        if config.count < 0:
            yield ConfigError(f"count must be non-negative, got {config.count}", field="count")

    def node_references(self, config: _PickyConfig) -> Any:
        return [("name", config.name[5:])] if config.name.startswith("node.") else []

    def run(self, config: _PickyConfig, inputs: list[Any], ctx: Any) -> Any:
        return config.anything


def load(body: dict[str, Any], **config: Any) -> Any:
    return engine(Picky, *ALL, **config).load(body)


def problems(body: dict[str, Any], **config: Any) -> list[str]:
    with pytest.raises(InvalidWorkflow) as info:
        load(body, **config)
    return [p.message for p in info.value.problems]


def test_config_fields_are_strictly_typed_and_all_reported() -> None:
    found = problems(
        payload(
            [
                node("a", "picky", count=2.0),
                node("b", "picky", count=1, ratio="x", name=3, flag=1, tags=["a", 2]),
                node("c", "picky"),
                node("d", "picky", count=-1),
            ]
        )
    )
    assert any(
        "node a (type picky): field count: expected an integer, got the number 2.0" in m
        for m in found
    )
    assert any(
        "node b (type picky): field ratio: expected a number, got string" in m for m in found
    )
    assert any("field name: expected a string, got number" in m for m in found)
    assert any("field flag: expected a boolean, got number" in m for m in found)
    assert any("field tags[1]: expected a string, got number" in m for m in found)
    assert any("node c (type picky): missing required field: count" in m for m in found)
    assert any(
        "invalid config for node d (type picky): field count: count must be "
        "non-negative, got -1" in m
        for m in found
    )
    assert len(found) == 7


def test_config_keys_match_case_insensitively_and_any_numbers_are_floats() -> None:
    plan = load(payload([node("a", "picky", COUNT=2, Anything=[1, {"x": 2}])]))
    config = plan.by_id["a"].config
    assert config.count == 2
    assert config.anything == [1.0, {"x": 2.0}]
    assert type(config.anything[0]) is float


def test_exact_key_wins_over_case_insensitive_match() -> None:
    plan = load(payload([node("a", "picky", Count=1, count=2)]))
    assert plan.by_id["a"].config.count == 2


def test_graph_problems_are_reported_together() -> None:
    found = problems(
        payload(
            [node("a", "const"), node("a", "const"), node("b", "nope"), node("c", "const")],
            [edge("a", "zz"), edge("yy", "c")],
        )
    )
    assert "duplicate node id 'a' (nodes[0] and nodes[1])" in found
    assert any(
        "node b: no executor registered for type: nope (no installed plugin provides "
        "node type 'nope')" in m
        for m in found
    )
    assert any("target 'zz' is not a node of this workflow" in m for m in found)
    assert any("source 'yy' is not a node of this workflow" in m for m in found)


def test_cycles_name_the_nodes() -> None:
    found = problems(
        payload([node(n, "echo") for n in "abc"], [edge("a", "b"), edge("b", "a"), edge("b", "c")])
    )
    assert len(found) == 1
    assert found[0].startswith("workflow contains cycles (circular dependencies): ")
    assert "a" in found[0] and "b" in found[0]


def test_type_less_node_whose_data_matches_nothing() -> None:
    found = problems(payload([{"id": "x", "data": {"whatever": 1}}]))
    assert found == [
        "node x: no executor registered for type:  (the node has no type and its data "
        "matches no known node type)"
    ]


def test_size_limits() -> None:
    found = problems(
        payload([node(str(i), "const") for i in range(4)], [edge("0", "1")] * 3),
        max_nodes=3,
        max_edges=2,
    )
    assert "workflow has 4 nodes, exceeds limit of 3" in found
    assert "workflow has 3 edges, exceeds limit of 2" in found


def test_node_references_must_exist_and_run_earlier() -> None:
    load(payload([node("a", "const"), node("b", "picky", count=1, name="node.a")]))
    found = problems(
        payload(
            [
                node("a", "picky", count=1, name="node.b"),
                node("b", "const"),
                node("c", "picky", count=1, name="node.ghost"),
            ]
        )
    )
    assert any("node a: field name reads node.b, which does not run before a" in m for m in found)
    assert any("node c: field name reads node.ghost, which is not a node" in m for m in found)


def test_a_reference_makes_the_node_wait_for_the_referenced_node() -> None:
    plan = load(
        payload([node("a", "async_sum", yields=3), node("b", "picky", count=1, name="node.a")])
    )
    assert plan.by_id["b"].waits_for == ("a",)
    assert plan.by_id["a"].successors == ("b",)


def test_plan_facts() -> None:
    plan = load(
        payload(
            [node("b", "const"), node("a", "append"), node("c", "echo")],
            [edge("a", "c"), edge("b", "c"), edge("a", "c")],
        )
    )
    c = plan.by_id["c"]
    assert plan.order == ["a", "b", "c"]
    assert c.sources == ("a", "b", "a") and c.waits_for == ("a", "b")
    assert c.terminal and not plan.by_id["a"].terminal
    assert plan.by_id["a"].stateful and not c.stateful
    assert plan.has_async


def test_engine_dependent_checks_see_the_engines_services() -> None:
    from thaiyyal import Engine, EngineConfig

    from .helpers import plugin_set

    class Named(NodeType[_PickyConfig]):
        type_name = "named"
        Config = _PickyConfig

        def check_engine(self, config: _PickyConfig, load: Any) -> Any:
            if config.name not in load.services.get("names", ()):
                yield ConfigError(f"unknown name: {config.name}", field="name")

    plugins = plugin_set(Named)
    body = payload([node("a", "named", count=1, name="x")])
    Engine(EngineConfig(), plugins=plugins, services={"names": ["x"]}).load(body)
    with pytest.raises(InvalidWorkflow, match="field name: unknown name: x"):
        Engine(EngineConfig(), plugins=plugins, services={"names": []}).load(body)


def test_problems_locate_the_node_and_field() -> None:
    """Editors highlight the offending node and field from these, not from the message."""
    body = payload(
        [
            node("ok", "picky", count=1),
            node("bad", "picky", count="many"),
            node("ghost", "teleport"),
        ]
    )
    with pytest.raises(InvalidWorkflow) as raised:
        engine(*ALL, Picky).load(body)
    located = {(p.node_id, p.node_index, p.field, p.edge_index) for p in raised.value.problems}
    assert located == {("bad", 1, "count", None), ("ghost", 2, "type", None)}


def test_nodes_with_equal_scalar_data_share_one_config() -> None:
    """Equal configs are structured once per load; values that Python calls equal but a
    run tells apart (1, 1.0, true; 0.0, -0.0) are kept apart, and so is non-scalar data."""
    plan = load(
        payload(
            [
                node("a", "picky", count=1, name="x"),
                node("b", "picky", count=1, name="x"),
                node("c", "picky", count=1, name="y"),
                node("d", "picky", count=1, ratio=0.0),
                node("e", "picky", count=1, ratio=-0.0),
                node("f", "picky", count=1, anything=1),
                node("g", "picky", count=1, anything=1.0),
                node("h", "picky", count=1, anything=True),
                node("i", "picky", count=1, tags=["t"]),
                node("j", "picky", count=1, tags=["t"]),
            ]
        )
    )
    config = {node_id: planned.config for node_id, planned in plan.by_id.items()}
    assert config["a"] is config["b"]
    assert config["a"] is not config["c"]
    assert str(config["e"].ratio) == "-0.0" and str(config["d"].ratio) == "0.0"
    assert [config[n].anything for n in "fgh"] == [1.0, 1.0, True]
    assert config["h"].anything is True and config["f"] is not config["h"]
    assert config["i"] == config["j"] and config["i"] is not config["j"]


def test_equal_bad_configs_are_each_reported() -> None:
    found = problems(payload([node("a", "picky", count=-1), node("b", "picky", count=-1)]))
    assert [m.split(":")[0] for m in found] == [
        "invalid config for node a (type picky)",
        "invalid config for node b (type picky)",
    ]
