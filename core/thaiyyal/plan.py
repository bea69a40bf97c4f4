"""Validation and planning: from a decoded :class:`Workflow` to an immutable :class:`Plan`.

Everything that can be known before running is checked here, and every problem is reported
together: limits, unique ids, edge endpoints, known node types, node configs (structured by
cattrs, then the node type's own checks), references to other nodes, and acyclicity. The
plan then fixes the canonical order, each node's inputs in payload edge order, what each
node waits for, and the middleware chain around each node. Plans hold no run state, so one
plan can run any number of times, concurrently.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from .config import EngineConfig
from .converter import ConversionFailed, match_keys, missing_required, structure_matched
from .errors import ConfigError, InvalidWorkflow, Problem
from .graph import canonical_order, find_cycle
from .model import Node, Workflow
from .nodes import LoadContext, NodeType, RegisteredNodeType
from .plugins import PluginSet

__all__ = ["Plan", "PlannedNode", "build_plan", "structure_config"]

NodeCall = Callable[[Any, list[Any], Any], Any]

_PARSE = "failed to parse payload: "


class PlannedNode(NamedTuple):
    """A node ready to run: its config structured, its inputs and dependencies resolved.

    A named tuple rather than an attrs class: plans of many thousands of nodes are built
    on every load, and an immutable tuple is several times cheaper to create than a frozen
    attrs instance with this many fields, while reading the same.
    """

    id: str
    type_name: str
    #: place in the canonical order
    position: int
    node: Node
    config: Any
    node_type: NodeType[Any]
    plugin: str
    #: the callable the engine invokes: ``call(config, inputs, ctx)``
    call: NodeCall
    #: whether ``call`` returns an awaitable
    is_async: bool
    #: incoming edges in payload order as ``(source id, handle or None)``
    edges_in: tuple[tuple[str, str | None], ...]
    #: the source of each incoming edge, in payload order (inputs are gathered from these)
    sources: tuple[str, ...]
    #: distinct nodes that must settle before this one is considered
    waits_for: tuple[str, ...]
    #: distinct nodes that wait for this one
    successors: tuple[str, ...]
    stateful: bool
    terminal: bool
    context_node: bool
    array_key: str | None
    #: id of the resilience node wrapping this node (it runs under that node's guard)
    guard: str | None = None
    #: for a resilience node: id of the node it wraps
    wraps: str | None = None
    #: what the node type's ``prepare`` produced at load time
    prepared: Any = None

    @property
    def data(self) -> Mapping[str, Any]:
        return self.node.data


@attrs.frozen(eq=False)
class Plan:
    """An immutable, reusable execution plan."""

    workflow_id: str
    nodes: tuple[PlannedNode, ...]
    by_id: Mapping[str, PlannedNode]
    config: EngineConfig
    warnings: tuple[Problem, ...] = ()

    @functools.cached_property
    def has_async(self) -> bool:
        """Whether any node waits (then runs go through the scheduler, not inline)."""
        return any(n.is_async or n.guard is not None for n in self.nodes)

    @property
    def order(self) -> list[str]:
        return [n.id for n in self.nodes]


def _config_problem(node: Node, message: str, field: str | None) -> Problem:
    where = f"field {field}: " if field else ""
    return Problem(
        f"{_PARSE}failed to unmarshal data for node {node.id} (type {node.type}): {where}{message}",
        node_id=node.id,
        field=field,
        node_index=node.index,
    )


def structure_config(
    registered: RegisteredNodeType,
    node: Node,
    problems: list[Problem],
    load: LoadContext | None = None,
) -> Any | None:
    """Structure and check one node's config, appending problems; None when it failed."""
    node_type = registered.node_type
    config_cls = node_type.Config
    data = node.data
    before = len(problems)
    if registered.checks_data:
        for message in node_type.check_data(data):
            problems.append(_config_problem(node, message, None))
    matched = match_keys(data, config_cls)
    missing = missing_required(matched, config_cls)
    if missing:
        for name in missing:
            problem = _config_problem(node, f"missing required field: {name}", None)
            problems.append(attrs.evolve(problem, field=name))
        return None
    if len(problems) > before:
        return None
    try:
        config = structure_matched(matched, config_cls)
    except ConversionFailed as failed:
        for path, message in failed.problems:
            problems.append(_config_problem(node, message, path or None))
        return None
    if not registered.checks_config and not (registered.checks_engine and load is not None):
        return config
    try:
        checks = list(node_type.check_config(config))
        if not checks and registered.checks_engine and load is not None:
            checks = list(node_type.check_engine(config, load))
    except ConfigError as exc:  # a check that raises instead of yielding
        checks = [exc]
    for error in checks:
        field = f"field {error.field}: " if error.field else ""
        problems.append(
            Problem(
                f"invalid config for node {node.id} (type {node.type}): {field}{error.message}",
                node_id=node.id,
                field=error.field,
                node_index=node.index,
            )
        )
    return None if len(problems) > before else config


_SCALAR_TYPES = frozenset({str, int, bool, type(None)})


def _config_key(node: Node) -> tuple[Any, ...] | None:
    """A key equal for nodes whose configs are bound to come out equal, or None.

    Editors repeat configs a lot (every pass-through node of a chain, every ``add``), and
    structuring and checking one costs several microseconds. Configs are immutable and
    depend only on the type and ``data``, so nodes whose ``data`` holds the same scalars
    share one config object. Types are part of the key (``1``, ``1.0`` and ``true`` compare
    equal in Python) and floats are keyed by ``repr`` (``0.0`` equals ``-0.0``). ``data``
    holding anything else is not shared.
    """
    key: list[Any] = [node.type]
    append = key.append
    for name, value in node.data.items():
        kind = value.__class__
        if kind is float:
            value = repr(value)
        elif kind not in _SCALAR_TYPES:
            return None
        append(name)
        append(kind)
        append(value)
    return tuple(key)


def _unknown_type(node: Node) -> Problem:
    if node.type:
        hint = f"no installed plugin provides node type {node.type!r}"
    else:
        hint = "the node has no type and its data matches no known node type"
    return Problem(
        f"node {node.id}: no executor registered for type: {node.type} ({hint})",
        node_id=node.id,
        field="type",
        node_index=node.index,
    )


def _check_sizes(workflow: Workflow, config: EngineConfig, problems: list[Problem]) -> None:
    if config.max_nodes and len(workflow.nodes) > config.max_nodes:
        problems.append(
            Problem(
                f"workflow has {len(workflow.nodes)} nodes, exceeds limit of {config.max_nodes}",
                field="nodes",
            )
        )
    if config.max_edges and len(workflow.edges) > config.max_edges:
        problems.append(
            Problem(
                f"workflow has {len(workflow.edges)} edges, exceeds limit of {config.max_edges}",
                field="edges",
            )
        )


def _check_edges(workflow: Workflow, ids: Mapping[str, Node], problems: list[Problem]) -> bool:
    ok = True
    for edge in workflow.edges:
        if edge.source in ids and edge.target in ids:
            continue
        for role, node_id in (("source", edge.source), ("target", edge.target)):
            if node_id not in ids:
                problems.append(
                    Problem(
                        f"edge {edge.index} ({edge.source} -> {edge.target}): {role} "
                        f"{node_id!r} is not a node of this workflow",
                        edge_index=edge.index,
                        field=role,
                    )
                )
                ok = False
    return ok


def _unique_nodes(workflow: Workflow, problems: list[Problem]) -> dict[str, Node]:
    ids: dict[str, Node] = {}
    for node in workflow.nodes:
        first = ids.get(node.id)
        if first is not None:
            problems.append(
                Problem(
                    f"duplicate node id {node.id!r} (nodes[{first.index}] and nodes[{node.index}])",
                    node_id=node.id,
                    field="id",
                    node_index=node.index,
                )
            )
            continue
        ids[node.id] = node
    return ids


def build_plan(
    workflow: Workflow,
    plugins: PluginSet,
    config: EngineConfig,
    problems: list[Problem] | None = None,
    middleware: Callable[[PlannedNode], PlannedNode] | None = None,
    load: LoadContext | None = None,
) -> Plan:
    """Validate ``workflow`` and plan it; raises :class:`InvalidWorkflow` with every problem.

    ``problems`` may already hold problems found while decoding the payload; they are
    reported together with the ones found here. ``load`` tells node types about the engine
    (its services, how to plan nested workflows) for :meth:`~thaiyyal.NodeType.check_engine`
    and :meth:`~thaiyyal.NodeType.prepare`.
    """
    problems = [] if problems is None else problems
    load = load or LoadContext(config)
    _check_sizes(workflow, config, problems)
    ids = _unique_nodes(workflow, problems)

    configs: dict[str, Any] = {}
    registered_of: dict[str, RegisteredNodeType] = {}
    shared: dict[tuple[Any, ...], Any] = {}
    for node in ids.values():
        registered = plugins.node_types.get(node.type)
        if registered is None:
            problems.append(_unknown_type(node))
            continue
        registered_of[node.id] = registered
        key = _config_key(node)
        config_value = shared.get(key) if key is not None else None
        if config_value is None:
            config_value = structure_config(registered, node, problems, load)
            if config_value is None:
                continue
            if key is not None:
                shared[key] = config_value
        configs[node.id] = config_value

    edges_ok = _check_edges(workflow, ids, problems)
    wrapped_by = _check_guards(workflow, registered_of, problems) if edges_ok else {}
    prepared = _prepare(ids, configs, registered_of, load, problems)
    order: list[str] = []
    if edges_ok:
        pairs = [(e.source, e.target) for e in workflow.edges]
        order, stuck = canonical_order(list(ids), pairs)
        if stuck:
            cycle = find_cycle(stuck, pairs)
            problems.append(
                Problem(
                    "workflow contains cycles (circular dependencies): " + " -> ".join(cycle),
                    node_id=cycle[0] if cycle else None,
                )
            )
    position = {node_id: i for i, node_id in enumerate(order)}

    references: dict[str, list[str]] = {}
    for node_id, config_value in configs.items():
        node_type = registered_of[node_id].node_type
        for field, ref in node_type.node_references(config_value):
            if ref not in ids:
                problems.append(
                    Problem(
                        f"node {node_id}: field {field} reads node.{ref}, which is not a node "
                        "of this workflow",
                        node_id=node_id,
                        field=field,
                    )
                )
            elif ref in position and node_id in position and position[ref] >= position[node_id]:
                # (a node left out of the order by a cycle is already reported as such)
                problems.append(
                    Problem(
                        f"node {node_id}: field {field} reads node.{ref}, which does not run "
                        f"before {node_id} (it must come earlier in the workflow's order)",
                        node_id=node_id,
                        field=field,
                    )
                )
            else:
                references.setdefault(node_id, []).append(ref)

    if problems:
        raise InvalidWorkflow(problems)
    plan = _assemble(
        workflow, order, ids, configs, registered_of, references, config, wrapped_by, prepared
    )
    if middleware is not None:
        plan = _wrap_middleware(plan, middleware)
    return plan


def _wrap_middleware(plan: Plan, middleware: Callable[[PlannedNode], PlannedNode]) -> Plan:
    """Apply middleware factories; a factory rejecting a node's settings (for example a
    bad ``policy``) raises ConfigError, reported like any other config problem."""
    problems: list[Problem] = []
    nodes = list(plan.nodes)
    changed = False
    for position, node in enumerate(plan.nodes):
        try:
            wrapped = middleware(node)
        except ConfigError as exc:
            field = f"field {exc.field}: " if exc.field else ""
            problems.append(
                Problem(
                    f"invalid config for node {node.id} (type {node.type_name}): "
                    f"{field}{exc.message}",
                    node_id=node.id,
                    field=exc.field,
                    node_index=node.node.index,
                )
            )
            continue
        if wrapped is not node:
            nodes[position] = wrapped
            changed = True
    if problems:
        raise InvalidWorkflow(problems)
    if not changed:
        return plan
    return attrs.evolve(plan, nodes=tuple(nodes), by_id=MappingProxyType({n.id: n for n in nodes}))


def _check_guards(
    workflow: Workflow, registered_of: Mapping[str, RegisteredNodeType], problems: list[Problem]
) -> dict[str, str]:
    """``{wrapped node: resilience node}`` for every resilience node, checking each wraps
    exactly one node through one unconditional edge, and no node is wrapped twice."""
    incoming: dict[str, list[tuple[str, str | None]]] = {}
    for edge in workflow.edges:
        registered = registered_of.get(edge.target)
        if registered is not None and registered.node_type.guards_upstream:
            incoming.setdefault(edge.target, []).append((edge.source, edge.handle))
    wrapped_by: dict[str, str] = {}
    for node_id, registered in registered_of.items():
        if not registered.node_type.guards_upstream:
            continue
        type_name = registered.type_name
        edges = incoming.get(node_id, [])
        where = f"node {node_id} (type {type_name})"
        if len(edges) != 1:
            problems.append(
                Problem(
                    f"{where}: a {type_name} node wraps the one node that feeds it, so it needs "
                    f"exactly one incoming edge, got {len(edges)}",
                    node_id=node_id,
                    field="edges",
                )
            )
            continue
        source, handle = edges[0]
        if handle is not None:
            problems.append(
                Problem(
                    f"{where}: the edge from the node it wraps ({source}) cannot carry a "
                    f"handle, got {handle!r}",
                    node_id=node_id,
                    field="sourceHandle",
                )
            )
            continue
        other = wrapped_by.get(source)
        if other is not None:
            problems.append(
                Problem(
                    f"node {source} is wrapped by two resilience nodes: {other} and {node_id}",
                    node_id=source,
                    field="edges",
                )
            )
            continue
        wrapped_by[source] = node_id
    return wrapped_by


def _prepare(
    ids: Mapping[str, Node],
    configs: Mapping[str, Any],
    registered_of: Mapping[str, RegisteredNodeType],
    load: LoadContext,
    problems: list[Problem],
) -> dict[str, Any]:
    prepared: dict[str, Any] = {}
    for node_id, config_value in configs.items():
        registered = registered_of[node_id]
        if not registered.prepares:
            continue
        node = ids[node_id]
        where = f"node {node_id} (type {node.type})"
        try:
            prepared[node_id] = registered.node_type.prepare(config_value, load)
        except ConfigError as exc:
            field = f"field {exc.field}: " if exc.field else ""
            problems.append(
                Problem(
                    f"invalid config for {where}: {field}{exc.message}",
                    node_id=node_id,
                    field=exc.field,
                    node_index=node.index,
                )
            )
        except InvalidWorkflow as exc:
            for inner in exc.problems:
                problems.append(
                    Problem(
                        f"{where}: in its sub-workflow: {inner.message}",
                        node_id=node_id,
                        field="workflow",
                        node_index=node.index,
                    )
                )
    return prepared


def _assemble(
    workflow: Workflow,
    order: list[str],
    ids: Mapping[str, Node],
    configs: Mapping[str, Any],
    registered_of: Mapping[str, RegisteredNodeType],
    references: Mapping[str, list[str]],
    config: EngineConfig,
    wrapped_by: Mapping[str, str],
    prepared: Mapping[str, Any],
) -> Plan:
    edges_in: dict[str, list[tuple[str, str | None]]] = {node_id: [] for node_id in order}
    sources_in: dict[str, list[str]] = {node_id: [] for node_id in order}
    successors: dict[str, list[str]] = {node_id: [] for node_id in order}
    warnings: list[Problem] = []
    for edge in workflow.edges:
        source, target, handle = edge.source, edge.target, edge.handle
        edges_in[target].append((source, handle))
        sources_in[target].append(source)
        if handle is not None and not registered_of[source].node_type.routes:
            warnings.append(
                Problem(
                    f"edge {source} -> {target} has handle {handle!r}, but "
                    f"{registered_of[source].type_name} nodes never route: it only fires "
                    "when the result happens to carry that route",
                    node_id=target,
                    field="sourceHandle",
                    edge_index=edge.index,
                )
            )

    waits: dict[str, tuple[str, ...]] = {}
    for node_id in order:
        sources = sources_in[node_id]
        refs = references.get(node_id)
        if refs:
            deps = tuple(dict.fromkeys(sources + refs))
        elif len(sources) < 2:
            deps = tuple(sources)
        else:
            deps = tuple(dict.fromkeys(sources))
        waits[node_id] = deps
        for dep in deps:
            successors[dep].append(node_id)
    edge_sources = {edge.source for edge in workflow.edges}
    wraps = {guard: wrapped for wrapped, guard in wrapped_by.items()}

    # What depends only on the node type, looked up once per type rather than per node.
    per_type: dict[str, tuple[Any, ...]] = {}
    for registered in {r.type_name: r for r in registered_of.values()}.values():
        node_type = registered.node_type
        per_type[registered.type_name] = (
            registered.type_name,
            node_type,
            registered.plugin,
            node_type.run,
            registered.is_async,
            node_type.context_node,
            node_type.array_key,
            type(node_type).is_stateful is not NodeType.is_stateful,
        )

    planned: list[PlannedNode] = []
    append = planned.append
    for index, node_id in enumerate(order):
        type_name, node_type, plugin, run, is_async, context_node, array_key, dynamic = per_type[
            registered_of[node_id].type_name
        ]
        config_value = configs[node_id]
        append(
            PlannedNode(
                node_id,
                type_name,
                index,
                ids[node_id],
                config_value,
                node_type,
                plugin,
                run,
                is_async,
                tuple(edges_in[node_id]),
                tuple(sources_in[node_id]),
                waits[node_id],
                tuple(successors[node_id]),
                node_type.is_stateful(config_value) if dynamic else node_type.stateful,
                node_id not in edge_sources,
                context_node,
                array_key,
                wrapped_by.get(node_id),
                wraps.get(node_id),
                prepared.get(node_id),
            )
        )
    by_id = MappingProxyType({n.id: n for n in planned})
    return Plan(workflow.workflow_id, tuple(planned), by_id, config, tuple(warnings))
