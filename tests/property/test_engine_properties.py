"""Property tests of the engine over random DAGs and random junk payloads."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thaiyyal import Engine, EngineConfig, ThaiyyalError, hookimpl

from ..helpers import plugin_set
from ..nodes_for_tests import ALL

KINDS = ("const", "sum", "async_sum", "append", "echo", "route")

ids = st.text(alphabet="abcXYZ019_-.", min_size=1, max_size=4)


@st.composite
def dags(draw: st.DrawFn) -> dict[str, Any]:
    node_ids = draw(st.lists(ids, min_size=1, max_size=18, unique=True))
    order = draw(st.permutations(node_ids))  # edges only go forward in this order: acyclic
    nodes = []
    for node_id in node_ids:
        kind = draw(st.sampled_from(KINDS))
        data: dict[str, Any] = {}
        if kind == "const":
            data["value"] = draw(st.integers(-5, 5))
        elif kind in ("sum", "async_sum"):
            data["add"] = draw(st.integers(-3, 3))
            data["yields"] = draw(st.integers(0, 3))
        elif kind == "append":
            data["yields"] = draw(st.integers(0, 3))
        elif kind == "route":
            data["path"] = draw(st.sampled_from(["a", "b"]))
        nodes.append({"id": node_id, "type": kind, "data": data})
    edges = []
    for i, source in enumerate(order):
        for target in order[i + 1 :]:
            if draw(st.integers(0, 9)) < 2:
                edge: dict[str, Any] = {"source": source, "target": target}
                if draw(st.booleans()) and draw(st.booleans()):
                    edge["sourceHandle"] = draw(st.sampled_from(["a", "b"]))
                edges.append(edge)
    return {"nodes": nodes, "edges": edges}


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    @hookimpl
    def node_started(self, node: Any) -> None:
        self.events.append(("start", node.id))

    @hookimpl
    def node_finished(self, node: Any) -> None:
        self.events.append(("end", node.id))


def _run(body: dict[str, Any], concurrency: int, recorder: Recorder | None = None) -> Any:
    plugins = plugin_set(*ALL, extra=[recorder] if recorder else [])
    engine = Engine(EngineConfig(max_concurrency=concurrency), plugins=plugins)

    async def run_and_look_for_leftovers() -> Any:
        result = await engine.run(body)
        leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        assert leftover == [], "a run left tasks behind"
        return result

    return asyncio.run(run_and_look_for_leftovers())


def _outcome(result: Any) -> tuple[Any, ...]:
    return (result.success, result.node_results, result.final_output, result.skipped)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(dags())
def test_every_node_runs_after_all_its_predecessors(body: dict[str, Any]) -> None:
    recorder = Recorder()
    result = _run(body, 8, recorder)
    assert result.success
    position = {}
    for i, (kind, node_id) in enumerate(recorder.events):
        position[(kind, node_id)] = i
    for edge in body["edges"]:
        if edge["target"] in result.node_results and edge["source"] in result.node_results:
            assert position[("end", edge["source"])] < position[("start", edge["target"])]


@SETTINGS
@given(dags())
def test_parallel_and_sequential_runs_give_identical_results(body: dict[str, Any]) -> None:
    sequential = _run(body, 1)
    parallel = _run(body, 8)
    assert _outcome(sequential) == _outcome(parallel)
    # and the same as the inline path, where every node is synchronous
    inline = json.loads(json.dumps(body).replace('"async_sum"', '"sum"'))
    for n in inline["nodes"]:
        if n["type"] == "append":
            n["data"] = {}
    assert _run(inline, 8).node_results.keys() == parallel.node_results.keys()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
near_payloads = st.fixed_dictionaries(
    {},
    optional={
        "nodes": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "id": json_values | ids,
                    "type": json_values | st.sampled_from((*KINDS, "number", "operation")),
                    "data": json_values
                    | st.dictionaries(
                        st.sampled_from(["value", "op", "text", "path", "add"]),
                        json_values,
                        max_size=3,
                    ),
                },
            ),
            max_size=5,
        )
        | json_values,
        "edges": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "source": json_values | ids,
                    "target": json_values | ids,
                    "sourceHandle": json_values,
                },
            ),
            max_size=5,
        )
        | json_values,
        "workflow_id": json_values,
    },
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, near_payloads))
def test_junk_payloads_raise_only_the_projects_errors(raw: Any) -> None:
    engine = Engine(EngineConfig(), plugins=plugin_set(*ALL, builtin=None))
    try:
        plan = engine.load(raw)
    except ThaiyyalError:
        return
    result = asyncio.run(engine.run(plan))
    assert result.success or isinstance(result.error, ThaiyyalError)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_junk_bytes_raise_only_the_projects_errors(raw: bytes | str) -> None:
    engine = Engine(EngineConfig(), plugins=plugin_set(*ALL))
    with contextlib.suppress(ThaiyyalError):
        engine.load(raw)
