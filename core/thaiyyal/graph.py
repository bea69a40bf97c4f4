"""Graph algorithms over node ids: the canonical order and cycle reports.

The canonical order decides the order of state side effects, so it must match the
reference exactly: Kahn's algorithm whose initial queue holds the nodes without incoming
edges sorted by id (code-point order, ``"1" < "10" < "2"``), processed first-in first-out,
releasing each node's targets in payload edge order (duplicate edges count separately).
"""

from __future__ import annotations

import graphlib
from collections import deque
from collections.abc import Sequence

__all__ = ["canonical_order", "find_cycle"]


def canonical_order(
    node_ids: Sequence[str], edges: Sequence[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Return ``(order, stuck)``: the canonical order, and the nodes left out by cycles.

    Node ids must be unique and every edge must join two of them (the loader checks both
    before calling this).
    """
    indegree = dict.fromkeys(node_ids, 0)
    targets: dict[str, list[str]] = {node_id: [] for node_id in node_ids}
    for source, target in edges:
        indegree[target] += 1
        targets[source].append(target)
    queue = deque(sorted(node_id for node_id, d in indegree.items() if d == 0))
    order: list[str] = []
    append = order.append
    popleft = queue.popleft
    push = queue.append
    while queue:
        node_id = popleft()
        append(node_id)
        for target in targets[node_id]:
            remaining = indegree[target] - 1
            indegree[target] = remaining
            if remaining == 0:
                push(target)
    stuck = [node_id for node_id in node_ids if indegree[node_id] > 0]
    return order, stuck


def find_cycle(stuck: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[str]:
    """One cycle among ``stuck`` nodes, as ``[a, b, ..., a]`` (for the error message)."""
    members = set(stuck)
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for source, target in edges:
        if source in members and target in members:
            sorter.add(target, source)
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        cycle = list(exc.args[1])
        cycle.reverse()
        return cycle
    return list(stuck)
