"""Type inference for nodes whose payload gives no ``type``.

The visual editor's older payloads omit ``type`` and rely on the keys of ``data``. The
rules are the reference's table, first match wins, tested by key *presence* (a key whose
value is ``null`` still counts), case-sensitively.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["infer_type"]

# (keys that must all be present, inferred type), in the order they are tried.
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("value",), "number"),
    (("text",), "text_input"),
    (("boolean_value",), "boolean_input"),
    (("date_value",), "date_input"),
    (("datetime_value",), "datetime_input"),
    (("mode",), "visualization"),
    (("op",), "operation"),
    (("text_op",), "text_operation"),
    (("url",), "http"),
    (("condition", "true_path"), "condition"),
    (("condition",), "filter"),
    (("expression", "initial_value"), "reduce"),
)
_RULES_AFTER_EXPRESSION: tuple[tuple[tuple[str, ...], str], ...] = (
    (("var_name", "var_op"), "variable"),
    (("field",), "extract"),
    (("fields",), "extract"),
    (("transform_type",), "transform"),
    (("accum_op",), "accumulator"),
    (("counter_op",), "counter"),
    (("cases",), "switch"),
    (("join_strategy",), "join"),
    (("paths",), "split"),
    (("duration",), "delay"),
    (("cache_op", "cache_key"), "cache"),
    (("context_name",), "context_variable"),
    (("context_values",), "context_variable"),
    (("max_attempts",), "retry"),
    (("backoff_strategy",), "retry"),
    (("fallback_value",), "try_catch"),
    (("continue_on_error",), "try_catch"),
    (("timeout", "timeout_action"), "timeout"),
)


def _first_match(
    data: Mapping[str, Any], rules: tuple[tuple[tuple[str, ...], str], ...]
) -> str | None:
    for keys, type_name in rules:
        if all(k in data for k in keys):
            return type_name
    return None


def infer_type(data: Mapping[str, Any]) -> str:
    """The node type implied by ``data``, or ``""`` when no rule matches."""
    found = _first_match(data, _RULES)
    if found is not None:
        return found
    expression = data.get("expression")
    if isinstance(expression, str) and expression:
        return "expression"
    return _first_match(data, _RULES_AFTER_EXPRESSION) or ""
