"""The outcome of a run and its JSON shapes.

``RunResult.to_dict()`` is the reference's result object (``execution_id``,
``workflow_id`` unless empty, ``node_results``, ``final_output``, ``errors`` unless empty)
plus what Thaiyyal adds: ``skipped`` (ids of nodes that did not run) and ``timings``
(microseconds per node that ran, and for the whole run). On failure the results of the
nodes that finished are kept.
"""

from __future__ import annotations

from typing import Any

import attrs

from .durations import format_seconds
from .errors import InvalidWorkflow, ThaiyyalError
from .jsonout import to_json_value

__all__ = [
    "EXECUTION_FAILED",
    "INVALID_WORKFLOW",
    "RunResult",
    "execute_body",
    "invalid_body",
]

#: ``error`` texts of the reference server's execute route.
INVALID_WORKFLOW = "Failed to create engine"
EXECUTION_FAILED = "Workflow execution failed"


@attrs.frozen(repr=False)
class RunResult:
    """What a run produced. ``error`` is set (and ``success`` False) when it failed."""

    def __repr__(self) -> str:
        # Results can be huge; a repr must stay cheap (asyncio.run, debuggers, logs call it).
        outcome = "ok" if self.error is None else f"failed: {self.error.message[:80]!r}"
        return (
            f"<RunResult {self.execution_id} {outcome}, {len(self.node_results)} node(s) ran, "
            f"{len(self.skipped)} skipped>"
        )

    execution_id: str
    workflow_id: str
    node_results: dict[str, Any]
    final_output: Any
    skipped: tuple[str, ...]
    durations: dict[str, float]
    duration: float
    error: ThaiyyalError | None = None
    #: results of sub-workflows, by the id of the node that ran them
    subworkflows: dict[str, RunResult] = attrs.field(factory=dict)

    @property
    def success(self) -> bool:
        return self.error is None

    @property
    def errors(self) -> list[str]:
        return [] if self.error is None else [self.error.message]

    def to_dict(self) -> dict[str, Any]:
        """The result object of the execute route (JSON-ready)."""
        out: dict[str, Any] = {"execution_id": self.execution_id}
        if self.workflow_id:
            out["workflow_id"] = self.workflow_id
        out["node_results"] = to_json_value(self.node_results)
        out["final_output"] = to_json_value(self.final_output)
        if self.error is not None:
            out["errors"] = self.errors
        out["skipped"] = list(self.skipped)
        if self.subworkflows:
            out["subworkflows"] = {
                node_id: sub.to_dict() for node_id, sub in self.subworkflows.items()
            }
        out["timings"] = {
            "total_us": round(self.duration * 1e6),
            "nodes_us": {k: round(v * 1e6) for k, v in self.durations.items()},
        }
        return out


def execute_body(result: RunResult, elapsed: float) -> dict[str, Any]:
    """The execute route's response body for a run (successful or not)."""
    if result.success:
        return {
            "success": True,
            "execution_time": format_seconds(elapsed),
            "results": result.to_dict(),
        }
    assert result.error is not None
    return {
        "success": False,
        "error": EXECUTION_FAILED,
        "details": result.error.message,
        "execution_time": format_seconds(elapsed),
        "results": result.to_dict(),
    }


def invalid_body(error: InvalidWorkflow) -> dict[str, Any]:
    """The execute route's response body for a payload rejected at load time."""
    return {
        "success": False,
        "error": INVALID_WORKFLOW,
        "details": error.message,
        "problems": [
            {k: v for k, v in attrs.asdict(p).items() if v is not None} for p in error.problems
        ],
    }
