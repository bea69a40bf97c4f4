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
import gc
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
from .nodes import LoadContext, Outcome
from .plan import Plan, PlannedNode, build_plan
from .plugins import PluginSet, default_plugins
from .resources import Resources
from .results import RunResult
from .routing import should_run
from .runtime import NodeContext, RunContext, RunInfo, new_execution_id
from .state import MemoryRunState, RunState, StateFactory

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


class _Failed(BaseException):
    """Internal: carries the error that ends a run.

    A BaseException, like ``CancelledError``, so that middleware and guards catching
    ``Exception`` to handle node failures cannot swallow the end of the run.
    """

    def __init__(self, error: ThaiyyalError) -> None:
        super().__init__(error.message)
        self.error = error


def _ends_run(error: ThaiyyalError) -> bool:
    """Failures no resilience node may absorb: the run deadline and the run-wide counters."""
    if isinstance(error, RunTimeout):
        return True
    cause = getattr(error, "cause", None)
    return isinstance(cause, LimitExceeded) and cause.limit in _RUN_LIMITS


_RUN_LIMITS = frozenset({"max_node_executions", "max_http_calls_per_exec"})

# ``asyncio.timeout`` (3.11+) bounds an await without the extra task ``wait_for`` needs.
_timeout_scope: Any = getattr(asyncio, "timeout", None)


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
        if "workflow_store" not in self.services:
            scheme = self.config.workflow_store.split(":", 1)[0]
            factory = self.plugins.storage.factory(scheme)
            if factory is not None:
                self.services["workflow_store"] = factory(self.config.workflow_store, self.config)
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
        # When every middleware is keyed, a node whose data holds none of the keys is
        # offered to none of them: one set test instead of a pass over the chain.
        keys = {entry.data_key for entry in self._middleware}
        self._middleware_keys = None if None in keys else frozenset(keys)

    # ------------------------------------------------------------------ loading

    def load(self, payload: bytes | str | Mapping[str, Any] | None, *, depth: int = 0) -> Plan:
        """Decode, validate and plan a payload (JSON text or an already-decoded object).

        Raises :class:`~thaiyyal.InvalidWorkflow` listing every problem found. ``depth`` is
        the nesting level of a sub-workflow being loaded (0 for a top-level workflow).
        """
        # Loading allocates many small, acyclic objects and nothing else runs meanwhile:
        # pausing the cycle collector spares it repeated passes over a growing heap, which
        # otherwise cost more than the load itself for large workflows.
        collecting = gc.isenabled()
        if collecting:
            gc.disable()
        try:
            raw = (
                parse_json(payload, self.config.max_payload_size)
                if isinstance(payload, (bytes, str))
                else payload
            )
            problems: list[Problem] = []
            workflow = decode_payload(raw, problems)
            load = LoadContext(self.config, self.services, self._nested_planner(depth + 1), depth)
            return build_plan(
                workflow,
                self.plugins,
                self.config,
                problems,
                self._apply_middleware if self._middleware else None,
                load,
            )
        finally:
            if collecting:
                gc.enable()

    def _nested_planner(self, depth: int) -> Callable[[Any], Plan]:
        def plan_nested(payload: Any) -> Plan:
            limit = self.config.max_subworkflow_depth
            if limit and depth > limit:
                raise InvalidWorkflow(
                    [Problem(f"sub-workflows nested too deeply: {depth} levels (limit: {limit})")]
                )
            return self.load(payload, depth=depth)

        return plan_nested

    def validate(self, payload: bytes | str | Mapping[str, Any] | None) -> list[Problem]:
        """Every problem with a payload (empty when it is valid)."""
        try:
            self.load(payload)
        except InvalidWorkflow as exc:
            return list(exc.problems)
        return []

    def _apply_middleware(self, node: PlannedNode) -> PlannedNode:
        data = node.node.data
        if self._middleware_keys is not None and self._middleware_keys.isdisjoint(data):
            return node
        chain = []
        for entry in self._middleware:
            if entry.data_key is not None and entry.data_key not in data:
                continue
            middleware = entry.factory(node, self.config)
            if middleware is not None:
                chain.append(middleware)
        if not chain:
            return node
        return node._replace(call=_compose(chain, node), is_async=True)

    # ------------------------------------------------------------------ running

    async def run(self, plan: Plan | bytes | str | Mapping[str, Any] | None) -> RunResult:
        """Run a plan (or load and run a payload) with fresh state; never raises for a
        failing run — the :class:`RunResult` carries the error. Load problems raise
        :class:`~thaiyyal.InvalidWorkflow`; cancelling the awaiting task cancels the run
        and every node still running in it.
        """
        if not isinstance(plan, Plan):
            plan = self.load(plan)
        clock = self.clock
        started = clock.monotonic()
        limit = self.config.max_execution_time
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
            deadline=started + limit if limit else math.inf,
            engine=self,
        )
        if self._on_run_started is not None:
            self._notify(self._on_run_started, run=info)
        error = await self._execute(plan, run)
        result = self._result(plan, run, error, clock.monotonic() - started)
        if self._on_run_finished is not None:
            self._notify(self._on_run_finished, run=info, result=result)
        return result

    async def run_child(
        self,
        parent: RunContext,
        plan: Plan,
        *,
        variables: Mapping[str, Any] | None = None,
        state: RunState | None = None,
    ) -> RunResult:
        """Run ``plan`` inside ``parent`` (a sub-workflow or loop body); see
        :meth:`NodeContext.run_workflow`."""
        depth = parent.depth + 1
        limit = self.config.max_subworkflow_depth
        if limit and depth > limit:
            raise LimitExceeded(
                f"sub-workflows nested too deeply: {depth} levels (limit: {limit})",
                limit="max_subworkflow_depth",
                value=depth,
                maximum=limit,
            )
        clock = parent.clock
        started = clock.monotonic()
        child_state = state if state is not None else self.state_factory(self.config, clock)
        for name, value in (variables or {}).items():
            # loop items and mapped inputs come from node results, already within limits
            child_state.set_variable(name, value, checked=True)
        info = RunInfo(parent.info.execution_id, plan.workflow_id, clock.time())
        run = RunContext(
            plan=plan,
            config=self.config,
            state=child_state,
            clock=clock,
            services=self.services,
            resources=self.resources,
            logger=parent.logger,
            info=info,
            deadline=parent.deadline,
            depth=depth,
            counters=parent.counters,
            engine=self,
        )
        error = await self._execute(plan, run)
        if error is not None and _ends_run(error):
            raise _Failed(error)  # the deadline and run-wide counters end the parent run too
        return self._result(plan, run, error, clock.monotonic() - started)

    async def _execute(self, plan: Plan, run: RunContext) -> ThaiyyalError | None:
        try:
            if plan.has_async:
                await self._run_scheduled(plan, run)
            else:
                self._run_inline(plan, run)
        except _Failed as failed:
            return failed.error
        return None

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

    # The inline path: a plan without waiting nodes runs in canonical order, which is
    # exactly what the general scheduler would do for it, without its bookkeeping.
    def _run_inline(self, plan: Plan, run: RunContext) -> None:
        results = run.results
        monotonic = run.clock.monotonic
        deadline = run.deadline
        call_inline = self._call_inline
        for node in plan.nodes:
            if monotonic() > deadline:
                raise _Failed(run.timeout_error())
            if node.edges_in and not should_run(node.edges_in, results):
                self._skip(node, run)
                continue
            call_inline(node, run)

    def _skip(self, node: PlannedNode, run: RunContext) -> None:
        run.skipped.append(node.id)
        if self._on_node_skipped is not None:
            self._notify(self._on_node_skipped, run=run.info, node=node)

    def _begin(self, node: PlannedNode, run: RunContext) -> None:
        """Count one node execution (and tell observers) before a node runs."""
        counters = run.counters
        counters.executions += 1
        if self._on_node_started is not None:
            self._notify(self._on_node_started, run=run.info, node=node)
        limit = run.config.max_node_executions
        if limit and counters.executions > limit:
            error = LimitExceeded(
                f"maximum node executions exceeded: {counters.executions} (limit: {limit})",
                limit="max_node_executions",
                value=counters.executions,
                maximum=limit,
            )
            raise self._failure(node, run, error, 0.0)

    def _call_inline(self, node: PlannedNode, run: RunContext) -> None:
        try:
            self._begin(node, run)
        except ThaiyyalError as exc:
            raise _Failed(exc) from None
        results = run.results
        inputs = [results[s] for s in node.sources if s in results] if node.sources else []
        started = perf_counter()
        try:
            result = node.call(node.config, inputs, NodeContext(node, run))
        except Exception as exc:
            raise _Failed(self._failure(node, run, exc, perf_counter() - started)) from None
        elapsed = perf_counter() - started
        if _needs_check(result, inputs, run.limits):
            problem = run.limits.check(result, run.value_memo)
            if problem is not None:
                error = LimitExceeded(f"node result validation failed: {problem}", limit="value")
                raise _Failed(self._failure(node, run, error, elapsed))
        results[node.id] = result
        run.durations[node.id] = elapsed
        if self._on_node_finished is not None:
            self._notify(
                self._on_node_finished, run=run.info, node=node, result=result, duration=elapsed
            )

    def _failure(
        self, node: PlannedNode, run: RunContext, exc: BaseException, elapsed: float
    ) -> ThaiyyalError:
        """The error a node's exception becomes (a run deadline stays what it is)."""
        if isinstance(exc, (RunTimeout, NodeFailed)):
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
        return error

    async def _invoke(
        self, node: PlannedNode, inputs: list[Any], run: RunContext, ctx: NodeContext
    ) -> Any:
        """One execution of a node: count it, call it (bounded by the node time limit),
        check its result. Raises the node's failure as a :class:`ThaiyyalError`."""
        self._begin(node, run)
        started = perf_counter()
        timeout = run.config.max_node_execution_time if node.node_type.bounded else 0.0
        try:
            result = node.call(node.config, inputs, ctx)
            if node.is_async:
                if not timeout:
                    result = await result
                elif _timeout_scope is not None:
                    async with _timeout_scope(timeout):
                        result = await result
                else:  # Python 3.10: wait_for wraps the call in one more task
                    result = await asyncio.wait_for(result, timeout)
        except _Failed:
            raise
        except asyncio.TimeoutError:
            error = LimitExceeded(
                f"node execution timeout after {format_seconds(timeout)}",
                limit="max_node_execution_time",
                maximum=timeout,
            )
            raise self._failure(node, run, error, perf_counter() - started) from None
        except Exception as exc:
            raise self._failure(node, run, exc, perf_counter() - started) from None
        elapsed = perf_counter() - started
        if _needs_check(result, inputs, run.limits):
            problem = run.limits.check(result, run.value_memo)
            if problem is not None:
                error = LimitExceeded(f"node result validation failed: {problem}", limit="value")
                raise self._failure(node, run, error, elapsed)
        run.durations[node.id] = elapsed
        if self._on_node_finished is not None:
            self._notify(
                self._on_node_finished, run=run.info, node=node, result=result, duration=elapsed
            )
        return result

    async def _run_unit(
        self, node: PlannedNode, inputs: list[Any], run: RunContext, found: dict[str, Any]
    ) -> Any:
        """Run ``node``; when it is a resilience node, first run the node it wraps under its
        guard. Results go to ``found`` (a node that failed and was caught has none)."""
        found.pop(node.id, None)
        ctx = NodeContext(node, run)
        if node.wraps is None:
            result = await self._invoke(node, inputs, run, ctx)
            found[node.id] = result
            return result
        wrapped = run.plan.by_id[node.wraps]
        results = run.results
        wrapped_inputs = [results[s] for s in wrapped.sources if s in results]

        async def attempt() -> Any:
            try:
                return await self._run_unit(wrapped, wrapped_inputs, run, found)
            except (RunTimeout, NodeFailed) as exc:
                # Run-wide limits end the run; no guard may catch them.
                if _ends_run(exc):
                    raise _Failed(exc) from None
                raise

        started = perf_counter()
        try:
            outcome = await node.node_type.guard(node.config, attempt, ctx)
        except _Failed:
            raise
        except Exception as exc:
            raise self._failure(node, run, exc, perf_counter() - started) from None
        if not isinstance(outcome, Outcome):
            # A broken guard is the guard node's fault, not the node it wraps.
            problem = TypeError(
                f"guard of node type {node.type_name!r} returned "
                f"{type(outcome).__name__}, not an Outcome"
            )
            raise self._failure(node, run, problem, perf_counter() - started)
        ctx.outcome = outcome
        guard_inputs = [outcome.value] if outcome.ok else []
        result = await self._invoke(node, guard_inputs, run, ctx)
        found[node.id] = result
        return result

    async def _run_chain(self, node: PlannedNode, run: RunContext) -> dict[str, Any]:
        """Run a wrapped node together with the resilience node(s) wrapping it."""
        top = node
        while top.guard is not None:
            top = run.plan.by_id[top.guard]
        found: dict[str, Any] = {}
        results = run.results
        await self._run_unit(top, [results[s] for s in top.sources if s in results], run, found)
        return found

    async def _run_scheduled(self, plan: Plan, run: RunContext) -> None:
        nodes = plan.nodes
        by_id = plan.by_id
        results = run.results
        remaining = [len(n.waits_for) for n in nodes]
        ready = [n.position for n in nodes if not n.waits_for]
        heapq.heapify(ready)
        stateful = [n.position for n in nodes if n.stateful]
        next_stateful = 0
        held: set[int] = set()  # stateful nodes waiting for their turn
        parked: list[int] = []  # waiting nodes waiting for a concurrency slot
        chained: set[str] = set()  # resilience nodes already settled with their chain
        limit = run.config.max_concurrency or math.inf
        in_flight: dict[asyncio.Task[Any], PlannedNode] = {}
        finished: list[asyncio.Task[Any]] = []
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] | None = None

        # Finished tasks report themselves here, so waiting costs nothing per task in flight
        # (asyncio.wait would re-register a callback on every pending task each round).
        def on_done(task: asyncio.Task[Any]) -> None:
            finished.append(task)
            if waiter is not None and not waiter.done():
                waiter.set_result(None)

        def wake(future: asyncio.Future[None]) -> None:
            if not future.done():
                future.set_result(None)

        def settle(node: PlannedNode) -> None:
            nonlocal next_stateful
            for successor in node.successors:
                position = by_id[successor].position
                remaining[position] -= 1
                if remaining[position] == 0:
                    heapq.heappush(ready, position)
            if node.stateful:
                next_stateful += 1
                if next_stateful < len(stateful) and stateful[next_stateful] in held:
                    held.discard(stateful[next_stateful])
                    heapq.heappush(ready, stateful[next_stateful])

        try:
            while True:
                while ready:
                    node = nodes[heapq.heappop(ready)]
                    if node.id in chained:
                        settle(node)
                        continue
                    if node.stateful and stateful[next_stateful] != node.position:
                        held.add(node.position)
                        continue
                    if run.clock.monotonic() > run.deadline:
                        raise _Failed(run.timeout_error())
                    if node.edges_in and not should_run(node.edges_in, results):
                        self._skip(node, run)
                        settle(node)
                        continue
                    if node.guard is None and not node.is_async:
                        self._call_inline(node, run)
                        settle(node)
                        continue
                    if len(in_flight) >= limit:
                        heapq.heappush(parked, node.position)
                        continue
                    if node.guard is not None:
                        task = asyncio.ensure_future(self._run_chain(node, run))
                    else:
                        inputs = [results[s] for s in node.sources if s in results]
                        task = asyncio.ensure_future(
                            self._invoke(node, inputs, run, NodeContext(node, run))
                        )
                    task.add_done_callback(on_done)
                    in_flight[task] = node
                if not in_flight:
                    break
                if not finished:
                    waiter = loop.create_future()
                    timeout = run.remaining()
                    timer = (
                        None
                        if math.isinf(timeout)
                        else loop.call_later(max(timeout, 0.0), wake, waiter)
                    )
                    try:
                        await waiter
                    finally:
                        waiter = None
                        if timer is not None:
                            timer.cancel()
                    if not finished:
                        raise _Failed(run.timeout_error())
                done = sorted(finished, key=lambda t: in_flight[t].position)
                finished.clear()
                for task in done:
                    node = in_flight.pop(task)
                    exc = task.exception()
                    if exc is not None:
                        if isinstance(exc, _Failed):
                            raise exc
                        if isinstance(exc, ThaiyyalError):
                            raise _Failed(exc)
                        raise _Failed(self._failure(node, run, exc, 0.0))
                    if node.guard is None:
                        results[node.id] = task.result()
                        settle(node)
                        continue
                    found = task.result()
                    member: PlannedNode | None = node
                    while member is not None:
                        if member.id in found:
                            results[member.id] = found[member.id]
                        if member is not node:
                            chained.add(member.id)
                        member = by_id[member.guard] if member.guard is not None else None
                    settle(node)
                while parked and len(in_flight) < limit:
                    heapq.heappush(ready, heapq.heappop(parked))
        finally:
            if in_flight:
                for task in in_flight:
                    task.cancel()
                await asyncio.gather(*in_flight, return_exceptions=True)

    # ------------------------------------------------------------------ results

    @staticmethod
    def _result(
        plan: Plan, run: RunContext, error: ThaiyyalError | None, elapsed: float
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
        skipped_set = set(run.skipped)
        durations = run.durations
        return RunResult(
            execution_id=run.info.execution_id,
            workflow_id=run.info.workflow_id,
            node_results=ordered,
            final_output=final,
            skipped=tuple(n.id for n in plan.nodes if n.id in skipped_set),
            durations={n.id: durations[n.id] for n in plan.nodes if n.id in durations},
            duration=elapsed,
            error=error,
            subworkflows=dict(run.subruns),
        )

    def _notify(self, hook: Any, **kwargs: Any) -> None:
        try:
            hook(**kwargs)
        except Exception:
            logger.opt(exception=True).warning("an observer failed; the run continues")
