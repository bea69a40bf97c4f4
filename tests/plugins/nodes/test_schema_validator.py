"""``schema_validator``: gojsonschema-style errors from the jsonschema library."""

from __future__ import annotations

import json
from typing import Any

import pytest

from thaiyyal import Engine, EngineConfig, InvalidWorkflow, NodeType, node_config

from ...helpers import plugin_set
from ._util import run_nodes


@node_config
class _ConstConfig:
    json: str


class Const(NodeType[_ConstConfig]):
    """Test-only source node: the decoded JSON text of its config."""

    type_name = "test_const"
    Config = _ConstConfig

    def run(self, config: _ConstConfig, inputs: list[Any], ctx: Any) -> Any:
        return json.loads(config.json)


PLUGINS = plugin_set(Const, builtin=["node-schema_validator"])


def validate(data: str, schema: Any, **config: Any) -> Any:
    nodes = [
        {"id": "c", "type": "test_const", "data": {"json": data}},
        {"id": "v", "type": "schema_validator", "data": {"schema": schema, **config}},
    ]
    body = {"nodes": nodes, "edges": [{"source": "c", "target": "v"}]}
    return Engine(EngineConfig.server(), plugins=PLUGINS).run_sync(body)


USER = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1.0},
        "age": {"type": "integer", "minimum": 0.0, "maximum": 150.0},
        "tags": {"type": "array", "maxItems": 2.0, "uniqueItems": True},
        "role": {"enum": ["admin", "user"]},
        "email": {"type": "string", "format": "email"},
    },
    "required": ["name"],
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    ("data", "field", "kind", "description"),
    [
        ('{"age": 3}', "(root)", "required", "name is required"),
        ('{"name": 5}', "name", "invalid_type", "Invalid type. Expected: string, given: integer"),
        ('{"name": ""}', "name", "string_gte", "String length must be greater than or equal to 1"),
        ('{"name": "a", "age": 200}', "age", "number_lte", "Must be less than or equal to 150"),
        ('{"name": "a", "age": -1}', "age", "number_gte", "Must be greater than or equal to 0"),
        (
            '{"name": "a", "age": 1.5}',
            "age",
            "invalid_type",
            "Invalid type. Expected: integer, given: number",
        ),
        (
            '{"name": "a", "role": "x"}',
            "role",
            "enum",
            'role must be one of the following: "admin", "user"',
        ),
        (
            '{"name": "a", "tags": [1, 2, 3]}',
            "tags",
            "array_max_items",
            "Array must have at most 2 items",
        ),
        ('{"name": "a", "tags": [1, 1]}', "tags", "unique", "array items must be unique"),
        (
            '{"name": "a", "x": 1}',
            "(root)",
            "additional_property_not_allowed",
            "Additional property x is not allowed",
        ),
        ('{"name": "a", "email": "nope"}', "email", "format", "Does not match format 'email'"),
    ],
)
def test_error_vocabulary(data: str, field: str, kind: str, description: str) -> None:
    result = validate(data, USER)
    out = result.node_results["v"]
    assert out["valid"] is False
    assert out["errors"][0]["field"] == field
    assert out["errors"][0]["type"] == kind
    assert out["errors"][0]["description"] == description


def test_valid_input_and_nested_paths() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {"type": "array", "items": {"type": "object", "properties": {"b": {"const": 1.0}}}}
        },
    }
    ok = validate('{"a": [{"b": 1}]}', schema).node_results["v"]
    assert ok == {"valid": True, "data": {"a": [{"b": 1.0}]}}
    bad = validate('{"a": [{"b": 2}]}', schema).node_results["v"]
    assert bad["errors"][0]["field"] == "a.0.b" and bad["errors"][0]["type"] == "const"


def test_strict_mode_fails_the_node() -> None:
    result = validate('{"age": "x"}', USER, strict=True)
    assert str(result.error) == "error executing node v: validation failed: 2 errors found"


def test_conditionals_report_their_branch() -> None:
    schema = {"if": {"properties": {"k": {"const": "a"}}}, "then": {"required": ["x"]}}
    out = validate('{"k": "a"}', schema).node_results["v"]
    assert [e["type"] for e in out["errors"]] == ["required", "condition_then"]


def test_missing_input_fails() -> None:
    result = run_nodes([{"id": "v", "type": "schema_validator", "data": {"schema": {}}}])
    assert str(result.error) == "error executing node v: no input provided for validation"


@pytest.mark.parametrize(
    "schema", [{"type": "strange"}, {"minLength": -1.0}, "not a schema", {"pattern": "("}]
)
def test_bad_schemas_are_load_time_errors(schema: Any) -> None:
    with pytest.raises(InvalidWorkflow) as info:
        Engine(EngineConfig.server()).load(
            {"nodes": [{"id": "v", "type": "schema_validator", "data": {"schema": schema}}]}
        )
    assert "schema validation failed:" in str(info.value)
    assert info.value.problems[0].field == "schema"


def test_remote_refs_are_never_fetched() -> None:
    result = validate('{"a": 1}', {"$ref": "http://169.254.169.254/schema.json"})
    assert "schema validation failed:" in str(result.error)
