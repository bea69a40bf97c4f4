"""The plugin system: discovery, selection, collisions, broken plugins, third-party types."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from thaiyyal import (
    Engine,
    EngineConfig,
    InvalidWorkflow,
    NodeType,
    PluginError,
    hookimpl,
    load_plugins,
    node_config,
)
from thaiyyal.plugins import DISABLE_ENV, ONLY_ENV, default_plugins

from .helpers import NodeTypesPlugin, edge, node, payload, plugin_set, run

BUILTIN_FIRST_NODES = {
    "number",
    "text_input",
    "boolean_input",
    "date_input",
    "datetime_input",
    "operation",
    "text_operation",
    "visualization",
    "renderer",
}


def test_every_builtin_plugin_has_its_own_entry_point() -> None:
    plugins = load_plugins(environ={})
    types = {r.type_name: r.plugin for r in plugins.node_types}
    for type_name in BUILTIN_FIRST_NODES:
        assert types[type_name] == f"node-{type_name}"


def test_only_env_loads_just_the_named_plugins() -> None:
    plugins = load_plugins(environ={ONLY_ENV: "node-number, node-operation"})
    assert set(plugins.names) == {"node-number", "node-operation"}
    assert {r.type_name for r in plugins.node_types} == {"number", "operation"}


def test_disable_env_removes_a_node_type_and_validation_names_it() -> None:
    plugins = load_plugins(environ={DISABLE_ENV: "node-operation"})
    assert "operation" not in plugins.node_types
    assert "number" in plugins.node_types
    eng = Engine(EngineConfig(), plugins=plugins)
    body = payload(
        [node("a", "number", value=1), node("b", "operation", op="add")], [edge("a", "b")]
    )
    with pytest.raises(InvalidWorkflow) as info:
        eng.load(body)
    assert "no executor registered for type: operation" in str(info.value)
    assert "no installed plugin provides node type 'operation'" in str(info.value)
    assert info.value.problems[0].node_id == "b"


def test_default_plugins_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ONLY_ENV, "node-number")
    assert {r.type_name for r in default_plugins().node_types} == {"number"}
    monkeypatch.delenv(ONLY_ENV)
    assert "operation" in default_plugins().node_types


@node_config
class _ShoutConfig:
    suffix: str = "!"


class Shout(NodeType[_ShoutConfig]):
    """Upper-cases its input."""

    type_name = "shout"
    Config = _ShoutConfig

    def run(self, config: _ShoutConfig, inputs: list[Any], ctx: Any) -> str:
        return str(inputs[0]).upper() + config.suffix


def test_two_plugins_registering_one_type_is_an_error_naming_both() -> None:
    with pytest.raises(PluginError) as info:
        load_plugins(
            only=(),
            extra={"first-plugin": NodeTypesPlugin(Shout), "second-plugin": NodeTypesPlugin(Shout)},
            environ={},
        )
    assert "'first-plugin'" in str(info.value) and "'second-plugin'" in str(info.value)


def test_registering_something_that_is_not_a_node_type_names_the_plugin() -> None:
    class Bogus:
        type_name = "bogus"

    class BadPlugin:
        @hookimpl
        def register_node_types(self, register: Any) -> None:
            register(Bogus)

    with pytest.raises(PluginError) as info:
        load_plugins(only=(), extra={"bad-plugin": BadPlugin()}, environ={})
    assert info.value.plugin == "bad-plugin"
    assert "not a NodeType subclass" in str(info.value)


def test_a_plugin_whose_hook_raises_is_named() -> None:
    class Exploding:
        @hookimpl
        def register_node_types(self, register: Any) -> None:
            raise RuntimeError("boom")

    with pytest.raises(PluginError, match=r"'exploding'.*RuntimeError: boom"):
        load_plugins(only=(), extra={"exploding": Exploding()}, environ={})


def test_a_misspelt_hook_fails_early() -> None:
    class Misspelt:
        @hookimpl
        def register_node_typez(self, register: Any) -> None:  # pragma: no cover
            pass

    with pytest.raises(PluginError, match="register_node_typez"):
        load_plugins(only=(), extra={"misspelt": Misspelt()}, environ={})


# -- a third-party plugin installed the way pip installs one: a distribution whose
#    metadata declares an entry point in the "thaiyyal" group.


@pytest.fixture
def third_party_dist(tmp_path: Path) -> Iterator[Path]:
    package = tmp_path / "thaiyyal_reverse_string.py"
    package.write_text(
        textwrap.dedent(
            '''
            from thaiyyal import NodeType, hookimpl, NodeError


            class ReverseString(NodeType):
                """Reverses text."""

                type_name = "reverse_string"
                category = "operation"

                def run(self, config, inputs, ctx):
                    if not inputs or not isinstance(inputs[0], str):
                        raise NodeError("reverse_string needs a text input")
                    return inputs[0][::-1]


            @hookimpl
            def register_node_types(register):
                register(ReverseString)
            '''
        )
    )
    info = tmp_path / "thaiyyal_reverse_string-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: thaiyyal-reverse-string\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text(
        "[thaiyyal]\nnode-reverse_string = thaiyyal_reverse_string\n"
    )
    broken = tmp_path / "thaiyyal_broken-1.0.dist-info"
    broken.mkdir()
    (broken / "METADATA").write_text("Metadata-Version: 2.1\nName: thaiyyal-broken\nVersion: 1.0\n")
    (broken / "entry_points.txt").write_text("[thaiyyal]\nbroken-plugin = no_such_module_xyz\n")
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("thaiyyal_reverse_string", None)


def test_third_party_plugin_adds_a_node_type_without_touching_the_core(
    third_party_dist: Path,
) -> None:
    plugins = load_plugins(environ={DISABLE_ENV: "broken-plugin"})
    registered = plugins.node_types.get("reverse_string")
    assert registered is not None and registered.plugin == "node-reverse_string"
    eng = Engine(EngineConfig(), plugins=plugins)
    body = payload(
        [node("t", "text_input", text="thaiyyal"), node("r", "reverse_string")], [edge("t", "r")]
    )
    result = run(eng, body)
    assert result.success
    assert result.node_results["r"] == "layyiaht"


def test_a_broken_plugin_is_reported_by_name(third_party_dist: Path) -> None:
    with pytest.raises(PluginError) as info:
        load_plugins(environ={})
    assert info.value.plugin == "broken-plugin"
    assert "no_such_module_xyz" in str(info.value)


def test_plugin_set_lists_observers_only_when_implemented() -> None:
    class Watcher:
        @hookimpl
        def node_finished(self, run: Any, node: Any, result: Any, duration: float) -> None:
            pass

    assert plugin_set().observers() == frozenset()
    assert plugin_set(extra=[Watcher()]).observers() == {"node_finished"}


def test_storage_backends_register_by_scheme_and_collisions_name_both() -> None:
    class MemoryStore:
        @hookimpl
        def register_storage(self, register: Any) -> None:
            register("mem:", lambda url, config: ("store", url))

    plugins = load_plugins(only=(), extra={"store-a": MemoryStore()}, environ={})
    factory = plugins.storage.factory("MEM")
    assert factory is not None and factory("mem://x", None) == ("store", "mem://x")
    assert plugins.storage.schemes == ["mem"]
    with pytest.raises(PluginError, match="'store-a' and 'store-b'"):
        load_plugins(
            only=(), extra={"store-a": MemoryStore(), "store-b": MemoryStore()}, environ={}
        )
