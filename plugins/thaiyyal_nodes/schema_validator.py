"""``schema_validator``: validate the input against a JSON Schema.

Validation uses the ``jsonschema`` library (drafts 4, 6, 7, 2019-09 and 2020-12 by
``$schema``; draft 7 when absent, the newest draft the reference's validator knew) with
format checking on. The schema itself is checked when the workflow is loaded. ``$ref``
reaches only the schema document itself: nothing is ever downloaded.

Errors keep the reference's vocabulary (gojsonschema's): ``field`` is the dotted path of
the offending value (``(root)`` for the document), ``type`` the error id (``required``,
``invalid_type``, ``enum``, ``number_lte``, ...), ``description`` the English text and
``value`` the offending value. ``strict`` turns an invalid input into a node failure.
"""

from __future__ import annotations

import ast
import contextlib
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from jsonschema import Draft7Validator  # type: ignore[import-untyped]
from jsonschema.exceptions import (  # type: ignore[import-untyped]
    SchemaError,
    ValidationError,
)
from jsonschema.validators import validator_for  # type: ignore[import-untyped]
from referencing.exceptions import Unresolvable

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.jsonout import to_json_value
from thaiyyal.values import go_format

__all__ = ["SchemaValidator", "SchemaValidatorConfig", "validation_errors"]


@node_config
class SchemaValidatorConfig:
    #: the JSON Schema (an object, or a boolean schema)
    schema: Any
    #: fail the node (``validation failed: <n> errors found``) instead of reporting errors
    strict: bool = False


def _validator_class(schema: Any) -> type[Any]:
    return validator_for(schema, default=Draft7Validator)  # type: ignore[no-any-return]


def _json_type(value: Any) -> str:
    """gojsonschema's name of a value's type (whole numbers are ``integer``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _field(path: Iterable[Any]) -> str:
    parts = [str(p) for p in path]
    return ".".join(parts) if parts else "(root)"


def _name(path: list[Any]) -> str:
    return str(path[-1]) if path else "(root)"


def _go(value: Any) -> str:
    return go_format(to_json_value(value))


def _enum_list(values: Iterable[Any]) -> str:
    return ", ".join(json.dumps(to_json_value(v), ensure_ascii=False) for v in values)


def _entry(kind: str, description: str, path: list[Any], value: Any) -> dict[str, Any]:
    return {"field": _field(path), "type": kind, "description": description, "value": value}


def _extras(instance: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    return [
        key
        for key in instance
        if key not in properties and not any(re.search(p, key) for p in patterns)
    ]


def _translate(error: ValidationError) -> Iterator[dict[str, Any]]:
    """One jsonschema error as gojsonschema-style entries (usually one)."""
    keyword = error.validator
    expected = error.validator_value
    schema = error.schema if isinstance(error.schema, dict) else {}
    path = list(error.absolute_path)
    value = error.instance
    if keyword == "required":
        prop = error.message.split(" is a required property")[0]
        with contextlib.suppress(ValueError, SyntaxError):
            prop = str(ast.literal_eval(prop))
        yield _entry("required", f"{prop} is required", path, value)
    elif keyword == "type":
        types = expected if isinstance(expected, list) else [expected]
        yield _entry(
            "invalid_type",
            f"Invalid type. Expected: {', '.join(map(str, types))}, given: {_json_type(value)}",
            path,
            value,
        )
    elif keyword == "enum":
        yield _entry(
            "enum",
            f"{_name(path)} must be one of the following: {_enum_list(expected)}",
            path,
            value,
        )
    elif keyword == "const":
        yield _entry(
            "const", f"{_name(path)} does not match: {_enum_list([expected])}", path, value
        )
    elif keyword == "pattern":
        yield _entry("pattern", f"Does not match pattern '{expected}'", path, value)
    elif keyword == "format":
        yield _entry("format", f"Does not match format '{expected}'", path, value)
    elif keyword == "minLength":
        yield _entry(
            "string_gte",
            f"String length must be greater than or equal to {_go(expected)}",
            path,
            value,
        )
    elif keyword == "maxLength":
        yield _entry(
            "string_lte",
            f"String length must be less than or equal to {_go(expected)}",
            path,
            value,
        )
    elif keyword == "minimum":
        if schema.get("exclusiveMinimum") is True:
            yield _entry("number_gt", f"Must be greater than {_go(expected)}", path, value)
        else:
            yield _entry(
                "number_gte", f"Must be greater than or equal to {_go(expected)}", path, value
            )
    elif keyword == "maximum":
        if schema.get("exclusiveMaximum") is True:
            yield _entry("number_lt", f"Must be less than {_go(expected)}", path, value)
        else:
            yield _entry(
                "number_lte", f"Must be less than or equal to {_go(expected)}", path, value
            )
    elif keyword == "exclusiveMinimum":
        yield _entry("number_gt", f"Must be greater than {_go(expected)}", path, value)
    elif keyword == "exclusiveMaximum":
        yield _entry("number_lt", f"Must be less than {_go(expected)}", path, value)
    elif keyword == "multipleOf":
        yield _entry("multiple_of", f"Must be a multiple of {_go(expected)}", path, value)
    elif keyword == "minItems":
        yield _entry(
            "array_min_items", f"Array must have at least {_go(expected)} items", path, value
        )
    elif keyword == "maxItems":
        yield _entry(
            "array_max_items", f"Array must have at most {_go(expected)} items", path, value
        )
    elif keyword == "uniqueItems":
        yield _entry("unique", "array items must be unique", path, value)
    elif keyword == "minProperties":
        yield _entry(
            "array_min_properties", f"Must have at least {_go(expected)} properties", path, value
        )
    elif keyword == "maxProperties":
        yield _entry(
            "array_max_properties", f"Must have at most {_go(expected)} properties", path, value
        )
    elif keyword == "additionalProperties" and isinstance(value, dict):
        for extra in _extras(value, schema) or ["?"]:
            yield _entry(
                "additional_property_not_allowed",
                f"Additional property {extra} is not allowed",
                path,
                value,
            )
    elif keyword == "anyOf":
        yield _entry("number_any_of", "Must validate at least one schema (anyOf)", path, value)
    elif keyword == "oneOf":
        yield _entry("number_one_of", "Must validate one and only one schema (oneOf)", path, value)
    elif keyword == "allOf":
        yield _entry("number_all_of", "Must validate all the schemas (allOf)", path, value)
    elif keyword == "not":
        yield _entry("number_not", "Must not validate the schema (not)", path, value)
    elif keyword in ("dependencies", "dependentRequired"):
        yield _entry("missing_dependency", error.message, path, value)
    elif keyword == "contains":
        yield _entry("contains", "At least one of the items must match", path, value)
    elif keyword in ("additionalItems", "items", "prefixItems"):
        yield _entry(
            "array_no_additional_items", "No additional items allowed on array", path, value
        )
    elif keyword == "propertyNames":
        yield _entry("invalid_property_name", error.message, path, value)
    elif keyword is None or keyword is False or error.validator_value is False:
        yield _entry("false", "False always fails validation", path, value)
    else:
        yield _entry(str(keyword), error.message, path, value)


def _branch(error: ValidationError) -> str | None:
    """``then``/``else`` when the error comes from a conditional's branch."""
    relative = list(error.relative_schema_path)
    for step in relative[:-1]:
        if step in ("then", "else"):
            return str(step)
    return None


def validation_errors(validator: Any, data: Any) -> list[dict[str, Any]]:
    """Every problem of ``data``, gojsonschema-style; conditionals add their own entry."""
    out: list[dict[str, Any]] = []
    branches: dict[tuple[str, str], dict[str, Any]] = {}
    for error in validator.iter_errors(data):
        branch = _branch(error)
        out.extend(_translate(error))
        if branch is not None:
            path = list(error.absolute_path)[: len(error.absolute_path)]
            key = (branch, _field(path))
            if key not in branches:
                kind = "condition_then" if branch == "then" else "condition_else"
                text = (
                    'Must validate "then" as "if" was valid'
                    if branch == "then"
                    else 'Must validate "else" as "if" was not valid'
                )
                branches[key] = _entry(kind, text, path, error.instance)
    out.extend(branches.values())
    return out


class SchemaValidator(NodeType[SchemaValidatorConfig]):
    """Validates its input against a JSON Schema; reports or fails on errors."""

    type_name = "schema_validator"
    category = "flow"
    Config = SchemaValidatorConfig

    def check_config(self, config: SchemaValidatorConfig) -> Iterable[ConfigError]:
        schema = to_json_value(config.schema)
        if not isinstance(schema, (dict, bool)):
            yield ConfigError(
                "schema validation failed: a schema must be an object or a boolean",
                field="schema",
            )
            return
        try:
            _validator_class(schema).check_schema(schema)
        except SchemaError as exc:
            yield ConfigError(f"schema validation failed: {exc.message}", field="schema")

    def run(self, config: SchemaValidatorConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        data = inputs[0] if inputs else None
        if data is None:
            raise NodeError("no input provided for validation")
        schema = to_json_value(config.schema)
        cls = _validator_class(schema)
        validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
        try:
            errors = validation_errors(validator, data)
        except (Unresolvable, RecursionError, re.error) as exc:
            raise NodeError(f"schema validation failed: {exc}") from None
        if not errors:
            return {"valid": True, "data": data}
        if config.strict:
            raise NodeError(f"validation failed: {len(errors)} errors found")
        return {"valid": False, "data": data, "errors": errors}


@hookimpl
def register_node_types(register: Any) -> None:
    register(SchemaValidator)
