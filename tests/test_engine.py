"""The engine: routing, inputs, final output, failures, limits, concurrency, observers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

import pytest

from thaiyyal import (
    Engine,
    EngineConfig,
    LimitExceeded,
    ManualClock,
    MemoryRunState,
    NodeContext,
    NodeError,
    NodeFailed,
    NodeType,
    Outcome,
    RunTimeout,
    hookimpl,
    node_config,
)
from thaiyyal.converter import RawJSON

from .helpers import captured_logs, edge, engine, node, payload, plugin_set, run
from .nodes_for_tests import (
    ALL,
    ConstConfig,
    Crash,
    Fail,
    Recurse,
    SleepConfig,
    count_call,
    scheduled,
)


def eng(**config: Any) -> Engine:
    return engine(*ALL, **config)


# ---------------------------------------------------------------- inputs and order


def test_inputs_come_in_payload_edge_order_with_duplicates() -> None:
    body = payload(
        [node("z", "const", value=1), node("a", "const", value=2), node("e", "echo")],
        [edge("z", "e"), edge("a", "e"), edge("z", "e")],
    )
    result = run(eng(), body)
    assert result.node_results["e"] == [1, 2, 1]


def test_roots_run_in_id_byte_order_before_other_nodes() -> None:
    body = payload(
        [node(i, "append") for i in ("2", "10", "1", "b", "B")] + [node("x", "append")],
        [edge("10", "x")],
    )
    result = run(eng(), body)
    assert result.node_results["x"] == ["1", "10", "2", "B", "b", "x"]
    assert list(result.node_results) == ["1", "10", "2", "B", "b", "x"]


def test_targets_are_released_in_edge_order() -> None:
    body = payload(
        [node("r", "append"), node("q", "append"), node("p", "append")],
        [edge("r", "q"), edge("r", "p")],
    )
    assert run(eng(), body).node_results["p"] == ["r", "q", "p"]


# ---------------------------------------------------------------- routing


def test_handles_route_and_skips_propagate() -> None:
    body = payload(
        [
            node("r", "route", path="left"),
            node("L", "const", value="l"),
            node("R", "const", value="r"),
            node("R2", "echo"),
            node("merge", "echo"),
        ],
        [
            edge("r", "L", "left"),
            edge("r", "R", "right"),
            edge("R", "R2"),
            edge("L", "merge"),
            edge("R2", "merge"),
        ],
    )
    result = run(eng(), body)
    assert result.success
    assert set(result.node_results) == {"r", "L", "merge"}
    assert result.skipped == ("R", "R2")
    assert result.node_results["merge"] == ["l"]


def test_an_unconditional_edge_from_a_source_that_ran_wins() -> None:
    body = payload(
        [node("r", "route", path="x"), node("t", "echo")],
        [edge("r", "t", "nope"), edge("r", "t")],
    )
    result = run(eng(), body)
    assert "t" in result.node_results
    # the handled edge still delivers its input: handles play no part in gathering
    assert len(result.node_results["t"]) == 2


def test_a_handle_on_a_non_routing_node_warns_at_load() -> None:
    plan = eng().load(
        payload([node("c", "const", value=1), node("t", "echo")], [edge("c", "t", "x")])
    )
    assert plan.warnings and "never route" in plan.warnings[0].message


# ---------------------------------------------------------------- final output


def test_final_output_is_the_last_terminal_in_canonical_order() -> None:
    body = payload([node("b", "const", value="B"), node("a", "const", value="A")])
    assert run(eng(), body).final_output == "B"


def test_final_output_is_null_when_every_terminal_was_skipped() -> None:
    body = payload(
        [node("r", "route", path="x"), node("t", "const", value=1)], [edge("r", "t", "y")]
    )
    result = run(eng(), body)
    assert result.success and result.final_output is None


def test_empty_workflow_runs() -> None:
    for body in (None, {}, {"nodes": None, "edges": None}):
        result = run(eng(), body)
        assert result.success and result.node_results == {} and result.final_output is None


# ---------------------------------------------------------------- failures


def test_fail_fast_keeps_finished_results() -> None:
    body = payload(
        [node("a", "const", value=1), node("b", "fail", message="bad thing"), node("c", "echo")],
        [edge("a", "b"), edge("b", "c")],
    )
    result = run(eng(), body)
    assert not result.success
    assert isinstance(result.error, NodeFailed)
    assert result.error.node_id == "b"
    assert result.errors == ["error executing node b: bad thing"]
    assert result.node_results == {"a": 1}
    assert "c" not in result.node_results


def test_an_unexpected_exception_in_a_node_is_a_node_failure() -> None:
    result = run(eng(), payload([node("x", "crash")]))
    assert not result.success
    assert result.errors == ["error executing node x: KeyError: 'missing'"]


def test_max_node_executions() -> None:
    body = payload([node(str(i), "const", value=i) for i in range(5)])
    result = run(eng(max_node_executions=3), body)
    assert not result.success
    assert isinstance(result.error, NodeFailed)
    assert isinstance(result.error.cause, LimitExceeded)
    assert "maximum node executions exceeded: 4 (limit: 3)" in result.error.message
    assert len(result.node_results) == 3


@pytest.mark.parametrize("kind", ["const", "async_const"])  # the inline and the scheduled path
def test_result_limits_fail_the_node(kind: str) -> None:
    body = payload([node("s", kind, value="x" * 50)])
    result = run(eng(max_string_length=10), body)
    assert result.errors == [
        "error executing node s: node result validation failed: "
        "string too long: 50 bytes (limit: 10)"
    ]
    assert isinstance(result.error, NodeFailed)
    assert isinstance(result.error.cause, LimitExceeded)
    assert result.error.cause.limit == "value"


def test_nan_results_fail_the_node() -> None:
    body = payload([node("a", "const", value=1), node("b", "sum", add=float("inf"))])
    # the config converter refuses non-finite numbers in float fields
    with pytest.raises(Exception, match="finite"):
        eng().load(body)


# ---------------------------------------------------------------- deadline and cancellation


def test_run_deadline_with_a_controllable_clock() -> None:
    clock = ManualClock()
    e = Engine(EngineConfig(max_execution_time=5.0), plugins=plugin_set(*ALL), clock=clock)
    body = payload(
        [node("a", "sleep", seconds=3.0), node("b", "sleep", seconds=3.0)], [edge("a", "b")]
    )
    result = run(e, body)
    assert isinstance(result.error, RunTimeout)
    assert result.errors == ["workflow execution timeout: exceeded 5s"]
    assert result.node_results == {"a": 3.0}
    assert clock.sleeps == [3.0, 2.0]


def test_run_deadline_cancels_running_nodes_and_leaves_no_tasks() -> None:
    async def scenario() -> Any:
        e = eng(max_execution_time=0.05, max_node_execution_time=0)
        result = await e.run(payload([node("h", "hang", seconds=30.0)]))
        leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        return result, leftover

    result, leftover = asyncio.run(scenario())
    assert isinstance(result.error, RunTimeout)
    assert leftover == []


def test_node_execution_time_bounds_async_nodes() -> None:
    result = run(eng(max_node_execution_time=0.02), payload([node("h", "hang", seconds=30.0)]))
    assert result.errors == ["error executing node h: node execution timeout after 20ms"]


def test_cancelling_the_run_cancels_its_nodes() -> None:
    async def scenario() -> list[asyncio.Task[Any]]:
        e = eng(max_node_execution_time=0)
        task = asyncio.ensure_future(
            e.run(payload([node("h1", "hang", seconds=30.0), node("h2", "hang", seconds=30.0)]))
        )
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]

    assert asyncio.run(scenario()) == []


# ---------------------------------------------------------------- concurrency


def test_independent_async_nodes_run_concurrently_up_to_the_limit() -> None:
    running = 0
    peak = 0

    from thaiyyal import NodeType

    class Probe(NodeType[Any]):
        type_name = "probe"

        async def run(self, config: Any, inputs: list[Any], ctx: Any) -> int:
            nonlocal running, peak
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.001)
            running -= 1
            return 1

    body = payload([node(f"p{i}", "probe") for i in range(10)])
    result = run(engine(Probe, max_concurrency=4), body)
    assert result.success and len(result.node_results) == 10
    assert peak == 4


def test_stateful_nodes_keep_canonical_order_under_concurrency() -> None:
    # yields make later nodes finish first if they were allowed to start early
    nodes = [node(f"n{i}", "append", yields=10 - i) for i in range(8)]
    result = run(eng(), payload(nodes))
    assert result.node_results["n7"] == [f"n{i}" for i in range(8)]


def test_sync_nodes_run_while_an_async_node_waits() -> None:
    body = payload(
        [
            node("a", "async_sum", add=1, yields=5),
            node("b", "const", value=2),
            node("c", "peek"),
            node("d", "sum"),
        ],
        [edge("a", "d"), edge("b", "c")],
    )
    result = run(eng(), body)
    # c ran while a was still waiting, yet results are reported in canonical order
    assert result.node_results == {"a": 1.0, "b": 2, "d": 1.0, "c": ["b"]}
    assert list(result.node_results) == ["a", "b", "d", "c"]


# ---------------------------------------------------------------- middleware and observers


def test_middleware_wraps_node_calls_in_order_and_can_rerun() -> None:
    calls: list[str] = []

    class Outer:
        @hookimpl
        def register_middleware(self, register: Any) -> None:
            async def outer(ctx: Any, inputs: list[Any], call_next: Any) -> Any:
                calls.append(f"outer:{ctx.node_id}")
                first = await call_next(inputs)
                second = await call_next([*inputs, 100])
                return [first, second]

            def factory(node: Any, config: Any) -> Any:
                return outer if node.type_name == "sum" else None

            register("outer", factory, order=10)

            async def inner(ctx: Any, inputs: list[Any], call_next: Any) -> Any:
                calls.append(f"inner:{ctx.node_id}")
                return await call_next(inputs)

            register("inner", lambda node, config: inner, order=20)

    e = engine(*ALL, extra=[Outer()])
    body = payload([node("c", "const", value=1), node("s", "sum")], [edge("c", "s")])
    result = run(e, body)
    assert result.node_results["s"] == [1.0, 101.0]
    assert calls == ["inner:c", "outer:s", "inner:s", "inner:s"]


def test_observers_see_every_event_in_order_and_cannot_break_a_run() -> None:
    events: list[tuple[str, str]] = []

    class Watcher:
        @hookimpl
        def run_started(self, run: Any) -> None:
            events.append(("run_started", run.execution_id[:0]))

        @hookimpl
        def node_started(self, node: Any) -> None:
            events.append(("node_started", node.id))

        @hookimpl
        def node_finished(self, node: Any, result: Any) -> None:
            events.append(("node_finished", node.id))
            raise RuntimeError("observers may fail")

        @hookimpl
        def node_skipped(self, node: Any) -> None:
            events.append(("node_skipped", node.id))

        @hookimpl
        def node_failed(self, node: Any, error: Any) -> None:
            events.append(("node_failed", node.id))

        @hookimpl
        def run_finished(self, result: Any) -> None:
            events.append(("run_finished", str(result.success)))

    e = engine(*ALL, extra=[Watcher()])
    body = payload(
        [node("r", "route", path="x"), node("skip", "const"), node("f", "fail")],
        [edge("r", "skip", "y"), edge("r", "f")],
    )
    result = run(e, body)
    assert not result.success
    assert events == [
        ("run_started", ""),
        ("node_started", "r"),
        ("node_finished", "r"),
        ("node_skipped", "skip"),
        ("node_started", "f"),
        ("node_failed", "f"),
        ("run_finished", "False"),
    ]


class Recorder:
    """Records every observer event with the arguments that matter."""

    def __init__(self) -> None:
        self.events: list[tuple[Any, ...]] = []
        self.durations: dict[str, float] = {}

    @hookimpl
    def run_started(self, run: Any) -> None:
        self.events.append(("run_started", run.execution_id, run.workflow_id))

    @hookimpl
    def node_started(self, run: Any, node: Any) -> None:
        self.events.append(("node_started", run.execution_id, node.id))

    @hookimpl
    def node_finished(self, run: Any, node: Any, result: Any, duration: float) -> None:
        self.events.append(("node_finished", run.execution_id, node.id, result))
        self.durations[node.id] = duration

    @hookimpl
    def node_skipped(self, run: Any, node: Any) -> None:
        self.events.append(("node_skipped", run.execution_id, node.id))

    @hookimpl
    def node_failed(self, run: Any, node: Any, error: Any, duration: float) -> None:
        self.events.append(("node_failed", run.execution_id, node.id, str(error)))
        self.durations[node.id] = duration

    @hookimpl
    def run_finished(self, run: Any, result: Any) -> None:
        self.events.append(("run_finished", run.execution_id, result.success))


@pytest.mark.parametrize("adder", ["sum", "async_sum"])  # the inline and the scheduled path
def test_observers_get_the_run_the_node_and_the_outcome(adder: str) -> None:
    recorder = Recorder()
    e = engine(*ALL, extra=[recorder])
    body = payload(
        [
            node("a", "const", value=2),
            node("r", "route", path="x"),
            node("skip", "const", value=0),
            node("t", adder, add=1),
            node("f", "fail", message="nope"),
        ],
        [edge("a", "r"), edge("r", "skip", "y"), edge("r", "t", "x"), edge("t", "f")],
    )
    body["workflow_id"] = "wf-observed"
    result = run(e, body)
    run_id = result.execution_id
    assert recorder.events == [
        ("run_started", run_id, "wf-observed"),
        ("node_started", run_id, "a"),
        ("node_finished", run_id, "a", 2),
        ("node_started", run_id, "r"),
        ("node_finished", run_id, "r", {"path": "x", "value": 2}),
        ("node_skipped", run_id, "skip"),
        ("node_started", run_id, "t"),
        ("node_finished", run_id, "t", 1.0),  # the route result is not a number
        ("node_started", run_id, "f"),
        ("node_failed", run_id, "f", "error executing node f: nope"),
        ("run_finished", run_id, False),
    ]
    assert set(recorder.durations) == {"a", "r", "t", "f"}
    assert set(result.durations) == {"a", "r", "t"}  # the result times the nodes that finished
    assert {k: recorder.durations[k] for k in result.durations} == result.durations
    assert all(0 <= d <= result.duration for d in recorder.durations.values())


def test_a_failing_observer_is_logged_and_the_run_goes_on() -> None:
    class Broken:
        @hookimpl
        def node_finished(self, node: Any) -> None:
            raise RuntimeError("observer bug")

    with captured_logs(level="WARNING") as messages:
        result = run(engine(*ALL, extra=[Broken()]), payload([node("a", "const", value=1)]))
    assert result.success and result.node_results == {"a": 1}
    assert any("an observer failed; the run continues" in m for m in messages)
    assert any("observer bug" in m for m in messages)  # with its traceback


def test_plans_are_reusable_and_runs_get_fresh_state() -> None:
    e = eng()
    plan = e.load(payload([node("a", "append"), node("b", "append")], [edge("a", "b")]))
    first = asyncio.run(e.run(plan))
    second = asyncio.run(e.run(plan))
    assert first.node_results == second.node_results == {"a": ["a"], "b": ["a", "b"]}
    assert first.execution_id != second.execution_id
    assert len(first.execution_id) == 16


class DoublingWhenKeyed:
    """Registers one doubling middleware per data key and records the nodes offered to it."""

    def __init__(self, *keys: str) -> None:
        self.keys = keys
        self.offered: list[str] = []

    @hookimpl
    def register_middleware(self, register: Any) -> None:
        def doubling(node: Any, config: Any) -> Any:
            self.offered.append(node.id)

            async def call(ctx: Any, inputs: Any, call_next: Any) -> Any:
                return 2 * await call_next(inputs)

            return call

        for order, key in enumerate(self.keys):
            register(f"double-{key}", doubling, order=10 * (order + 1), data_key=key)


def test_middleware_with_a_data_key_only_sees_nodes_carrying_it() -> None:
    keyed = DoublingWhenKeyed("tag")
    eng = engine(*ALL, extra=[keyed])
    eng.load(payload([node("a", "const", tag=1), node("b", "const")]))
    assert keyed.offered == ["a"]


def test_keyed_middleware_is_offered_only_nodes_holding_a_key_and_wraps_only_those() -> None:
    keyed = DoublingWhenKeyed("twice", "again")
    e = engine(*ALL, extra=[keyed])
    plain = e.load(payload([node("a", "const", value=1)]))
    assert keyed.offered == []
    assert plain.nodes[0].call == plain.nodes[0].node_type.run  # left as it was
    body = payload([node("a", "const", value=1), node("b", "const", value=3, again=True)])
    result = run(e, body)
    assert keyed.offered == ["b"]
    assert result.node_results == {"a": 1, "b": 6}


def test_run_result_repr_stays_short() -> None:
    result = run(eng(), payload([node("big", "const", value=list(range(5000)))]))
    text = repr(result)
    assert text.startswith("<RunResult ") and "1 node(s) ran" in text and len(text) < 200


@pytest.mark.parametrize(
    ("producer", "value", "expected"),
    [
        ("wrap", [1, 2], [1, 2]),
        ("wrap", None, []),  # array nodes write empty lists as null
        ("wrap", "text", {"items": "text", "count": 0}),
        ("const", {"items": [1]}, {"items": [1]}),  # user data is never guessed at
    ],
)
def test_array_input_unwraps_only_declared_array_keys(
    producer: str, value: Any, expected: Any
) -> None:
    body = payload([node("p", producer, value=value), node("u", "unwrap")], [edge("p", "u")])
    assert run(eng(), body).node_results["u"] == expected


def test_sub_workflow_nesting_is_limited_at_run_time_too() -> None:
    Recurse.refused.clear()
    e = eng(max_subworkflow_depth=3)
    result = run(e, payload([node("again", "recurse")]))
    assert not result.success
    # the top run and three nested runs each report their node; the fourth level is refused
    assert str(result.error) == (
        "error executing node again: " * 4 + "sub-workflows nested too deeply: 4 levels (limit: 3)"
    )
    [refused] = Recurse.refused
    assert (refused.limit, refused.value, refused.maximum) == ("max_subworkflow_depth", 4, 3)


# ---------------------------------------------------------------- node types for the tests below


class Tick(NodeType[SleepConfig]):
    """Moves the run's manual clock forward by ``seconds`` (time passing inside a node)."""

    type_name = "tick"
    Config = SleepConfig

    def run(self, config: SleepConfig, inputs: list[Any], ctx: NodeContext) -> float:
        ctx.clock.advance(config.seconds)  # type: ignore[attr-defined]
        return config.seconds


AsyncTick = scheduled(Tick)


class Leap(NodeType[SleepConfig]):
    """Moves the event loop's own clock forward (see :func:`run_leaping`) and yields, so an
    asyncio timer due within ``seconds`` fires without the test waiting for it."""

    type_name = "leap"
    Config = SleepConfig

    async def run(self, config: SleepConfig, inputs: list[Any], ctx: NodeContext) -> float:
        asyncio.get_running_loop().leap += config.seconds  # type: ignore[attr-defined]
        for _ in range(10):
            await asyncio.sleep(0)
        return config.seconds


class UnboundedLeap(Leap):
    """A ``leap`` declared unbounded, as node types running sub-workflows are."""

    type_name = "unbounded_leap"
    bounded = False


AsyncFail = scheduled(Fail, yields=True)
AsyncCrash = scheduled(Crash, yields=True)


class Moody(NodeType[ConstConfig]):
    """Succeeds on its odd-numbered calls in a run and fails on the even-numbered ones."""

    type_name = "moody"
    Config = ConstConfig
    calls: ClassVar[dict[tuple[str, str], int]] = {}

    def run(self, config: ConstConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        count = count_call(Moody.calls, ctx)
        if count % 2 == 0:
            raise NodeError(f"bad mood #{count}")
        return count


@node_config
class ShieldConfig:
    attempts: int = 1
    crash: bool = False
    #: return something that is not an Outcome (a plugin bug)
    bogus: bool = False


class Shield(NodeType[ShieldConfig]):
    """A resilience node: runs the node it wraps ``attempts`` times and keeps the last
    outcome; its result shows the inputs the engine gave it."""

    type_name = "shield"
    category = "resilience"
    guards_upstream = True
    Config = ShieldConfig

    async def guard(
        self, config: ShieldConfig, attempt: Callable[[], Awaitable[Any]], ctx: NodeContext
    ) -> Outcome:
        outcome = Outcome()
        for _ in range(config.attempts):
            try:
                outcome = Outcome(await attempt())
            except NodeFailed as exc:
                outcome = Outcome(None, exc)
        if config.crash:
            raise KeyError("guard bug")
        if config.bogus:
            return "not an outcome"  # type: ignore[return-value]
        return outcome

    def run(self, config: ShieldConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        assert ctx.outcome is not None
        return {"inputs": list(inputs), "ok": ctx.outcome.ok}


@node_config
class ChildConfig:
    body: RawJSON | None = None
    variables: RawJSON | None = None


class Child(NodeType[ChildConfig]):
    """Runs ``body`` as a sub-workflow (reported under this node); fails when it fails."""

    type_name = "child"
    Config = ChildConfig

    async def run(self, config: ChildConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        plan = ctx.run.engine.load(config.body, depth=ctx.depth + 1)
        result = await ctx.run_workflow(plan, variables=config.variables, report=True)
        if not result.success:
            raise NodeError(f"child failed: {result.error}")
        return result.final_output


class WhoAmI(NodeType[ConstConfig]):
    """Reports the run as the node sees it, and uses its logger, services and resources."""

    type_name = "whoami"
    Config = ConstConfig

    def run(self, config: ConstConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        ctx.logger.info("whoami ran")
        return {
            "execution_id": ctx.execution_id,
            "workflow_id": ctx.workflow_id,
            "started_at": ctx.run.info.started_at,
            "service": ctx.services.get("marker"),
            "resource": ctx.resource("token", lambda: "shared"),
            "variables": dict(ctx.state.variables),
        }


class Nan(NodeType[ConstConfig]):
    type_name = "nan"
    Config = ConstConfig

    def run(self, config: ConstConfig, inputs: list[Any], ctx: NodeContext) -> float:
        return float("nan")


AsyncNan = scheduled(Nan)


MORE = (
    *(Tick, AsyncTick, Leap, UnboundedLeap, AsyncFail, AsyncCrash, Moody, Shield, Child, WhoAmI),
    *(Nan, AsyncNan),
)


def more(**config: Any) -> Engine:
    return engine(*ALL, *MORE, **config)


def run_leaping(e: Engine, body: Any) -> Any:
    """Run on a fresh event loop whose clock ``leap`` nodes move forward."""
    loop = asyncio.new_event_loop()
    loop.leap = 0.0  # type: ignore[attr-defined]
    real_time = loop.time
    loop.time = lambda: real_time() + loop.leap  # type: ignore[attr-defined,method-assign]
    try:
        return loop.run_until_complete(e.run(body))
    finally:
        loop.close()


# ---------------------------------------------------------------- the node time limit


def test_the_node_time_limit_fails_a_bounded_node_and_names_the_limit() -> None:
    result = run_leaping(
        more(max_node_execution_time=5.0), payload([node("x", "leap", seconds=60)])
    )
    assert result.errors == ["error executing node x: node execution timeout after 5s"]
    cause = result.error.cause
    assert isinstance(cause, LimitExceeded)
    assert (cause.limit, cause.maximum) == ("max_node_execution_time", 5.0)
    assert result.node_results == {}


def test_unbounded_nodes_are_not_held_to_the_node_time_limit() -> None:
    e = more(max_node_execution_time=0.5)
    result = run_leaping(e, payload([node("x", "unbounded_leap", seconds=60)]))
    assert result.success and result.node_results == {"x": 60.0}


# ---------------------------------------------------------------- the run deadline between nodes


@pytest.mark.parametrize("kind", ["tick", "async_tick"])  # the inline and the scheduled path
def test_a_node_may_start_at_the_deadline_but_not_after_it(kind: str) -> None:
    def run_after(seconds: float) -> Any:
        e = Engine(
            EngineConfig(max_execution_time=5.0),
            plugins=plugin_set(*ALL, *MORE),
            clock=ManualClock(),
        )
        body = payload(
            [node("a", kind, seconds=seconds), node("b", "const", value="b")], [edge("a", "b")]
        )
        return run(e, body)

    on_time = run_after(5.0)
    assert on_time.success and on_time.node_results == {"a": 5.0, "b": "b"}
    late = run_after(5.5)
    assert isinstance(late.error, RunTimeout)
    assert late.errors == ["workflow execution timeout: exceeded 5s"]
    assert late.node_results == {"a": 5.5}


# ---------------------------------------------------------------- failures: types, logs, observers


@pytest.mark.parametrize("kind", ["crash", "async_crash"])  # the inline and the scheduled path
def test_an_unexpected_exception_is_logged_with_its_node_and_traceback(kind: str) -> None:
    with captured_logs(level="ERROR") as messages:
        result = run(more(), payload([node("x", kind)]))
    assert result.errors == ["error executing node x: KeyError: 'missing'"]
    assert isinstance(result.error, NodeFailed)
    assert (result.error.node_id, result.error.node_type) == ("x", kind)
    [message] = messages
    assert message.startswith("node x raised an unexpected exception")
    assert "Traceback" in message and "KeyError: 'missing'" in message


@pytest.mark.parametrize("kind", ["fail", "async_fail"])
def test_a_node_error_is_a_failure_but_not_logged_as_unexpected(kind: str) -> None:
    with captured_logs(level="ERROR") as messages:
        result = run(more(), payload([node("x", kind, message="nope")]))
    assert result.errors == ["error executing node x: nope"]
    assert (result.error.node_id, result.error.node_type) == ("x", kind)
    assert messages == []


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("fail", {"message": "nope"}, "nope"),
        ("crash", {}, "KeyError: 'missing'"),
        ("const", {"value": "x" * 50}, "node result validation failed: string too long"),
        ("async_fail", {"message": "nope"}, "nope"),
        ("async_crash", {}, "KeyError: 'missing'"),
        ("async_const", {"value": "x" * 50}, "node result validation failed: string too long"),
        ("leap", {"seconds": 60}, "node execution timeout after 5s"),
    ],
)
def test_observers_hear_of_node_failures_with_a_duration(
    kind: str, data: dict[str, Any], message: str
) -> None:
    recorder = Recorder()
    e = engine(*ALL, *MORE, extra=[recorder], max_string_length=10, max_node_execution_time=5.0)
    result = run_leaping(e, payload([node("x", kind, **data)]))
    assert str(result.error).startswith(f"error executing node x: {message}")
    run_id = result.execution_id
    assert recorder.events[1:3] == [
        ("node_started", run_id, "x"),
        ("node_failed", run_id, "x", str(result.error)),
    ]
    assert 0 <= recorder.durations["x"] <= result.duration


# ---------------------------------------------------------------- resilience nodes (guards)


def test_a_guard_node_gets_the_wrapped_result_as_its_input_and_its_successors_run() -> None:
    body = payload(
        [node("a", "const", value=7), node("s", "shield"), node("after", "echo")],
        [edge("a", "s"), edge("s", "after")],
    )
    result = run(more(), body)
    assert result.success
    assert result.node_results == {
        "a": 7,
        "s": {"inputs": [7], "ok": True},
        "after": [{"inputs": [7], "ok": True}],
    }
    assert result.final_output == [{"inputs": [7], "ok": True}]


def test_a_guard_node_gets_no_input_when_the_wrapped_node_failed() -> None:
    body = payload(
        [node("f", "fail"), node("s", "shield"), node("after", "echo")],
        [edge("f", "s"), edge("s", "after")],
    )
    result = run(more(), body)
    assert result.success
    assert result.node_results == {
        "s": {"inputs": [], "ok": False},
        "after": [{"inputs": [], "ok": False}],
    }


def test_a_wrapped_node_keeps_no_result_from_an_earlier_attempt_when_its_last_one_failed() -> None:
    body = payload([node("m", "moody"), node("s", "shield", attempts=2)], [edge("m", "s")])
    result = run(more(), body)
    assert result.success
    assert result.node_results == {"s": {"inputs": [], "ok": False}}


def test_a_failing_guard_fails_its_node_and_observers_hear_of_it() -> None:
    recorder = Recorder()
    body = payload([node("a", "const", value=1), node("s", "shield", crash=True)], [edge("a", "s")])
    result = run(engine(*ALL, *MORE, extra=[recorder]), body)
    assert result.errors == ["error executing node s: KeyError: 'guard bug'"]
    assert (result.error.node_id, result.error.node_type) == ("s", "shield")
    run_id = result.execution_id
    assert ("node_failed", run_id, "s", str(result.error)) in recorder.events
    assert 0 <= recorder.durations["s"] <= result.duration


# ---------------------------------------------------------------- fail-fast cleanup


@pytest.mark.parametrize("kind", ["fail", "async_fail"])  # before and after the first wait
def test_fail_fast_cancels_running_nodes_without_loop_errors_or_leftover_tasks(kind: str) -> None:
    async def scenario() -> Any:
        problems: list[dict[str, Any]] = []
        asyncio.get_running_loop().set_exception_handler(lambda loop, ctx: problems.append(ctx))
        e = more(max_node_execution_time=0)
        # h starts waiting first (ids run in byte order); x then fails
        result = await e.run(payload([node("h", "hang", seconds=30.0), node("x", kind)]))
        await asyncio.sleep(0)
        leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        return result, problems, leftover

    result, problems, leftover = asyncio.run(scenario())
    assert result.errors == ["error executing node x: boom"]
    assert result.node_results == {}
    assert problems == []
    assert leftover == []


# ---------------------------------------------------------------- sub-workflow runs


def test_a_child_run_shares_the_parents_identity_services_and_resources() -> None:
    clock = ManualClock()
    e = Engine(plugins=plugin_set(*ALL, *MORE), clock=clock, services={"marker": "m"})
    inner = payload(
        [node("who", "whoami"), node("nap", "sleep", seconds=3.0)],
        [edge("who", "nap")],
        workflow_id="inner",
    )
    body = payload(
        [node("wait", "sleep", seconds=2.0), node("c", "child", body=inner), node("me", "whoami")],
        [edge("wait", "c"), edge("c", "me")],
        workflow_id="outer",
    )
    started = clock.time()
    with captured_logs(level="INFO") as messages:
        result = run(e, body)
    assert result.success, result.errors
    sub = result.subworkflows["c"]
    assert (sub.execution_id, sub.workflow_id) == (result.execution_id, "inner")
    assert sub.duration == 3.0
    assert result.duration == 5.0
    assert sub.node_results["who"] == {
        "execution_id": result.execution_id,
        "workflow_id": "inner",
        "started_at": started + 2.0,
        "service": "m",
        "resource": "shared",
        "variables": {},
    }
    assert result.node_results["me"]["workflow_id"] == "outer"
    assert result.node_results["me"]["started_at"] == started
    assert [m.strip() for m in messages].count("whoami ran") == 2


def test_child_runs_get_state_from_the_engines_factory_with_their_variables_checked() -> None:
    made: list[tuple[Any, Any]] = []
    stored: list[tuple[str, Any, bool]] = []

    class Recording(MemoryRunState):
        def set_variable(self, name: str, value: Any, *, checked: bool = False) -> None:
            stored.append((name, value, checked))
            super().set_variable(name, value, checked=checked)

    def factory(config: EngineConfig, clock: Any) -> MemoryRunState:
        made.append((config, clock))
        return Recording(config, clock)

    clock = ManualClock()
    e = Engine(
        EngineConfig(max_variables=5),
        plugins=plugin_set(*ALL, *MORE),
        clock=clock,
        state_factory=factory,
    )
    inner = payload([node("who", "whoami")])
    result = run(e, payload([node("c", "child", body=inner, variables={"item": 4})]))
    assert result.success, result.errors
    assert result.node_results["c"]["variables"] == {"item": 4}
    assert len(made) == 2  # the run and its child
    assert all(config is e.config and used is clock for config, used in made)
    assert stored == [("item", 4, True)]  # node results are within limits already


def test_the_run_deadline_inside_a_child_run_ends_the_parent_run() -> None:
    e = Engine(
        EngineConfig(max_execution_time=5.0), plugins=plugin_set(*ALL, *MORE), clock=ManualClock()
    )
    inner = payload([node("nap", "sleep", seconds=10.0)])
    body = payload(
        [node("c", "child", body=inner), node("after", "const", value=1)], [edge("c", "after")]
    )
    result = run(e, body)
    assert isinstance(result.error, RunTimeout)
    assert result.errors == ["workflow execution timeout: exceeded 5s"]
    assert result.node_results == {}


# ---------------------------------------------------------------- validate and run_sync


def test_validate_lists_the_problems_of_a_payload_and_none_for_a_valid_one() -> None:
    e = eng()
    assert e.validate(payload([node("a", "const", value=1)])) == []
    problems = e.validate(payload([node("a", "no_such_type")]))
    assert problems and any("no_such_type" in p.message for p in problems)


def test_run_sync_runs_the_payload_it_is_given() -> None:
    result = eng().run_sync(payload([node("a", "const", value=3)]))
    assert result.success and result.node_results == {"a": 3}


# ---------------------------------------------------------------- more scheduler and result checks


@pytest.mark.parametrize("kind", ["nan", "async_nan"])  # the inline and the scheduled path
def test_a_non_finite_number_result_fails_the_node(kind: str) -> None:
    result = run(more(), payload([node("x", kind)]))
    assert result.errors == [
        "error executing node x: node result validation failed: value is not a finite number: nan"
    ]
    assert result.node_results == {}


def test_a_guard_returning_no_outcome_fails_the_guard_node_and_observers_hear_of_it() -> None:
    recorder = Recorder()
    body = payload([node("a", "const", value=1), node("s", "shield", bogus=True)], [edge("a", "s")])
    result = run(engine(*ALL, *MORE, extra=[recorder]), body)
    assert isinstance(result.error, NodeFailed)
    # the broken guard is blamed, not the node it wrapped; a failed chain keeps no results
    assert result.error.node_id == "s"
    reason = "TypeError: guard of node type 'shield' returned str, not an Outcome"
    assert result.error.reason == reason
    assert ("node_failed", result.execution_id, "s", str(result.error)) in recorder.events
    assert 0 < recorder.durations["s"] <= result.duration  # measured from the guard's start
    assert result.node_results == {}


def test_a_run_without_a_deadline_runs_waiting_nodes() -> None:
    body = payload([node("a", "async_const", value=1), node("b", "sum")], [edge("a", "b")])
    result = run(eng(max_execution_time=0), body)
    assert result.success and result.node_results == {"a": 1, "b": 1.0}


def test_a_stateful_node_waiting_for_its_turn_does_not_hold_up_other_ready_nodes() -> None:
    body = payload(
        [node("s1", "append", yields=5), node("s2", "append"), node("z", "peek")],
    )
    result = run(eng(), body)
    # z ran while s1 was still running, and s2 waited for s1
    assert result.node_results == {"s1": ["s1"], "s2": ["s1", "s2"], "z": []}


def test_middleware_factories_get_the_engine_config_and_a_keyed_one_skips_only_itself() -> None:
    offered: list[tuple[str, str, Any]] = []

    class Pair:
        @hookimpl
        def register_middleware(self, register: Any) -> None:
            def tagged(node: Any, config: Any) -> Any:
                offered.append(("tagged", node.id, config))
                return None

            def plain(node: Any, config: Any) -> Any:
                offered.append(("plain", node.id, config))
                return None

            register("tagged", tagged, order=10, data_key="tag")
            register("plain", plain, order=20)

    e = engine(*ALL, extra=[Pair()])
    e.load(payload([node("a", "const", value=1)]))
    assert offered == [("plain", "a", e.config)]
    assert offered[0][2] is e.config


def test_the_run_ends_when_its_remaining_time_is_up_even_if_nodes_ignore_its_clock() -> None:
    e = Engine(
        EngineConfig(max_execution_time=5.0, max_node_execution_time=0),
        plugins=plugin_set(*ALL, *MORE),
        clock=ManualClock(),
    )
    # t uses 4.5 of the run's 5 seconds; h then lets 0.7 seconds pass on the loop's clock
    body = payload(
        [node("t", "async_tick", seconds=4.5), node("h", "leap", seconds=0.7)], [edge("t", "h")]
    )
    result = run_leaping(e, body)
    assert isinstance(result.error, RunTimeout)
    assert result.node_results == {"t": 4.5}
