"""The in-memory workflow store (``storage-memory``)."""

from __future__ import annotations

from thaiyyal import Engine, EngineConfig, load_plugins
from thaiyyal_storage.memory import MemoryWorkflowStore


def test_save_get_list_delete() -> None:
    store = MemoryWorkflowStore()
    first = store.save("first", {"nodes": []}, "desc")
    second = store.save("second", None)
    assert store.get(first.id) == first and first.description == "desc"
    assert [w.id for w in store.list()] == [first.id, second.id]
    updated = store.save("renamed", {"nodes": [1]}, workflow_id=first.id)
    assert updated.id == first.id and updated.created_at == first.created_at
    assert store.get(first.id).name == "renamed"  # type: ignore[union-attr]
    assert store.delete(second.id) and not store.delete(second.id)
    assert store.get("missing") is None


def test_the_engine_gets_its_store_from_the_storage_plugin() -> None:
    engine = Engine(EngineConfig(), plugins=load_plugins(environ={}))
    assert isinstance(engine.services["workflow_store"], MemoryWorkflowStore)
    bare = Engine(EngineConfig(), plugins=load_plugins(only=(), environ={}))
    assert "workflow_store" not in bare.services
