"""Running workflows inside a node: sub-workflows and loop bodies.

A node that runs another workflow names it in its config, inline (``{"nodes": [...],
"edges": [...]}``) or by the id of a saved workflow, and plans it once, at load time, in
:meth:`~thaiyyal.NodeType.prepare` with :func:`prepare_workflow`. At run time it runs the
plan with :meth:`~thaiyyal.NodeContext.run_workflow` (once) or :func:`run_for_items` (once
per item, concurrently up to a bound). Sub-runs share the parent run's deadline, counters,
resources and cancellation, and nest at most ``max_subworkflow_depth`` levels.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import ConfigError, InvalidWorkflow, Problem
from .results import RunResult

if TYPE_CHECKING:
    from .nodes import LoadContext
    from .plan import Plan
    from .runtime import NodeContext
    from .state import RunState

__all__ = ["copy_state", "prepare_workflow", "run_for_items"]


def prepare_workflow(
    load: LoadContext,
    *,
    inline: Any = None,
    workflow_id: str = "",
    inline_field: str = "workflow",
    id_field: str = "workflow_id",
    required: bool = True,
) -> Plan | None:
    """Plan the workflow a node names, inline or by id (exactly one of them).

    Raises :class:`~thaiyyal.ConfigError` naming the field when the reference is missing,
    ambiguous or unknown, and :class:`~thaiyyal.InvalidWorkflow` with the nested workflow's
    own problems. Returns None when neither is given and ``required`` is false.
    """
    if inline is not None and workflow_id:
        raise ConfigError(f"give either {inline_field} or {id_field}, not both", field=inline_field)
    if inline is None and not workflow_id:
        if not required:
            return None
        raise ConfigError(
            f"missing required field: {inline_field} or {id_field}", field=inline_field
        )
    if load.plan is None:  # pragma: no cover - engines always provide a planner
        raise ConfigError("this engine cannot plan nested workflows", field=inline_field)
    if inline is not None:
        if not isinstance(inline, Mapping):
            raise ConfigError(
                f"{inline_field} must be a workflow object with nodes and edges", field=inline_field
            )
        return load.plan(inline)
    store = load.services.get("workflow_store")
    stored = store.get(workflow_id) if store is not None else None
    if stored is None:
        raise ConfigError(f"no saved workflow with id {workflow_id!r}", field=id_field)
    try:
        return load.plan(stored.data)
    except InvalidWorkflow as exc:
        raise InvalidWorkflow(
            [Problem(f"saved workflow {workflow_id}: {p.message}") for p in exc.problems]
        ) from None


def copy_state(ctx: NodeContext) -> RunState:
    """An independent copy of the calling run's state (for loop bodies)."""
    return ctx.state.copy()


async def run_for_items(
    ctx: NodeContext,
    plan: Plan,
    items: Sequence[Any],
    *,
    max_concurrency: int,
    variables: Callable[[int, Any], Mapping[str, Any]],
    isolated_state: bool = True,
) -> list[RunResult]:
    """Run ``plan`` once per item, at most ``max_concurrency`` at a time; results come back
    in item order whatever the order of completion.

    ``variables(index, item)`` gives each run's variables (typically ``item``, ``index``,
    ``items``). With ``isolated_state`` each run starts from its own copy of the calling
    run's state, so items cannot see each other's writes. Cancelling the node cancels every
    item run still going.
    """
    results: list[RunResult | None] = [None] * len(items)
    limit = max(1, max_concurrency)
    parent_state = ctx.state

    async def one(index: int, item: Any) -> None:
        state = parent_state.copy() if isolated_state else None
        results[index] = await ctx.run_workflow(plan, variables=variables(index, item), state=state)

    if limit == 1 or len(items) <= 1:
        for index, item in enumerate(items):
            await one(index, item)
        return [r for r in results if r is not None]

    next_index = 0

    async def worker() -> None:
        nonlocal next_index
        while next_index < len(items):
            index = next_index
            next_index += 1
            await one(index, items[index])

    workers = [asyncio.ensure_future(worker()) for _ in range(min(limit, len(items)))]
    try:
        await asyncio.gather(*workers)
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    return [r for r in results if r is not None]
