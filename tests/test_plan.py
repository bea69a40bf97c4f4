"""Validation before anything runs: every problem, each naming node and field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

import pytest

from thaiyyal import (
    ConfigError,
    EngineConfig,
    InvalidWorkflow,
    NodeType,
    Problem,
    hookimpl,
    node_config,
)
from thaiyyal.model import decode_payload
from thaiyyal.plan import build_plan

from .helpers import edge, engine, located, node, payload, plugin_set
from .nodes_for_tests import ALL, ConstConfig


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


def test_graph_problems_locate_the_node_edge_and_field() -> None:
    body = payload(
        [
            node("a", "picky"),
            node("a", "const"),
            node("b", "nope"),
            node("c", "picky", count=1, name="node.ghost"),
        ],
        [edge("a", "c"), edge("yy", "zz")],
    )
    with pytest.raises(InvalidWorkflow) as raised:
        load(body, max_nodes=3, max_edges=1)
    assert set(located(raised.value.problems)) == {
        (None, None, "nodes", None),
        (None, None, "edges", None),
        ("a", 1, "id", None),
        ("a", 0, "count", None),
        ("b", 2, "type", None),
        (None, None, "source", 1),
        (None, None, "target", 1),
        ("c", None, "name", None),
    }


def test_a_cycle_problem_spells_the_cycle_and_points_at_its_first_node() -> None:
    with pytest.raises(InvalidWorkflow) as raised:
        load(
            payload(
                [node("a", "echo"), node("b", "echo"), node("c", "echo")],
                [edge("a", "b"), edge("b", "c"), edge("c", "a")],
            )
        )
    (problem,) = raised.value.problems
    cycle = re.fullmatch(
        r"workflow contains cycles \(circular dependencies\): (\w) -> (\w) -> (\w) -> \1",
        problem.message,
    )
    assert cycle is not None and set(cycle.groups()) == {"a", "b", "c"}
    assert problem.node_id == cycle.group(1)


def test_references_next_to_a_cycle_add_no_problems_of_their_own() -> None:
    """Nodes stuck in a cycle get no place in the order; reading one, or being one that
    reads, must still end in the cycle problem rather than a crash."""
    cycle = [edge("a", "b"), edge("b", "a")]
    reads_stuck = payload(
        [node("a", "echo"), node("b", "echo"), node("c", "picky", count=1, name="node.a")], cycle
    )
    found = problems(reads_stuck)
    assert len(found) == 1 and found[0].startswith("workflow contains cycles")
    stuck_reads = payload(
        [node("c", "const"), node("a", "picky", count=1, name="node.c"), node("b", "echo")], cycle
    )
    found = problems(stuck_reads)
    assert len(found) == 1 and found[0].startswith("workflow contains cycles")


def test_size_limits_are_inclusive() -> None:
    body = payload([node(str(i), "const") for i in range(3)], [edge("0", "1"), edge("1", "2")])
    assert load(body, max_nodes=3, max_edges=2).order == ["0", "1", "2"]


def test_a_node_cannot_read_its_own_result() -> None:
    with pytest.raises(InvalidWorkflow) as raised:
        load(payload([node("a", "picky", count=1, name="node.a")]))
    (problem,) = raised.value.problems
    assert (problem.node_id, problem.field) == ("a", "name")
    assert problem.message == (
        "node a: field name reads node.a, which does not run before a (it must come earlier "
        "in the workflow's order)"
    )


def test_a_reference_to_a_missing_node_says_so() -> None:
    assert problems(payload([node("c", "picky", count=1, name="node.ghost")])) == [
        "node c: field name reads node.ghost, which is not a node of this workflow"
    ]


class Strict(NodeType[_PickyConfig]):
    """Checks its raw data, raises from check_config, and checks the engine last."""

    type_name = "strict"
    Config = _PickyConfig
    engine_checked: ClassVar[list[int]] = []

    def check_data(self, data: Mapping[str, Any]) -> Any:
        if "legacy" in data:
            yield "field legacy is no longer supported"

    def check_config(self, config: _PickyConfig) -> Any:
        if config.count > 9:
            raise ConfigError("count is too large", field="count")
        if config.count < 0:
            yield ConfigError("count must be non-negative")

    def check_engine(self, config: _PickyConfig, load: Any) -> Any:
        self.engine_checked.append(config.count)
        if config.count == 7:
            yield ConfigError("seven is reserved", field="count")

    def run(self, config: _PickyConfig, inputs: list[Any], ctx: Any) -> Any:
        return config.count


def test_data_checks_config_checks_and_engine_checks_report_in_turn() -> None:
    """A data problem stops structuring (no type errors on top), a config problem stops
    the engine check, and a check may raise its ConfigError instead of yielding it."""
    Strict.engine_checked.clear()
    body = payload(
        [
            node("d", "strict", count="x", legacy=1),
            node("m", "strict", legacy=1),
            node("r", "strict", count=10),
            node("y", "strict", count=-1),
            node("s", "strict", count=7),
            node("ok", "strict", count=3),
        ]
    )
    with pytest.raises(InvalidWorkflow) as raised:
        engine(Strict).load(body)
    assert [(p.node_id, p.node_index, p.field, p.message) for p in raised.value.problems] == [
        (
            "d",
            0,
            None,
            "failed to parse payload: failed to unmarshal data for node d (type strict): "
            "field legacy is no longer supported",
        ),
        (
            "m",
            1,
            None,
            "failed to parse payload: failed to unmarshal data for node m (type strict): "
            "field legacy is no longer supported",
        ),
        (
            "m",
            1,
            "count",
            "failed to parse payload: failed to unmarshal data for node m (type strict): "
            "missing required field: count",
        ),
        (
            "r",
            2,
            "count",
            "invalid config for node r (type strict): field count: count is too large",
        ),
        ("y", 3, None, "invalid config for node y (type strict): count must be non-negative"),
        (
            "s",
            4,
            "count",
            "invalid config for node s (type strict): field count: seven is reserved",
        ),
    ]
    assert Strict.engine_checked == [7, 3]


class Prepared(NodeType[_PickyConfig]):
    """Prepares at load time: its count, or a ConfigError, or a nested workflow's problems."""

    type_name = "prepared"
    Config = _PickyConfig

    def prepare(self, config: _PickyConfig, load: Any) -> Any:
        if config.name == "bad":
            raise ConfigError("cannot prepare", field="name")
        if config.name == "vague":
            raise ConfigError("cannot prepare at all")
        if config.name == "nested":
            raise InvalidWorkflow([Problem("inner one"), Problem("inner two")])
        return ("prepared", config.count, load.depth, load.config.max_nodes)

    def run(self, config: _PickyConfig, inputs: list[Any], ctx: Any) -> Any:
        return ctx.prepared


def test_prepare_products_are_kept_and_its_failures_reported() -> None:
    plan = engine(Prepared, *ALL, max_nodes=50).load(
        payload([node("p", "prepared", count=2), node("c", "const")], [edge("p", "c")])
    )
    assert plan.by_id["p"].prepared == ("prepared", 2, 0, 50)
    assert plan.by_id["c"].prepared is None
    body = payload(
        [
            node("b", "prepared", count=1, name="bad"),
            node("v", "prepared", count=1, name="vague"),
            node("n", "prepared", count=1, name="nested"),
        ]
    )
    with pytest.raises(InvalidWorkflow) as raised:
        engine(Prepared).load(body)
    assert [(p.node_id, p.node_index, p.field, p.message) for p in raised.value.problems] == [
        ("b", 0, "name", "invalid config for node b (type prepared): field name: cannot prepare"),
        ("v", 1, None, "invalid config for node v (type prepared): cannot prepare at all"),
        ("n", 2, "workflow", "node n (type prepared): in its sub-workflow: inner one"),
        ("n", 2, "workflow", "node n (type prepared): in its sub-workflow: inner two"),
    ]


def test_build_plan_on_its_own_makes_its_load_context_and_problem_list() -> None:
    plugins = plugin_set(Prepared)
    workflow = decode_payload(payload([node("p", "prepared", count=4)]))
    plan = build_plan(workflow, plugins, EngineConfig(max_nodes=5))
    assert plan.by_id["p"].prepared == ("prepared", 4, 0, 5)
    assert plan.config.max_nodes == 5
    with pytest.raises(InvalidWorkflow, match="no executor registered for type: nope"):
        build_plan(decode_payload(payload([node("x", "nope")])), plugins, EngineConfig())


def test_problems_found_while_decoding_are_reported_with_the_plans() -> None:
    """Engine.load collects decoding problems first and build_plan must not drop them."""
    with pytest.raises(InvalidWorkflow) as raised:
        load(payload([node("a", "const", label=3), node("b", "nope")]))
    assert [(p.node_id, p.field) for p in raised.value.problems] == [("a", "label"), ("b", "type")]
    with pytest.raises(InvalidWorkflow) as raised:
        load(payload([node("a", "const", label=3)]))
    assert [(p.node_id, p.field) for p in raised.value.problems] == [("a", "label")]


class Guard(NodeType[ConstConfig]):
    """A resilience node: it wraps the node feeding it."""

    type_name = "guard"
    Config = ConstConfig
    guards_upstream = True

    def run(self, config: ConstConfig, inputs: list[Any], ctx: Any) -> Any:
        return inputs


def test_a_resilience_node_wraps_its_one_input() -> None:
    plan = engine(Guard, *ALL).load(
        payload([node("a", "const"), node("g", "guard"), node("b", "const")], [edge("a", "g")])
    )
    assert plan.by_id["a"].guard == "g" and plan.by_id["a"].wraps is None
    assert plan.by_id["g"].wraps == "a" and plan.by_id["g"].guard is None
    assert plan.by_id["b"].guard is None and plan.by_id["b"].wraps is None
    assert plan.has_async  # guarded nodes run through the scheduler, even sync ones


def test_resilience_wiring_problems_locate_the_node() -> None:
    body = payload(
        [
            node("r", "route"),
            node("a", "const"),
            node("none", "guard"),
            node("two", "guard"),
            node("handled", "guard"),
            node("g1", "guard"),
            node("g2", "guard"),
            node("late", "guard"),
        ],
        [
            edge("r", "two"),
            edge("a", "two"),
            edge("r", "handled", "x"),
            edge("a", "g1"),
            edge("a", "g2"),
        ],
    )
    with pytest.raises(InvalidWorkflow) as raised:
        engine(Guard, *ALL).load(body)
    assert [(p.node_id, p.field) for p in raised.value.problems] == [
        ("none", "edges"),
        ("two", "edges"),
        ("handled", "sourceHandle"),
        ("a", "edges"),
        ("late", "edges"),
    ]
    messages = [p.message for p in raised.value.problems]
    assert messages[0].endswith("needs exactly one incoming edge, got 0")
    assert messages[1].endswith("needs exactly one incoming edge, got 2")
    assert messages[2] == (
        "node handled (type guard): the edge from the node it wraps (r) cannot carry a "
        "handle, got 'x'"
    )
    assert messages[3] == "node a is wrapped by two resilience nodes: g1 and g2"


def test_broken_edges_do_not_also_report_resilience_wiring() -> None:
    """A resilience node fed by an edge from a missing node would otherwise be reported a
    second time (as having two inputs) for the same mistake."""
    body = payload([node("a", "const"), node("g", "guard")], [edge("a", "g"), edge("ghost", "g")])
    with pytest.raises(InvalidWorkflow) as raised:
        engine(Guard, *ALL).load(body)
    assert [(p.field, p.edge_index) for p in raised.value.problems] == [("source", 1)]


def test_a_handle_on_an_edge_from_a_node_that_never_routes_is_a_warning() -> None:
    plan = load(
        payload(
            [node("c", "const"), node("r", "route"), node("x", "echo")],
            [edge("r", "x", "a"), edge("c", "x", ""), edge("c", "x")],
        )
    )
    (warning,) = plan.warnings
    assert (warning.node_id, warning.field, warning.edge_index) == ("x", "sourceHandle", 1)
    assert warning.message == (
        "edge c -> x has handle '', but const nodes never route: it only fires when the "
        "result happens to carry that route"
    )
    assert plan.by_id["x"].edges_in == (("r", "a"), ("c", ""), ("c", None))
    assert not load(
        payload([node("r", "route"), node("x", "echo")], [edge("r", "x", "b")])
    ).warnings


def test_middleware_rejecting_a_node_is_reported_as_a_config_problem() -> None:
    async def policy_middleware(ctx: Any, inputs: list[Any], call_next: Any) -> Any:
        return await call_next(inputs)

    class Policy:
        @hookimpl
        def register_middleware(self, register: Any) -> None:
            def factory(planned: Any, config: Any) -> Any:
                policy = planned.data["policy"]
                if policy == "bad":
                    raise ConfigError("unknown policy: bad", field="policy")
                if policy == "worse":
                    raise ConfigError("no policy applies")
                return policy_middleware

            register("policy", factory, data_key="policy")

    eng = engine(*ALL, extra=[Policy()])
    plan = eng.load(payload([node("a", "const", policy="fine"), node("b", "const")]))
    assert plan.by_id["a"] is plan.nodes[0] and plan.by_id["a"].is_async  # wrapped
    assert plan.by_id["b"] is plan.nodes[1] and not plan.by_id["b"].is_async
    body = payload(
        [node("a", "const"), node("b", "const", policy="bad"), node("c", "echo", policy="worse")]
    )
    with pytest.raises(InvalidWorkflow) as raised:
        eng.load(body)
    assert [(p.node_id, p.node_index, p.field, p.message) for p in raised.value.problems] == [
        (
            "b",
            1,
            "policy",
            "invalid config for node b (type const): field policy: unknown policy: bad",
        ),
        ("c", 2, None, "invalid config for node c (type echo): no policy applies"),
    ]


class Mood(NodeType[_PickyConfig]):
    """Stateful only when its config says so; an array node that reads the context."""

    type_name = "mood"
    Config = _PickyConfig
    context_node = True
    array_key = "items"

    def is_stateful(self, config: _PickyConfig) -> bool:
        return config.flag

    def run(self, config: _PickyConfig, inputs: list[Any], ctx: Any) -> Any:
        return {"items": []}


def test_planned_nodes_carry_what_the_engine_needs() -> None:
    plan = engine(Mood, *ALL).load(
        payload(
            [node("m", "mood", count=1, flag=True), node("n", "mood", count=1), node("s", "sum")],
            [edge("m", "s"), edge("n", "s"), edge("m", "n")],
        )
    )
    m, n, s = (plan.by_id[i] for i in "mns")
    assert plan.order == ["m", "n", "s"] and [p.position for p in (m, n, s)] == [0, 1, 2]
    assert (m.stateful, n.stateful, s.stateful) == (True, False, False)
    assert (m.type_name, m.plugin, m.context_node, m.array_key) == (
        "mood",
        "test-nodes",
        True,
        "items",
    )
    assert (s.type_name, s.context_node, s.array_key) == ("sum", False, None)
    assert (
        isinstance(m.node_type, Mood)
        and m.config.flag is True
        and m.data == {"count": 1, "flag": True}
    )
    assert m.call(m.config, [], None) == {"items": []}
    assert not m.is_async and not plan.has_async
    assert m.successors == ("n", "s") and n.waits_for == ("m",) and s.waits_for == ("m", "n")
    assert m.node.index == 0 and plan.workflow_id == ""


def test_repeated_edges_make_one_dependency() -> None:
    plan = load(payload([node("a", "const"), node("b", "echo")], [edge("a", "b"), edge("a", "b")]))
    assert plan.by_id["b"].sources == ("a", "a")
    assert plan.by_id["b"].waits_for == ("a",)
    assert plan.by_id["a"].successors == ("b",)
    referencing = load(
        payload(
            [node("a", "const"), node("b", "picky", count=1, name="node.a")],
            [edge("a", "b"), edge("a", "b")],
        )
    )
    assert referencing.by_id["b"].waits_for == ("a",)
    assert referencing.by_id["a"].successors == ("b",)


def test_configs_are_shared_only_when_the_same_fields_hold_the_same_values() -> None:
    plan = load(
        payload(
            [
                node("a", "picky", count=1, anything="z"),
                node("b", "picky", count=1, name="z"),
                node("c", "const", count=1, name="z"),
            ]
        )
    )
    a, b, c = (plan.by_id[i].config for i in "abc")
    assert (a.anything, a.name) == ("z", "") and (b.anything, b.name) == (None, "z")
    assert isinstance(c, ConstConfig)
