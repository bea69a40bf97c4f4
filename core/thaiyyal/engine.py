"""The engine: load payloads into plans, and run plans.

A run walks the plan with a ready queue ordered by canonical position. A node is
*settled* when it ran or was skipped; it is considered once everything it waits for has
settled, and then runs or is skipped by the routing rule. Quick synchronous nodes run
inline; nodes that wait run as tasks, concurrently up to ``max_concurrency``. Nodes that
touch run state start only after every earlier stateful node (in canonical order) has
settled, so every run gives the same results as a sequential run in canonical order.

A node failure fails the run at once (fail-fast): nothing new starts, nodes still running
are cancelled, and the results of nodes that finished are kept. The run deadline
(``max_execution_time``) cancels whatever is still running.
"""

from __future__ import annotations

import asyncio
import heapq
import math
from collections.abc import Awaitable, Callable, Mapping
from time import perf_counter
from typing import Any

from loguru import logger

from .clock import SYSTEM_CLOCK, Clock
from .config import EngineConfig
from .durations import format_seconds
from .errors import (
    InvalidWorkflow,
    LimitExceeded,
    NodeFailed,
    Problem,
    RunTimeout,
    ThaiyyalError,
)
from .limits import ValueLimits
from .model import decode_payload, parse_json
from .plan import Plan, PlannedNode, build_plan
from .plugins import PluginSet, default_plugins
from .resources import Resources
from .results import RunResult
from .routing import should_run
from .runtime import NodeContext, RunContext, RunInfo, new_execution_id
from .state import MemoryRunState, StateFactory

__all__ = ["Engine"]

Middleware = Callable[
    [NodeContext, list[Any], Callable[[list[Any]], Awaitable[Any]]], Awaitable[Any]
]


def _compose(middlewares: list[Middleware], node: PlannedNode) -> Callable[..., Any]:
    """One async callable running ``middlewares`` (outermost first) around the node call.

    Every ``call_next`` runs the whole rest of the chain, so a retrying middleware re-runs
    the middlewares inside it; the chain holds no state, so runs may share it.
    """
    call = node.call
    is_async = node.is_async

    async def final(config: Any, inputs: list[Any], ctx: NodeContext) -> Any:
        result = call(config, inputs, ctx)
        return await result if is_async else result

    def link(middleware: Middleware, inner: Callable[..., Any]) -> Callable[..., Any]:
        async def wrapped(config: Any, inputs: list[Any], ctx: NodeContext) -> Any:
            return await middleware(ctx, inputs, lambda new_inputs: inner(config, new_inputs, ctx))

        return wrapped

    chain = final
    for middleware in reversed(middlewares):
        chain = link(middleware, chain)
    return chain


def _needs_check(result: Any, inputs: list[Any], limits: ValueLimits) -> bool:
    """Whether a node result must go through the full limit check.

    Cheap answers for the common cases: finite floats, ints, booleans, null, short
    strings, and values a node passed through unchanged (they were checked already).
    """
    kind = type(result)
    if kind is float:
        return bool(result - result != 0.0)  # true only for NaN and infinities
    if kind is int or kind is bool or result is None:
        return False
    if kind is str:
        return bool(limits.max_string) and len(result) * 4 > limits.max_string
    return all(value is not result for value in inputs)


class _Failed(Exception):
    """Internal: carries the error that ends a run."""

    def __init__(self, error: ThaiyyalError) -> None:
        super().__init__(error.message)
        self.error = error


class Engine:
    """Loads workflow payloads into plans and runs them.

    One engine holds a plugin set, a configuration and the shared resources plugins
    registered (``services``). Engines are cheap to create; create one per configuration and
    reuse it for many runs.
    """

    def __init__(
        self,
        config: EngineConfig | None = None,
        *,
        plugins: PluginSet | None = None,
        clock: Clock = SYSTEM_CLOCK,
        state_factory: StateFactory | None = None,
        services: Mapping[str, Any] | None = None,
    ) -> None:
        self.config = config or EngineConfig()
        self.plugins = plugins if plugins is not None else default_plugins()
        self.clock = clock
        self.state_factory: StateFactory = state_factory or MemoryRunState
        self.services: dict[str, Any] = dict(services or {})
        #: shared resources created by plugins on first use (see :class:`Resources`)
        self.resources = Resources()
        observers = self.plugins.observers()
        hook = self.plugins.manager.hook
        self._on_run_started = hook.run_started if "run_started" in observers else None
        self._on_node_started = hook.node_started if "node_started" in observers else None
        self._on_node_finished = hook.node_finished if "node_finished" in observers else None
        self._on_node_failed = hook.node_failed if "node_failed" in observers else None
        self._on_node_skipped = hook.node_skipped if "node_skipped" in observers else None
        self._on_run_finished = hook.run_finished if "run_finished" in observers else None
        self._middleware = self.plugins.middleware.entries

    # ------------------------------------------------------------------ loading

    def load(self, payload: bytes | str | Mapping[str, Any] | None) -> Plan:
        """Decode, validate and plan a payload (JSON text or an already-decoded object).

        Raises :class:`~thaiyyal.InvalidWorkflow` listing every problem found.
        """
        raw = (
            parse_json(payload, self.config.max_payload_size)
            if isinstance(payload, (bytes, str))
            else payload
        )
        problems: list[Problem] = []
        workflow = decode_payload(raw, problems)
        return build_plan(
            workflow,
            self.plugins,
            self.config,
            problems,
            self._apply_middleware if self._middleware else None,
            self.services,
        )

    def validate(self, payload: bytes | str | Mapping[str, Any] | None) -> list[Problem]:
        """Every problem with a payload (empty when it is valid)."""
        try:
            self.load(payload)
        except InvalidWorkflow as exc:
            return list(exc.problems)
        return []

    def _apply_middleware(self, node: PlannedNode) -> PlannedNode:
        chain = []
        for entry in self._middleware:
            middleware = entry.factory(node, self.config)
            if middleware is not None:
                chain.append(middleware)
        if not chain:
            return node
        return node._replace(call=_compose(chain, node), is_async=True)

    # ------------------------------------------------------------------ running

    async def run(
        self, plan: Plan | bytes | str | Mapping[str, Any] | None, *, depth: int = 0
    ) -> RunResult:
        """Run a plan (or load and run a payload) with fresh state; never raises for a
        failing run — the :class:`RunResult` carries the error. Load problems raise
        :class:`~thaiyyal.InvalidWorkflow`; cancelling the awaiting task cancels the run.
        """
        if not isinstance(plan, Plan):
            plan = self.load(plan)
        clock = self.clock
        started = clock.monotonic()
        info = RunInfo(new_execution_id(), plan.workflow_id, clock.time())
        run = RunContext(
            plan=plan,
            config=self.config,
            state=self.state_factory(self.config, clock),
            clock=clock,
            services=self.services,
            resources=self.resources,
            logger=logger.bind(execution_id=info.execution_id, workflow_id=info.workflow_id),
            info=info,
            deadline=started + self.config.max_execution_time
            if self.config.max_execution_time
            else math.inf,
            depth=depth,
        )
        durations: dict[str, float] = {}
        skipped: list[str] = []
        error: ThaiyyalError | None = None
        if self._on_run_started is not None:
            self._notify(self._on_run_started, run=info)
        try:
            if plan.has_async:
                await self._run_scheduled(plan, run, durations, skipped)
            else:
                self._run_inline(plan, run, durations, skipped)
        except _Failed as failed:
            error = failed.error
        result = self._result(plan, run, durations, skipped, error, clock.monotonic() - started)
        if self._on_run_finished is not None:
            self._notify(self._on_run_finished, run=info, result=result)
        return result

    async def aclose(self) -> None:
        """Close the shared resources plugins created (HTTP sessions, pools)."""
        await self.resources.aclose()

    async def __aenter__(self) -> Engine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def run_sync(self, plan: Plan | bytes | str | Mapping[str, Any] | None) -> RunResult:
        """:meth:`run` from synchronous code (starts an event loop).

        Resources bound to that loop (HTTP sessions) are closed before it ends.
        """

        async def run_and_close() -> RunResult:
            try:
                return await self.run(plan)
            finally:
                await self.resources.aclose()

        return asyncio.run(run_and_close())

    # The inline path: a plan without asynchronous nodes runs in canonical order, which is
    # exactly what the general scheduler would do for it, without its bookkeeping.
    def _run_inline(
        self,
        plan: Plan,
        run: RunContext,
        durations: dict[str, float],
        skipped: list[str],
    ) -> None:
        results = run.results
        monotonic = run.clock.monotonic
        deadline = run.deadline
        call_inline = self._call_inline
        for node in plan.nodes:
            if monotonic() > deadline:
                raise _Failed(run.timeout_error())
            if node.edges_in and not should_run(node.edges_in, results):
                skipped.append(node.id)
                if self._on_node_skipped is not None:
                    self._notify(self._on_node_skipped, run=run.info, node=node)
                continue
            call_inline(node, run, durations)

    def _begin(self, node: PlannedNode, run: RunContext) -> None:
        """Count one node execution (and tell observers) before a node runs."""
        run.executions += 1
        if self._on_node_started is not None:
            self._notify(self._on_node_started, run=run.info, node=node)
        limit = run.config.max_node_executions
        if limit and run.executions > limit:
            error = LimitExceeded(
                f"maximum node executions exceeded: {run.executions} (limit: {limit})",
                limit="max_node_executions",
                value=run.executions,
                maximum=limit,
            )
            self._fail(node, run, error, 0.0)

    def _call_inline(self, node: PlannedNode, run: RunContext, durations: dict[str, float]) -> None:
        self._begin(node, run)
        results = run.results
        inputs = [results[s] for s in node.sources if s in results] if node.sources else []
        started = perf_counter()
        try:
            result = node.call(node.config, inputs, NodeContext(node, run))
        except Exception as exc:
            self._fail(node, run, exc, perf_counter() - started)
        elapsed = perf_counter() - started
        if _needs_check(result, inputs, run.limits):
            self._check_result(node, run, result, elapsed)
        results[node.id] = result
        durations[node.id] = elapsed
        if self._on_node_finished is not None:
            self._notify(
                self._on_node_finished, run=run.info, node=node, result=result, duration=elapsed
            )

    def _check_result(
        self, node: PlannedNode, run: RunContext, result: Any, elapsed: float
    ) -> None:
        problem = run.limits.check(result)
        if problem is not None:
            error = LimitExceeded(f"node result validation failed: {problem}", limit="value")
            self._fail(node, run, error, elapsed)

    def _finish(
        self,
        node: PlannedNode,
        run: RunContext,
        result: Any,
        inputs: list[Any],
        elapsed: float,
        durations: dict[str, float],
    ) -> None:
        if _needs_check(result, inputs, run.limits):
            self._check_result(node, run, result, elapsed)
        run.results[node.id] = result
        durations[node.id] = elapsed
        if self._on_node_finished is not None:
            self._notify(
                self._on_node_finished, run=run.info, node=node, result=result, duration=elapsed
            )

    def _fail(self, node: PlannedNode, run: RunContext, exc: BaseException, elapsed: float) -> Any:
        if isinstance(exc, RunTimeout):
            error: ThaiyyalError = exc
        else:
            error = NodeFailed(node.id, node.type_name, exc)
            if not isinstance(exc, ThaiyyalError):
                run.logger.opt(exception=exc).error(
                    "node {node_id} raised an unexpected exception", node_id=node.id
                )
        if self._on_node_failed is not None:
            self._notify(
                self._on_node_failed, run=run.info, node=node, error=error, duration=elapsed
            )
        raise _Failed(error)

    async def _run_scheduled(
        self,
        plan: Plan,
        run: RunContext,
        durations: dict[str, float],
        skipped: list[str],
    ) -> None:
        nodes = plan.nodes
        by_id = plan.by_id
        results = run.results
        remaining = [len(n.waits_for) for n in nodes]
        ready = [n.position for n in nodes if not n.waits_for]
        heapq.heapify(ready)
        stateful = [n.position for n in nodes if n.stateful]
        next_stateful = 0
        held: set[int] = set()  # stateful nodes waiting for their turn
        parked: list[int] = []  # async nodes waiting for a concurrency slot
        limit = run.config.max_concurrency or math.inf
        in_flight: dict[asyncio.Task[Any], tuple[PlannedNode, list[Any], float]] = {}

        def settle(node: PlannedNode) -> None:
            nonlocal next_stateful
            for successor in node.successors:
                index = by_id[successor].position
                remaining[index] -= 1
                if remaining[index] == 0:
                    heapq.heappush(ready, index)
            if node.stateful:
                next_stateful += 1
                if next_stateful < len(stateful) and stateful[next_stateful] in held:
                    held.discard(stateful[next_stateful])
                    heapq.heappush(ready, stateful[next_stateful])

        try:
            while True:
                while ready:
                    node = nodes[heapq.heappop(ready)]
                    if node.stateful and stateful[next_stateful] != node.position:
                        held.add(node.position)
                        continue
                    if run.clock.monotonic() > run.deadline:
                        raise _Failed(run.timeout_error())
                    if not should_run(node.edges_in, results):
                        skipped.append(node.id)
                        if self._on_node_skipped is not None:
                            self._notify(self._on_node_skipped, run=run.info, node=node)
                        settle(node)
                        continue
                    if not node.is_async:
                        self._call_inline(node, run, durations)
                        settle(node)
                        continue
                    if len(in_flight) >= limit:
                        heapq.heappush(parked, node.position)
                        continue
                    self._begin(node, run)
                    inputs = [results[s] for s in node.sources if s in results]
                    task = asyncio.ensure_future(
                        self._call_async(node, inputs, NodeContext(node, run))
                    )
                    in_flight[task] = (node, inputs, perf_counter())
                if not in_flight:
                    break
                timeout = run.remaining()
                done, _ = await asyncio.wait(
                    in_flight,
                    timeout=None if math.isinf(timeout) else max(timeout, 0.0),
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if not done:
                    raise _Failed(run.timeout_error())
                for task in sorted(done, key=lambda t: in_flight[t][0].position):
                    node, inputs, started = in_flight.pop(task)
                    elapsed = perf_counter() - started
                    exc = task.exception()
                    if exc is not None:
                        self._fail(node, run, exc, elapsed)
                    self._finish(node, run, task.result(), inputs, elapsed, durations)
                    settle(node)
                while parked and len(in_flight) < limit:
                    heapq.heappush(ready, heapq.heappop(parked))
        finally:
            if in_flight:
                for task in in_flight:
                    task.cancel()
                await asyncio.gather(*in_flight, return_exceptions=True)

    async def _call_async(self, node: PlannedNode, inputs: list[Any], ctx: NodeContext) -> Any:
        timeout = ctx.run.config.max_node_execution_time
        call = node.call(node.config, inputs, ctx)
        if not timeout:
            return await call
        try:
            return await asyncio.wait_for(call, timeout)
        except asyncio.TimeoutError:
            raise LimitExceeded(
                f"node execution timeout after {format_seconds(timeout)}",
                limit="max_node_execution_time",
                maximum=timeout,
            ) from None

    # ------------------------------------------------------------------ results

    @staticmethod
    def _result(
        plan: Plan,
        run: RunContext,
        durations: dict[str, float],
        skipped: list[str],
        error: ThaiyyalError | None,
        elapsed: float,
    ) -> RunResult:
        results = run.results
        ordered = {n.id: results[n.id] for n in plan.nodes if n.id in results}
        final: Any = None
        fallback: Any = None
        found = found_fallback = False
        for node in reversed(plan.nodes):
            if not node.terminal or node.id not in results:
                continue
            if not node.context_node:
                final, found = results[node.id], True
                break
            if not found_fallback:
                fallback, found_fallback = results[node.id], True
        if not found and found_fallback:
            final = fallback
        skipped_set = set(skipped)
        return RunResult(
            execution_id=run.info.execution_id,
            workflow_id=run.info.workflow_id,
            node_results=ordered,
            final_output=final,
            skipped=tuple(n.id for n in plan.nodes if n.id in skipped_set),
            durations={n.id: durations[n.id] for n in plan.nodes if n.id in durations},
            duration=elapsed,
            error=error,
        )

    def _notify(self, hook: Any, **kwargs: Any) -> None:
        try:
            hook(**kwargs)
        except Exception:
            logger.opt(exception=True).warning("an observer failed; the run continues")
