"""``{{ variable.NAME }}`` / ``{{ const.NAME }}`` interpolation (spec/engine.md §3.1)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from thaiyyal import Engine, EngineConfig, NodeContext, NodeType, node_config
from thaiyyal.templates import has_placeholders, interpolate, interpolate_text

from .helpers import plugin_set

VARS = {"name": "Ada", "n": 3.0, "big": 1e6, "flag": True, "none": None, "list": ["a", "b c"]}
CONSTS = {"base": "https://api.example", "n": 42.0, "obj": {"b": 2.0, "a": "x"}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello {{ variable.name }}", "hello Ada"),
        ("{{variable.name}}", "Ada"),
        ("{{\tvariable.name \n}}", "Ada"),
        ("{{ variable.n }} / {{ const.n }}", "3 / 42"),
        ("{{ variable.big }}", "1e+06"),
        ("{{ variable.flag }} {{ variable.none }}", "true <nil>"),
        ("{{ variable.list }}", "[a b c]"),
        ("{{ const.obj }}", "map[a:x b:2]"),
        ("{{ const.base }}/users", "https://api.example/users"),
        # variable. reads only variables and const. only constants
        ("{{ const.name }}", "{{ const.name }}"),
        ("{{ variable.base }}", "{{ variable.base }}"),
        # unknown names and other syntax stay as they are
        ("{{ variable.missing }}", "{{ variable.missing }}"),
        (
            "{{ item }} {{ variables.name }} {{ variable.na-me }}",
            "{{ item }} {{ variables.name }} {{ variable.na-me }}",
        ),
        ("{{ variable.näme }}", "{{ variable.näme }}"),
        ("no placeholders", "no placeholders"),
    ],
)
def test_text(text: str, expected: str) -> None:
    assert interpolate_text(text, VARS, CONSTS) == expected


def test_datetimes_render_like_go() -> None:
    moment = datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    assert interpolate_text("at {{ const.t }}", {}, {"t": moment}) == (
        "at 2023-11-14 22:13:20 +0000 UTC"
    )


def test_single_pass_never_expands_substituted_text() -> None:
    variables = {"a": "{{ const.secret }}"}
    constants = {"secret": "s3cr3t"}
    assert interpolate_text("{{ variable.a }}", variables, constants) == "{{ const.secret }}"


def test_recursive_into_lists_and_objects_keys_untouched() -> None:
    value = {"url": "{{ const.base }}", "{{ variable.name }}": ["{{ variable.n }}", 1.0, None]}
    assert interpolate(value, VARS, CONSTS) == {
        "url": "https://api.example",
        "{{ variable.name }}": ["3", 1.0, None],
    }


def test_unchanged_values_are_returned_as_they_are_and_inputs_never_mutated() -> None:
    value = {"a": ["x", {"b": "y"}], "c": 1.0}
    assert interpolate(value, VARS, CONSTS) is value
    assert interpolate(value, {}, {}) is value
    changing = {"a": ["{{ variable.name }}"], "keep": ["z"]}
    out = interpolate(changing, VARS, CONSTS)
    assert out == {"a": ["Ada"], "keep": ["z"]}
    assert changing == {"a": ["{{ variable.name }}"], "keep": ["z"]}
    assert out["keep"] is changing["keep"]


def test_without_context_values_text_is_returned_unchanged() -> None:
    assert interpolate("{{ variable.x }}", {}, {}) == "{{ variable.x }}"


def test_has_placeholders() -> None:
    assert has_placeholders("{{ const.x }}")
    assert has_placeholders({"h": ["a", {"b": "{{variable.y}}"}]})
    assert not has_placeholders({"h": ["{{ item }}", "{ const.x }", 1.0]})
    assert not has_placeholders(None)


@node_config
class EchoConfig:
    template: Any = None


class Echo(NodeType[EchoConfig]):
    type_name = "echo_template"
    stateful = True
    Config = EchoConfig

    def run(self, config: EchoConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return ctx.interpolate(config.template)


def test_nodes_reach_it_through_the_context() -> None:
    plugins = plugin_set(Echo, builtin=["node-context_variable", "node-context_constant"])
    payload = {
        "nodes": [
            {
                "id": "a",
                "type": "context_constant",
                "data": {"context_name": "host", "context_value": "h.example"},
            },
            {
                "id": "b",
                "type": "context_variable",
                "data": {"context_values": [{"name": "id", "value": 7, "type": "number"}]},
            },
            {
                "id": "z",
                "type": "echo_template",
                "data": {
                    "template": {"url": "https://{{ const.host }}/u/{{ variable.id }}", "n": 1}
                },
            },
        ],
        "edges": [],
    }
    result = Engine(EngineConfig(), plugins=plugins).run_sync(payload)
    assert result.node_results["z"] == {"url": "https://h.example/u/7", "n": 1.0}
