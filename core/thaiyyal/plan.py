"""Validation and planning: from a decoded :class:`Workflow` to an immutable :class:`Plan`.

Everything that can be known before running is checked here, and every problem is reported
together: limits, unique ids, edge endpoints, known node types, node configs (structured by
cattrs, then the node type's own checks), references to other nodes, and acyclicity. The
plan then fixes the canonical order, each node's inputs in payload edge order, what each
node waits for, and the middleware chain around each node. Plans hold no run state, so one
plan can run any number of times, concurrently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .config import EngineConfig
from .converter import ConversionFailed, match_keys, missing_required, structure
from .errors import ConfigError, InvalidWorkflow, Problem
from .graph import canonical_order, find_cycle
from .model import Node, Workflow
from .nodes import NodeType, RegisteredNodeType
from .plugins import PluginSet

__all__ = ["Plan", "PlannedNode", "build_plan", "structure_config"]

NodeCall = Callable[[Any, list[Any], Any], Any]

_PARSE = "failed to parse payload: "


@attrs.frozen(eq=False)
class PlannedNode:
    """A node ready to run: its config structured, its inputs and dependencies resolved."""

    id: str
    type_name: str
    index: int
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

    @property
    def has_async(self) -> bool:
        return any(n.is_async for n in self.nodes)

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
    registered: RegisteredNodeType, node: Node, problems: list[Problem]
) -> Any | None:
    """Structure and check one node's config, appending problems; None when it failed."""
    node_type = registered.node_type
    config_cls = node_type.Config
    data = node.data
    before = len(problems)
    for message in node_type.check_data(data):
        problems.append(_config_problem(node, message, None))
    matched = match_keys(data, config_cls)
    for name in missing_required(matched, config_cls):
        problems.append(
            attrs.evolve(_config_problem(node, f"missing required field: {name}", None), field=name)
        )
    if len(problems) > before:
        return None
    try:
        config = structure(data, config_cls)
    except ConversionFailed as failed:
        for path, message in failed.problems:
            problems.append(_config_problem(node, message, path or None))
        return None
    try:
        checks = list(node_type.check_config(config))
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
) -> Plan:
    """Validate ``workflow`` and plan it; raises :class:`InvalidWorkflow` with every problem.

    ``problems`` may already hold problems found while decoding the payload; they are
    reported together with the ones found here.
    """
    problems = [] if problems is None else problems
    _check_sizes(workflow, config, problems)
    ids = _unique_nodes(workflow, problems)

    configs: dict[str, Any] = {}
    registered_of: dict[str, RegisteredNodeType] = {}
    for node in ids.values():
        registered = plugins.node_types.get(node.type)
        if registered is None:
            problems.append(_unknown_type(node))
            continue
        registered_of[node.id] = registered
        config_value = structure_config(registered, node, problems)
        if config_value is not None:
            configs[node.id] = config_value

    edges_ok = _check_edges(workflow, ids, problems)
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
            elif position and position.get(ref, -1) >= position.get(node_id, -1):
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
    return _assemble(workflow, order, ids, configs, registered_of, references, config, middleware)


def _assemble(
    workflow: Workflow,
    order: list[str],
    ids: Mapping[str, Node],
    configs: Mapping[str, Any],
    registered_of: Mapping[str, RegisteredNodeType],
    references: Mapping[str, list[str]],
    config: EngineConfig,
    middleware: Callable[[PlannedNode], PlannedNode] | None,
) -> Plan:
    edges_in: dict[str, list[tuple[str, str | None]]] = {node_id: [] for node_id in order}
    sources_of_any: set[str] = set()
    for edge in workflow.edges:
        edges_in[edge.target].append((edge.source, edge.handle))
        sources_of_any.add(edge.source)
    waits: dict[str, list[str]] = {}
    successors: dict[str, list[str]] = {node_id: [] for node_id in order}
    for node_id in order:
        seen: dict[str, None] = {}
        for source, _ in edges_in[node_id]:
            seen[source] = None
        for ref in references.get(node_id, ()):
            seen[ref] = None
        waits[node_id] = list(seen)
        for dep in seen:
            successors[dep].append(node_id)

    warnings: list[Problem] = []
    planned: list[PlannedNode] = []
    for index, node_id in enumerate(order):
        registered = registered_of[node_id]
        node_type = registered.node_type
        config_value = configs[node_id]
        incoming = tuple(edges_in[node_id])
        for source, handle in incoming:
            source_type = registered_of[source].node_type
            if handle is not None and not source_type.routes:
                warnings.append(
                    Problem(
                        f"edge {source} -> {node_id} has handle {handle!r}, but "
                        f"{registered_of[source].type_name} nodes never route: it only fires "
                        "when the result happens to carry that route",
                        node_id=node_id,
                        field="sourceHandle",
                    )
                )
        planned_node = PlannedNode(
            id=node_id,
            type_name=registered.type_name,
            index=index,
            node=ids[node_id],
            config=config_value,
            node_type=node_type,
            plugin=registered.plugin,
            call=node_type.run,
            is_async=registered.is_async,
            edges_in=incoming,
            sources=tuple(source for source, _ in incoming),
            waits_for=tuple(waits[node_id]),
            successors=tuple(successors[node_id]),
            stateful=node_type.is_stateful(config_value),
            terminal=node_id not in sources_of_any,
            context_node=node_type.context_node,
            array_key=node_type.array_key,
        )
        if middleware is not None:
            planned_node = middleware(planned_node)
        planned.append(planned_node)
    by_id = MappingProxyType({n.id: n for n in planned})
    return Plan(workflow.workflow_id, tuple(planned), by_id, config, tuple(warnings))
