"""Saved workflows: the store interface and the in-memory implementation's contract.

A workflow store keeps named workflow payloads under generated ids. The ``sub_workflow``
node (and loop bodies) run stored workflows by id; the HTTP server saves, lists, loads and
deletes them. Stores come from storage plugins (``register_storage``), chosen by the scheme
of ``EngineConfig.workflow_store`` (``memory:`` by default).
"""

from __future__ import annotations

from typing import Any, Protocol

import attrs

__all__ = ["StoredWorkflow", "WorkflowStore"]


@attrs.frozen
class StoredWorkflow:
    id: str
    name: str
    data: Any
    description: str = ""
    created_at: float = 0.0
    updated_at: float = 0.0


class WorkflowStore(Protocol):
    def get(self, workflow_id: str) -> StoredWorkflow | None:
        """The workflow saved under ``workflow_id``, or None."""
        ...

    def save(
        self, name: str, data: Any, description: str = "", workflow_id: str | None = None
    ) -> StoredWorkflow:
        """Save a workflow (a new id unless ``workflow_id`` names one to replace)."""
        ...

    def list(self) -> list[StoredWorkflow]:
        """Every saved workflow, oldest first."""
        ...

    def delete(self, workflow_id: str) -> bool:
        """Remove a workflow; True when it existed."""
        ...
