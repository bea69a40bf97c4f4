"""The workflow payload as attrs objects, and its decoding from JSON.

A payload is ``{"workflow_id"?, "nodes": [...], "edges": [...]}``; other top-level keys
(``name``, ``description``, ``viewport``, ...) are ignored. Keys of the payload, its nodes
and its edges match case-insensitively when there is no exact match. Decoding collects
every problem it finds instead of stopping at the first, so an editor can show them all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from .converter import json_type_name
from .errors import InvalidWorkflow, Problem
from .inference import infer_type

__all__ = ["Edge", "Node", "Workflow", "decode_payload", "parse_json"]

_PREFIX = "failed to parse payload: "


@attrs.frozen
class Node:
    """One node of the payload: its id, its (possibly inferred) type and its raw ``data``."""

    id: str
    type: str
    data: Mapping[str, Any]
    index: int = 0
    inferred: bool = False


@attrs.frozen
class Edge:
    """A directed edge. ``handle`` is ``sourceHandle``, or the legacy ``condition`` alias.

    An edge with a handle (any string, even ``""``) is conditional: it fires only when its
    source's result satisfies the handle. ``target_handle`` is kept but never used: there
    are no named input ports.
    """

    source: str
    target: str
    handle: str | None = None
    id: str = ""
    target_handle: str | None = None
    index: int = 0


@attrs.frozen
class Workflow:
    """A decoded payload (not yet validated against the installed node types)."""

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    workflow_id: str = ""


def _get(obj: Mapping[str, Any], key: str) -> Any:
    """``obj[key]``, else the value of a key equal to ``key`` ignoring case, else None."""
    if key in obj:
        return obj[key]
    lowered = key.lower()
    for k, v in obj.items():
        if isinstance(k, str) and k.lower() == lowered:
            return v
    return None


def _has_exact_keys(obj: Mapping[str, Any], keys: frozenset[str]) -> bool:
    return obj.keys() <= keys


_NODE_KEYS = frozenset({"id", "type", "data", "position", "width", "height", "selected"})
_EDGE_KEYS = frozenset({"id", "source", "target", "sourceHandle", "targetHandle", "condition"})


def parse_json(payload: bytes | str, max_bytes: int = 0) -> Any:
    """Decode payload text, enforcing the payload size limit (0 = unlimited)."""
    size = len(payload.encode() if isinstance(payload, str) else payload)
    if max_bytes and size > max_bytes:
        raise InvalidWorkflow(
            [
                Problem(
                    f"workflow size {size} bytes exceeds limit {max_bytes} bytes",
                    field="payload",
                )
            ]
        )
    try:
        return json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidWorkflow([Problem(f"{_PREFIX}invalid JSON: {exc}", field="payload")]) from None
    except RecursionError:
        raise InvalidWorkflow(
            [Problem(f"{_PREFIX}invalid JSON: nested too deeply", field="payload")]
        ) from None


def _decode_node(raw: Any, index: int, problems: list[Problem]) -> Node | None:
    # The common case, checked cheaply; anything unusual takes the careful path below.
    if type(raw) is dict and raw.keys() <= _NODE_KEYS:
        node_id = raw.get("id")
        type_name = raw.get("type")
        data = raw.get("data")
        if (
            type(node_id) is str
            and node_id
            and type(data) is dict
            and (type_name is None or type(type_name) is str)
            and (data.get("label") is None or type(data["label"]) is str)
        ):
            if type_name:
                return Node(node_id, type_name, data, index, False)
            return Node(node_id, infer_type(data), data, index, True)
    return _decode_node_carefully(raw, index, problems)


def _decode_node_carefully(raw: Any, index: int, problems: list[Problem]) -> Node | None:
    where = f"nodes[{index}]"
    if not isinstance(raw, Mapping):
        problems.append(
            Problem(
                f"{_PREFIX}failed to unmarshal node: {where}: expected a node object, "
                f"got {json_type_name(raw)}",
                node_index=index,
            )
        )
        return None
    fast = _has_exact_keys(raw, _NODE_KEYS)
    node_id = raw.get("id") if fast else _get(raw, "id")
    if not isinstance(node_id, str) or not node_id:
        got = "an empty string" if node_id == "" else json_type_name(node_id)
        problems.append(
            Problem(
                f"{_PREFIX}failed to unmarshal node: {where}.id: node id must be a non-empty "
                f"string, got {got}",
                node_index=index,
                field="id",
            )
        )
        return None
    type_name = raw.get("type") if fast else _get(raw, "type")
    if type_name is not None and not isinstance(type_name, str):
        problems.append(
            Problem(
                f"{_PREFIX}failed to unmarshal node: node {node_id}: type must be a string, "
                f"got {json_type_name(type_name)}",
                node_id=node_id,
                node_index=index,
                field="type",
            )
        )
        return None
    data = raw.get("data") if fast else _get(raw, "data")
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        shown = type_name or "unknown"
        problems.append(
            Problem(
                f"{_PREFIX}failed to unmarshal data for node {node_id} (type {shown}): "
                f"data must be an object, got {json_type_name(data)}",
                node_id=node_id,
                node_index=index,
                field="data",
            )
        )
        return None
    label = data.get("label")
    if label is not None and not isinstance(label, str):
        problems.append(
            Problem(
                f"{_PREFIX}failed to unmarshal data for node {node_id}: field label: "
                f"expected a string, got {json_type_name(label)}",
                node_id=node_id,
                node_index=index,
                field="label",
            )
        )
    inferred = not type_name
    if inferred:
        type_name = infer_type(data)
    return Node(node_id, type_name or "", data, index, inferred)


def _decode_edge(raw: Any, index: int, problems: list[Problem]) -> Edge | None:
    # The common case, checked cheaply; anything unusual takes the careful path below.
    if type(raw) is dict and raw.keys() <= _EDGE_KEYS:
        source = raw.get("source")
        target = raw.get("target")
        handle = raw.get("sourceHandle")
        legacy = raw.get("condition")
        edge_id = raw.get("id")
        target_handle = raw.get("targetHandle")
        if (
            type(source) is str
            and type(target) is str
            and (handle is None or type(handle) is str)
            and (legacy is None or type(legacy) is str)
            and (edge_id is None or type(edge_id) is str)
            and (target_handle is None or type(target_handle) is str)
        ):
            return Edge(
                source,
                target,
                legacy if handle is None else handle,
                edge_id or "",
                target_handle,
                index,
            )
    return _decode_edge_carefully(raw, index, problems)


def _decode_edge_carefully(raw: Any, index: int, problems: list[Problem]) -> Edge | None:
    where = f"edges[{index}]"
    if not isinstance(raw, Mapping):
        problems.append(
            Problem(
                f"{_PREFIX}failed to unmarshal edge: {where}: expected an edge object, "
                f"got {json_type_name(raw)}",
                edge_index=index,
            )
        )
        return None
    fast = _has_exact_keys(raw, _EDGE_KEYS)
    values = {k: (raw.get(k) if fast else _get(raw, k)) for k in _EDGE_KEYS}
    ok = True
    for key in ("source", "target"):
        if not isinstance(values[key], str):
            problems.append(
                Problem(
                    f"{_PREFIX}failed to unmarshal edge: {where}.{key}: expected a node id "
                    f"string, got {json_type_name(values[key])}",
                    edge_index=index,
                    field=key,
                )
            )
            ok = False
    for key in ("id", "sourceHandle", "targetHandle", "condition"):
        value = values[key]
        if value is not None and not isinstance(value, str):
            problems.append(
                Problem(
                    f"{_PREFIX}failed to unmarshal edge: {where}.{key}: expected a string, "
                    f"got {json_type_name(value)}",
                    edge_index=index,
                    field=key,
                )
            )
            ok = False
    if not ok:
        return None
    handle = values["sourceHandle"]
    if handle is None:
        handle = values["condition"]
    return Edge(
        source=str(values["source"]),
        target=str(values["target"]),
        handle=handle,
        id=values["id"] or "",
        target_handle=values["targetHandle"],
        index=index,
    )


def _list_field(top: Mapping[str, Any], key: str, problems: list[Problem]) -> list[Any]:
    value = _get(top, key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(
            Problem(
                f"{_PREFIX}field {key}: expected an array, got {json_type_name(value)}", field=key
            )
        )
        return []
    return value


def decode_payload(raw: Any, problems: list[Problem] | None = None) -> Workflow:
    """Turn a decoded JSON payload into a :class:`Workflow`.

    Envelope problems (a node that is not an object, an id that is not a string, ...) are
    appended to ``problems`` and the broken entries left out, so later checks can still
    report everything else; without a ``problems`` list they raise
    :class:`~thaiyyal.InvalidWorkflow` at once.
    """
    collect = problems is not None
    if problems is None:
        problems = []
    if raw is None:
        return Workflow()
    if not isinstance(raw, Mapping):
        raise InvalidWorkflow(
            [
                Problem(
                    f"{_PREFIX}expected a JSON object at the top level, got {json_type_name(raw)}",
                    field="payload",
                )
            ]
        )
    workflow_id = _get(raw, "workflow_id")
    if workflow_id is None:
        workflow_id = ""
    elif not isinstance(workflow_id, str):
        problems.append(
            Problem(
                f"{_PREFIX}field workflow_id: expected a string, got {json_type_name(workflow_id)}",
                field="workflow_id",
            )
        )
        workflow_id = ""
    nodes = [
        n
        for i, r in enumerate(_list_field(raw, "nodes", problems))
        if (n := _decode_node(r, i, problems)) is not None
    ]
    edges = [
        e
        for i, r in enumerate(_list_field(raw, "edges", problems))
        if (e := _decode_edge(r, i, problems)) is not None
    ]
    if problems and not collect:
        raise InvalidWorkflow(problems)
    return Workflow(tuple(nodes), tuple(edges), workflow_id)
