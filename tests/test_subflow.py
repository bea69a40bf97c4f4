"""Running plans inside a node: item runs, isolation, order, cancellation."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import attrs

from thaiyyal import Engine, EngineConfig, NodeContext, NodeType, node_config
from thaiyyal.converter import RawJSON
from thaiyyal.nodes import LoadContext
from thaiyyal.subflow import prepare_workflow, run_for_items

from .helpers import plugin_set
from .nodes_for_tests import ALL

BODY = {
    "nodes": [{"id": "log", "type": "append", "data": {"yields": 2}}],
    "edges": [],
}


@node_config
class FanoutConfig:
    body: RawJSON | None = None
    items: tuple[int, ...] = ()
    max_concurrency: int = 4


class Fanout(NodeType[FanoutConfig]):
    type_name = "fanout"
    Config = FanoutConfig

    def prepare(self, config: FanoutConfig, load: LoadContext) -> Any:
        return prepare_workflow(load, inline=config.body, inline_field="body")

    async def run(self, config: FanoutConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        runs = await run_for_items(
            ctx,
            ctx.prepared,
            list(config.items),
            max_concurrency=config.max_concurrency,
            variables=lambda index, item: {"item": item, "index": index},
        )
        return [r.final_output for r in runs]


def engine(**config: Any) -> Engine:
    return Engine(EngineConfig(**config), plugins=plugin_set(Fanout, *ALL))


def test_items_run_with_isolated_state_and_come_back_in_order() -> None:
    body = {
        "nodes": [
            {"id": "seed", "type": "append"},
            {"id": "f", "type": "fanout", "data": {"body": BODY, "items": list(range(6))}},
            {"id": "after", "type": "append"},
        ],
        "edges": [{"source": "seed", "target": "f"}, {"source": "f", "target": "after"}],
    }
    result = asyncio.run(engine().run(body))
    assert result.success, result.errors
    # every item run sees the parent's log (["seed"]) and only its own write
    assert result.node_results["f"] == [["seed", "log"]] * 6
    assert result.node_results["after"] == ["seed", "after"]


def test_concurrency_bound_and_item_runs_count_against_limits() -> None:
    result = asyncio.run(
        engine(max_node_executions=5).run(
            {"nodes": [{"id": "f", "type": "fanout", "data": {"body": BODY, "items": [1] * 10}}]}
        )
    )
    assert "maximum node executions exceeded: 6 (limit: 5)" in result.errors[0]


def test_cancelling_a_fanout_cancels_every_item_run() -> None:
    hanging = {"nodes": [{"id": "h", "type": "hang", "data": {"seconds": 30.0}}]}

    async def scenario() -> list[asyncio.Task[Any]]:
        eng = engine(max_node_execution_time=0)
        task = asyncio.ensure_future(
            eng.run(
                {
                    "nodes": [
                        {
                            "id": "f",
                            "type": "fanout",
                            "data": {"body": hanging, "items": [1] * 20, "max_concurrency": 8},
                        }
                    ]
                }
            )
        )
        await asyncio.sleep(0.02)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 5)
        return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]

    assert asyncio.run(scenario()) == []


def test_prepared_plans_are_immutable_and_shared() -> None:
    plan = engine().load({"nodes": [{"id": "f", "type": "fanout", "data": {"body": BODY}}]})
    inner = plan.by_id["f"].prepared
    assert inner.order == ["log"]
    assert attrs.has(type(inner))
