"""``storage-memory``: an in-process workflow store (``memory:``); nothing survives a restart."""

from __future__ import annotations

import time
import uuid
from typing import Any

import attrs

from thaiyyal import hookimpl
from thaiyyal.store import StoredWorkflow


class MemoryWorkflowStore:
    """Workflows in a dict, listed oldest first."""

    def __init__(self, url: str = "memory:", config: Any = None) -> None:
        self.url = url
        self._items: dict[str, StoredWorkflow] = {}

    def get(self, workflow_id: str) -> StoredWorkflow | None:
        return self._items.get(workflow_id)

    def save(
        self, name: str, data: Any, description: str = "", workflow_id: str | None = None
    ) -> StoredWorkflow:
        now = time.time()
        existing = self._items.get(workflow_id) if workflow_id else None
        if existing is not None:
            item = attrs.evolve(
                existing, name=name, data=data, description=description, updated_at=now
            )
        else:
            item = StoredWorkflow(
                workflow_id or str(uuid.uuid4()), name, data, description, now, now
            )
        self._items[item.id] = item
        return item

    def list(self) -> list[StoredWorkflow]:
        return sorted(self._items.values(), key=lambda w: (w.created_at, w.id))

    def delete(self, workflow_id: str) -> bool:
        return self._items.pop(workflow_id, None) is not None


@hookimpl
def register_storage(register: Any) -> None:
    register("memory", MemoryWorkflowStore)
