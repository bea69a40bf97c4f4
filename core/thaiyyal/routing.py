"""Which nodes run: the routing rule over edge handles.

A node runs when it has no incoming edges; otherwise only incoming edges whose source ran
count: any unconditional edge (no handle) among them makes the node run, and with only
conditional edges it runs when at least one handle is satisfied by its source's result.
A node none of whose sources ran is skipped, so skips propagate down a branch.

A handle ``h`` is satisfied by a result ``r`` when ``r`` is an object and ``r["path"]`` or
``r["output_path"]`` is the string ``h``, or ``h`` is ``"true"``/``"false"`` and the
result's boolean ``true_path``/``false_path`` (else its ``condition_met``) says so. The rule
is generic: any node whose result carries those keys routes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["handle_satisfied", "should_run"]


def handle_satisfied(handle: str, result: Any) -> bool:
    if type(result) is not dict:
        return False
    path = result.get("path")
    if type(path) is str and path == handle:
        return True
    output_path = result.get("output_path")
    if type(output_path) is str and output_path == handle:
        return True
    if handle == "true":
        flag = result.get("true_path")
        if type(flag) is bool:
            return flag
        met = result.get("condition_met")
        return type(met) is bool and met
    if handle == "false":
        flag = result.get("false_path")
        if type(flag) is bool:
            return flag
        met = result.get("condition_met")
        return type(met) is bool and not met
    return False


def should_run(edges_in: Sequence[tuple[str, str | None]], results: Mapping[str, Any]) -> bool:
    """Whether a node with these incoming ``(source, handle)`` edges runs."""
    if not edges_in:
        return True
    live = False
    for source, handle in edges_in:
        if source not in results:
            continue
        if handle is None:
            return True
        if not live and handle_satisfied(handle, results[source]):
            live = True
    return live
