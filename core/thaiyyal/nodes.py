"""The node-type contract and the registry that plugins fill.

A node type is a small class: its type string, a category, a frozen attrs ``Config`` class
structured from the node's ``data`` (so a bad config is a load-time error naming the node and
the field), a few flags, and ``run(config, inputs, ctx)``. Quick, pure nodes define a plain
``run`` and are called inline; nodes that wait (HTTP, delay) define ``async def run``.

Plugins add node types through the ``register_node_types`` hook::

    @hookimpl
    def register_node_types(register):
        register(Reverse)
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import attrs

from .errors import ConfigError, PluginError, ThaiyyalError

if TYPE_CHECKING:
    from .plan import Plan
    from .runtime import NodeContext

__all__ = [
    "CATEGORIES",
    "EmptyConfig",
    "LoadContext",
    "NodeType",
    "NodeTypeRegistry",
    "Outcome",
    "RegisteredNodeType",
    "config_fields",
    "node_config",
]

C = TypeVar("C")

CATEGORIES = (
    "input",
    "output",
    "operation",
    "control",
    "array",
    "state",
    "flow",
    "resilience",
    "network",
    "context",
    "other",
)


def node_config(cls: type[C]) -> type[C]:
    """Make ``cls`` a node config: a frozen, keyword-only attrs class.

    Fields without a default are the required fields of the node type; JSON keys are the
    field names (matched case-insensitively when there is no exact match).
    """
    return attrs.frozen(kw_only=True)(cls)


@node_config
class EmptyConfig:
    """Config of node types that take no settings."""


class NodeType(Generic[C]):
    """Base class of every node type.

    Subclasses set ``type_name`` and usually ``Config``, and implement ``run``. One instance
    per engine is created, so ``run`` must not keep per-run state on ``self``; per-run state
    belongs in ``ctx.state``.
    """

    #: The ``type`` string of the payload (``"number"``, ``"sort"``).
    type_name: ClassVar[str]
    #: Palette group, one of :data:`CATEGORIES`.
    category: ClassVar[str] = "other"
    #: The attrs class structured from the node's ``data``.
    Config: ClassVar[type[Any]] = EmptyConfig
    #: True when the node reads or writes run state (variables, counter, cache, context).
    #: Such nodes run in canonical order relative to each other, so results never depend on
    #: scheduling. Override :meth:`is_stateful` when it depends on the config.
    stateful: ClassVar[bool] = False
    #: Key of the primary array in this node's (object) result, e.g. ``"sorted"``. Array
    #: consumers use :meth:`NodeContext.array_input` to unwrap such results.
    array_key: ClassVar[str | None] = None
    #: True when results carry routing keys (``path``/``output_path``/...) by design.
    #: Handles on edges out of other node types earn a load-time warning.
    routes: ClassVar[bool] = False
    #: True for context nodes, whose results only become ``final_output`` when no other
    #: terminal node ran.
    context_node: ClassVar[bool] = False
    #: True for resilience node types (retry, timeout, try_catch) that wrap the node feeding
    #: them: that node runs through :meth:`guard`, so its failure is handled here instead of
    #: failing the run. Such a node needs exactly one, unconditional, incoming edge.
    guards_upstream: ClassVar[bool] = False
    #: False for node types that run sub-workflows (loops with bodies, ``sub_workflow``):
    #: ``max_node_execution_time`` then bounds each node inside them, not the whole call.
    bounded: ClassVar[bool] = True

    def check_data(self, data: Mapping[str, Any]) -> Iterable[str]:
        """Problems with the raw ``data`` object that field types cannot express.

        Runs before structuring; each message is reported as it is. Default: none.
        """
        return ()

    def check_config(self, config: C) -> Iterable[ConfigError]:
        """Config values that are impossible (``range`` step 0, an unknown ``op``).

        Runs at load time, so a bad config rejects the workflow before anything runs.
        """
        return ()

    def check_engine(self, config: C, load: LoadContext) -> Iterable[ConfigError]:
        """Load-time checks that depend on the engine the workflow is loaded into.

        ``load.config`` is the :class:`~thaiyyal.EngineConfig`, ``load.services`` the
        engine's services (for example a registry of named HTTP clients). Runs after
        :meth:`check_config` passed. Default: none.
        """
        return ()

    def prepare(self, config: C, load: LoadContext) -> Any:
        """Load-time preparation whose product the node reads at run time as
        ``ctx.prepared`` (for example the plan of an inline sub-workflow, built once).

        May raise :class:`~thaiyyal.ConfigError`, or :class:`~thaiyyal.InvalidWorkflow`
        for problems inside a nested workflow. Default: nothing to prepare.
        """
        return None

    async def guard(
        self, config: C, attempt: Callable[[], Awaitable[Any]], ctx: NodeContext
    ) -> Outcome:
        """Run the wrapped upstream node through ``attempt()`` (as often as the policy says)
        and report what happened; only for ``guards_upstream`` node types.

        ``attempt()`` runs the wrapped node once and returns its result or raises its
        failure (a :class:`~thaiyyal.ThaiyyalError`). Afterwards the engine calls
        :meth:`run` with ``ctx.outcome`` set to the returned :class:`Outcome`; returning
        anything else, or raising, fails this (the guarding) node.
        """
        raise NotImplementedError(f"{type(self).__name__}.guard is not implemented")

    def is_stateful(self, config: C) -> bool:
        """Whether this node reads or writes run state; see :attr:`stateful`."""
        return self.stateful

    def node_references(self, config: C) -> Iterable[tuple[str, str]]:
        """``(config field, node id)`` pairs for results this node reads by id.

        The engine checks at load time that each id exists and runs earlier, and waits for
        those nodes before running this one.
        """
        return ()

    def run(self, config: C, inputs: list[Any], ctx: NodeContext) -> Any:
        """Compute the node's result (or ``async def run`` for nodes that wait)."""
        raise NotImplementedError(f"{type(self).__name__}.run is not implemented")

    @classmethod
    def description(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.strip().splitlines()[0] if doc.strip() else ""


@attrs.frozen
class LoadContext:
    """What load-time checks may know about the engine a workflow is loaded into."""

    config: Any  # the EngineConfig
    services: Mapping[str, Any] = attrs.field(factory=dict)
    #: plans a nested workflow payload with the same engine (raises InvalidWorkflow)
    plan: Callable[[Any], Plan] | None = None
    #: nesting depth of the workflow being loaded (0 for a top-level workflow)
    depth: int = 0


@attrs.frozen
class Outcome:
    """What happened to a node run under a guard: its result, or the error it ended with."""

    value: Any = None
    error: ThaiyyalError | None = None
    attempts: int = 1
    elapsed: float = 0.0
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def message(self) -> str:
        """The failure's text without the ``error executing node <id>:`` wrapper."""
        if self.error is None:
            return ""
        return str(getattr(self.error, "reason", self.error.message))


@attrs.frozen
class RegisteredNodeType:
    """A node type as the engine holds it: the instance, where it came from, how it runs."""

    type_name: str
    node_type: NodeType[Any]
    plugin: str
    is_async: bool
    #: whether the type overrides ``check_data`` / ``check_config`` (skipped otherwise)
    checks_data: bool = True
    checks_config: bool = True
    checks_engine: bool = False
    prepares: bool = False


def config_fields(config_cls: type) -> list[tuple[str, str, bool, Any]]:
    """``(name, type, required, default)`` for each field of a config class."""
    out = []
    for f in attrs.fields(config_cls):
        raw: Any = f.default
        required = raw is attrs.NOTHING
        default: Any = None
        if not required:
            default = raw.factory() if isinstance(raw, attrs.Factory) else raw  # type: ignore[arg-type]
        type_name = getattr(f.type, "__name__", None) or str(f.type)
        out.append((f.name, str(type_name).replace("typing.", ""), required, default))
    return out


class NodeTypeRegistry:
    """Node types by type string; filled once per plugin set through ``register_node_types``."""

    def __init__(self) -> None:
        self._types: dict[str, RegisteredNodeType] = {}

    def register(self, cls: type[NodeType[Any]], plugin: str) -> None:
        type_name = getattr(cls, "type_name", None)
        if not isinstance(type_name, str) or not type_name:
            raise PluginError(
                f"plugin {plugin!r} registered {cls!r} without a type_name", plugin=plugin
            )
        if not (isinstance(cls, type) and issubclass(cls, NodeType)):
            raise PluginError(
                f"plugin {plugin!r} registered {cls!r} for node type {type_name!r}, "
                "which is not a NodeType subclass",
                plugin=plugin,
            )
        if not attrs.has(cls.Config):
            raise PluginError(
                f"plugin {plugin!r}: {cls.__name__}.Config is not an attrs class "
                "(decorate it with @node_config)",
                plugin=plugin,
            )
        existing = self._types.get(type_name)
        if existing is not None:
            raise PluginError(
                f"node type {type_name!r} is registered by two plugins: "
                f"{existing.plugin!r} and {plugin!r}",
                plugin=plugin,
            )
        if cls.category not in CATEGORIES:
            raise PluginError(
                f"plugin {plugin!r}: node type {type_name!r} has unknown category "
                f"{cls.category!r} (one of {', '.join(CATEGORIES)})",
                plugin=plugin,
            )
        instance = cls()
        is_async = inspect.iscoroutinefunction(cls.run)
        self._types[type_name] = RegisteredNodeType(
            type_name,
            instance,
            plugin,
            is_async,
            checks_data=cls.check_data is not NodeType.check_data,
            checks_config=cls.check_config is not NodeType.check_config,
            checks_engine=cls.check_engine is not NodeType.check_engine,
            prepares=cls.prepare is not NodeType.prepare,
        )

    def registrar(self, plugin: str) -> Callable[[type[NodeType[Any]]], None]:
        """The ``register`` callback handed to one plugin's hook implementation."""

        def register(cls: type[NodeType[Any]]) -> None:
            self.register(cls, plugin)

        return register

    def get(self, type_name: str) -> RegisteredNodeType | None:
        return self._types.get(type_name)

    def __contains__(self, type_name: object) -> bool:
        return type_name in self._types

    def __iter__(self) -> Iterator[RegisteredNodeType]:
        return iter(sorted(self._types.values(), key=lambda r: r.type_name))

    def __len__(self) -> int:
        return len(self._types)
