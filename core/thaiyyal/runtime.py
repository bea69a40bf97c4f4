"""What a node sees while it runs: :class:`NodeContext`, and the per-run :class:`RunContext`."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .clock import Clock
from .config import EngineConfig
from .durations import format_seconds
from .errors import LimitExceeded, RunTimeout
from .limits import Memo, ValueLimits
from .resources import Resources
from .state import RunState
from .templates import interpolate

if TYPE_CHECKING:
    from loguru import Logger

    from .nodes import Outcome
    from .plan import Plan, PlannedNode
    from .results import RunResult

__all__ = ["Counters", "NodeContext", "RunContext", "RunInfo", "new_execution_id"]

T = TypeVar("T")


def new_execution_id() -> str:
    """16 lowercase hex characters, as the reference writes execution ids."""
    return secrets.token_hex(8)


@attrs.frozen
class RunInfo:
    """Identity of a run, handed to observers."""

    execution_id: str
    workflow_id: str
    started_at: float


class Counters:
    """Run-wide counters, shared by a run and every sub-workflow run inside it, so limits
    such as ``max_node_executions`` count loop-body nodes too."""

    __slots__ = ("executions", "http_calls")

    def __init__(self) -> None:
        self.executions = 0
        self.http_calls = 0


class RunContext:
    """Everything one run shares between its nodes. Created by the engine per run (and per
    sub-workflow run, which shares the counters, deadline and resources of its parent)."""

    __slots__ = (
        "clock",
        "config",
        "counters",
        "deadline",
        "depth",
        "durations",
        "engine",
        "info",
        "limits",
        "logger",
        "plan",
        "resources",
        "results",
        "services",
        "skipped",
        "state",
        "subruns",
        "value_memo",
    )

    def __init__(
        self,
        *,
        plan: Plan,
        config: EngineConfig,
        state: RunState,
        clock: Clock,
        services: Mapping[str, Any],
        resources: Resources,
        logger: Logger,
        info: RunInfo,
        deadline: float,
        depth: int = 0,
        counters: Counters | None = None,
        engine: Any = None,
    ) -> None:
        self.plan = plan
        self.config = config
        self.state = state
        self.clock = clock
        self.services = services
        self.resources = resources
        self.logger = logger
        self.info = info
        self.deadline = deadline
        self.depth = depth
        self.results: dict[str, Any] = {}
        self.durations: dict[str, float] = {}
        self.skipped: list[str] = []
        self.subruns: dict[str, RunResult] = {}
        #: big containers already checked against the value limits in this run
        self.value_memo: Memo = {}
        self.counters = counters if counters is not None else Counters()
        self.engine = engine
        self.limits = ValueLimits(config)

    def timeout_error(self) -> RunTimeout:
        limit = self.config.max_execution_time
        return RunTimeout(f"workflow execution timeout: exceeded {format_seconds(limit)}", limit)

    def remaining(self) -> float:
        return self.deadline - self.clock.monotonic()


class NodeContext:
    """The run as one node sees it. Node code receives it as ``ctx``."""

    __slots__ = ("node", "outcome", "run")

    def __init__(self, node: PlannedNode, run: RunContext) -> None:
        self.node = node
        self.run = run
        #: for a resilience node: what happened to the node it wraps (set by the engine)
        self.outcome: Outcome | None = None

    @property
    def node_id(self) -> str:
        return self.node.id

    @property
    def type_name(self) -> str:
        return self.node.type_name

    @property
    def config(self) -> EngineConfig:
        """The engine configuration (limits and switches)."""
        return self.run.config

    @property
    def state(self) -> RunState:
        """Run state: variables, accumulator, counter, cache, context values."""
        return self.run.state

    @property
    def results(self) -> Mapping[str, Any]:
        """Results of the nodes that ran so far, by node id (read-only by convention)."""
        return self.run.results

    @property
    def clock(self) -> Clock:
        return self.run.clock

    @property
    def services(self) -> Mapping[str, Any]:
        """Engine-wide shared resources registered by plugins (HTTP sessions, stores)."""
        return self.run.services

    def resource(self, name: str, factory: Callable[[], T]) -> T:
        """An engine-wide shared resource, created by ``factory`` on first use."""
        return self.run.resources.get(name, factory)

    @property
    def prepared(self) -> Any:
        """What the node type's ``prepare`` produced for this node at load time."""
        return self.node.prepared

    @property
    def depth(self) -> int:
        """How deeply this run is nested in sub-workflow runs (0 at the top)."""
        return self.run.depth

    async def run_workflow(
        self,
        plan: Plan,
        *,
        variables: Mapping[str, Any] | None = None,
        state: RunState | None = None,
        report: bool = False,
    ) -> RunResult:
        """Run ``plan`` as a sub-workflow of this run and return its result.

        The sub-run shares this run's deadline, node-execution and HTTP-call counters,
        resources and cancellation, and counts one level of nesting
        (``max_subworkflow_depth``). It gets ``state`` when given, else fresh state, with
        ``variables`` set first. A failing sub-run is reported in its result; cancelling
        this node cancels it. With ``report`` the sub-run's result is reported under this
        node in the run result (``subworkflows``).
        """
        engine = self.run.engine
        if engine is None:  # pragma: no cover - contexts are always made by an engine
            raise RuntimeError("this context does not belong to an engine")
        result: RunResult = await engine.run_child(self.run, plan, variables=variables, state=state)
        if report:
            self.run.subruns[self.node.id] = result
        return result

    @property
    def execution_id(self) -> str:
        return self.run.info.execution_id

    @property
    def workflow_id(self) -> str:
        return self.run.info.workflow_id

    @property
    def logger(self) -> Logger:
        """A loguru logger bound to the run and this node."""
        return self.run.logger.bind(node_id=self.node.id, node_type=self.node.type_name)

    def input_sources(self) -> list[str]:
        """The id of the node that produced each input, in input order."""
        results = self.run.results
        return [source for source in self.node.sources if source in results]

    def array_input(self, inputs: list[Any], index: int = 0) -> Any:
        """``inputs[index]``, unwrapped when it is the wrapped array result of an array node.

        Array nodes return objects such as ``{"sorted": [...], "count": 3}``; each such node
        type declares the key of its primary array (``NodeType.array_key``). When the input
        came from such a node and holds a list under that key, the list is returned (an
        empty list when the key holds null, as array nodes write empty lists); any other
        value is returned unchanged. Returns None when there is no such input.
        """
        if index >= len(inputs):
            return None
        value = inputs[index]
        if type(value) is not dict:
            return value
        sources = self.input_sources()
        producer = self.run.plan.by_id.get(sources[index]) if index < len(sources) else None
        key = producer.array_key if producer is not None else None
        if key is not None and key in value:
            inner = value[key]
            if type(inner) is list:
                return inner
            if inner is None:
                return []
        return value

    async def sleep(self, seconds: float) -> None:
        """Wait, cancellably, without outliving the run's deadline."""
        remaining = self.run.remaining()
        if seconds > remaining:
            await self.run.clock.sleep(max(0.0, remaining))
            raise self.run.timeout_error()
        await self.run.clock.sleep(seconds)

    def interpolate(self, value: Any) -> Any:
        """``value`` with ``{{ variable.NAME }}`` / ``{{ const.NAME }}`` placeholders filled
        from the run's context values (see :mod:`thaiyyal.templates`); recursive into lists
        and objects, unknown names left as they are, ``value`` itself returned when nothing
        changed. A node using it should be stateful (``templates.has_placeholders``)."""
        state = self.run.state
        return interpolate(value, state.context_variables, state.context_constants)

    def check_value(self, value: Any, what: str = "value") -> None:
        """Raise :class:`LimitExceeded` when ``value`` breaks the engine's size limits."""
        problem = self.run.limits.check(value)
        if problem is not None:
            raise LimitExceeded(f"{what} validation failed: {problem}", limit="value")

    def count_http_call(self) -> None:
        """Count one outgoing HTTP call against ``max_http_calls_per_exec``."""
        run = self.run
        counters = run.counters
        counters.http_calls += 1
        limit = run.config.max_http_calls_per_exec
        if limit and counters.http_calls > limit:
            raise LimitExceeded(
                f"maximum HTTP calls per execution exceeded: {counters.http_calls} "
                f"(limit: {limit})",
                limit="max_http_calls_per_exec",
                value=counters.http_calls,
                maximum=limit,
            )
