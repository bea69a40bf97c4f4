"""What the loop node types share: their body (a sub-workflow run per item or iteration),
the iteration limit, and the bounded, ordered, cancellable running of item runs.

Not a plugin. ``for_each``, ``map`` (with a body) and ``while_loop`` import it.

The body is named in the node's config, inline (``body``: ``{"nodes": [...], "edges":
[...]}``) or as a saved workflow (``body_workflow_id``), and planned once, at load time.
Each run of it is a sub-run of the calling run (shared deadline, node-execution and
HTTP-call counters, nesting limit; cancelled with the node) that starts from its own copy
of the calling run's state, so runs cannot see each other's writes and nothing flows back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from thaiyyal import (
    ConfigError,
    LoadContext,
    NodeContext,
    NodeError,
    Plan,
    RunTimeout,
    ThaiyyalError,
)
from thaiyyal.state import RunState
from thaiyyal.subflow import prepare_workflow

__all__ = [
    "DEFAULT_CONCURRENCY",
    "ItemOutcome",
    "check_body_config",
    "collect",
    "has_body",
    "iteration_limit",
    "prepare_body",
    "run_body",
    "run_items",
]

#: Item runs of one loop node at a time, unless its ``max_concurrency`` says otherwise.
DEFAULT_CONCURRENCY = 8


def prepare_body(load: LoadContext, body: Any, body_workflow_id: str) -> Plan | None:
    """The plan of the node's body, or None when it has none (the reference behaviour)."""
    return prepare_workflow(
        load,
        inline=body,
        workflow_id=body_workflow_id,
        inline_field="body",
        id_field="body_workflow_id",
        required=False,
    )


def has_body(body: Any, body_workflow_id: str) -> bool:
    return body is not None or bool(body_workflow_id)


def check_body_config(
    body: Any, body_workflow_id: str, max_concurrency: int
) -> Iterable[ConfigError]:
    """Load-time checks of the body fields (only when there is a body: without one the
    fields mean nothing, as for the reference, which does not know them)."""
    if has_body(body, body_workflow_id) and max_concurrency < 1:
        yield ConfigError(
            f"max_concurrency must be at least 1, got {max_concurrency}", field="max_concurrency"
        )


def iteration_limit(requested: int | None, engine_limit: int, fallback: int) -> int:
    """A loop node's effective ``max_iterations``.

    The engine's ``max_iterations`` is the default and the ceiling: a node may lower it,
    never raise it (a larger value is capped). When the engine sets no limit (0), the
    node's own positive value applies, else the reference's hard-coded ``fallback``.
    Values of 0 or less mean "not set", as in the reference.
    """
    if requested is None or requested <= 0:
        return engine_limit or fallback
    return min(requested, engine_limit) if engine_limit else requested


@attrs.frozen
class ItemOutcome:
    """What one body run produced: its ``final_output``, or the error it failed with."""

    output: Any = None
    error: ThaiyyalError | None = None


async def run_body(
    ctx: NodeContext, plan: Plan, variables: Mapping[str, Any], parent: RunState
) -> ItemOutcome:
    """One run of the body from a copy of ``parent`` (the calling run's state).

    A run-wide deadline is not an item failure: it ends the whole run, so it is raised.
    """
    state = parent.copy()
    try:
        result = await ctx.run_workflow(plan, variables=variables, state=state)
    except ThaiyyalError as exc:  # refused before it ran: nesting, variables over the limits
        return ItemOutcome(error=exc)
    if isinstance(result.error, RunTimeout):
        raise result.error
    return ItemOutcome(result.final_output, result.error)


async def run_items(
    ctx: NodeContext,
    plan: Plan,
    items: Sequence[Any],
    *,
    max_concurrency: int,
    variables: Callable[[int, Any], Mapping[str, Any]],
    stop_on_error: bool,
) -> list[ItemOutcome | None]:
    """Run ``plan`` once per item, at most ``max_concurrency`` at a time, and return the
    outcomes in item order (None for an item that did not run).

    Items start in order. With ``stop_on_error``, the first failure stops the loop: no
    further item starts, runs of later items are cancelled, and runs of earlier items
    finish, so the lowest-index failure among them is the one that counts, whatever the
    timing (the same as running the items one by one). Cancelling the calling node
    cancels every item run still going; no task outlives this call.
    """
    count = len(items)
    outcomes: list[ItemOutcome | None] = [None] * count
    parent = ctx.state
    limit = max(1, max_concurrency)

    if limit == 1 or count <= 1:
        for index in range(count):
            outcome = await run_body(ctx, plan, variables(index, items[index]), parent)
            outcomes[index] = outcome
            if stop_on_error and outcome.error is not None:
                break
        return outcomes

    stop = count  # lowest index whose run failed (count: none)
    running: dict[int, asyncio.Task[None]] = {}
    fatal: list[Exception] = []
    slots = asyncio.Semaphore(limit)

    async def one(index: int) -> None:
        nonlocal stop
        try:
            outcome = await run_body(ctx, plan, variables(index, items[index]), parent)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the run deadline, or a bug: end the whole loop
            fatal.append(exc)
            for task in list(running.values()):
                task.cancel()
            return
        outcomes[index] = outcome
        if stop_on_error and outcome.error is not None and index < stop:
            stop = index
            for later, task in list(running.items()):
                if later > index:
                    task.cancel()

    def finished(index: int, _: asyncio.Task[None]) -> None:
        running.pop(index, None)
        slots.release()

    try:
        for index in range(count):
            await slots.acquire()
            if index > stop or fatal:
                slots.release()
                break
            task = asyncio.ensure_future(one(index))
            running[index] = task
            task.add_done_callback(lambda t, i=index: finished(i, t))  # type: ignore[misc]
        while running:
            await asyncio.gather(*running.values(), return_exceptions=True)
    finally:
        if running:
            tasks = list(running.values())
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    if fatal:
        raise fatal[0]
    if stop < count:  # runs of later items may have been cut short: they did not count
        for index in range(stop + 1, count):
            outcomes[index] = None
    return outcomes


async def run_body_per_element(
    ctx: NodeContext,
    body: Plan,
    array: Sequence[Any],
    *,
    max_concurrency: int,
    continue_on_item_error: bool,
    type_name: str,
) -> tuple[list[Any], int]:
    """The body run once per element (``item``, ``index``, ``items`` bound), as ``for_each``
    and ``map`` do: the elements' final outputs in order, and how many runs failed."""
    outcomes = await run_items(
        ctx,
        body,
        array,
        max_concurrency=max_concurrency,
        variables=lambda index, item: {"item": item, "index": index, "items": array},
        stop_on_error=not continue_on_item_error,
    )
    return collect(outcomes, type_name=type_name, continue_on_error=continue_on_item_error)


def collect(
    outcomes: Sequence[ItemOutcome | None], *, type_name: str, continue_on_error: bool
) -> tuple[list[Any], int]:
    """``(results, failed)`` of item runs: each run's final output in item order.

    Without ``continue_on_error`` the first failed item fails the node
    (``<type> item <index> failed: <error>``); with it, a failed item's slot is null and
    counts in ``failed``.
    """
    results: list[Any] = []
    failed = 0
    for index, outcome in enumerate(outcomes):
        if outcome is not None and outcome.error is None:
            results.append(outcome.output)
            continue
        if not continue_on_error and outcome is not None:
            raise NodeError(f"{type_name} item {index} failed: {outcome.error}")
        failed += 1
        results.append(None)
    return results, failed
