from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from thaiyyal.jsonout import dumps

from ._util import load_problems, run_nodes


def ctx_node(node_id: str, type_name: str = "context_variable", **data: Any) -> dict[str, Any]:
    return {"id": node_id, "type": type_name, "data": data}


def typed(*entries: tuple[str, Any, str], type_name: str = "context_variable") -> Any:
    values = [{"name": n, "value": v, "type": t} for n, v, t in entries]
    result = run_nodes([ctx_node("c", type_name, context_values=values)])
    assert not result.errors, result.errors
    return result.node_results["c"]


@pytest.mark.parametrize(
    ("value", "type_name", "expected"),
    [
        (42, "string", "42"),
        (1000000, "string", "1e+06"),
        (None, "string", "<nil>"),
        (True, "string", "true"),
        ([1, "a"], "string", "[1 a]"),
        (3, "number", 3.0),
        ("0.2", "number", 0.2),
        ("1_000", "number", 1000.0),
        ("0x1p3", "number", 8.0),
        (True, "boolean", True),
        ("T", "boolean", True),
        ("FALSE", "boolean", False),
        (0, "boolean", False),
        (-2.5, "boolean", True),
        ("2024-01-15T10:30:00Z", "time_string", "2024-01-15T10:30:00Z"),
        ("2024-01-15T10:30:00.123+05:30", "time_string", "2024-01-15T10:30:00.123+05:30"),
        ("anything", "null", None),
    ],
)
def test_conversions(value: Any, type_name: str, expected: Any) -> None:
    out = typed(("x", value, type_name))
    assert out == {"type": "variable", "variables": {"x": expected}}
    assert type(out["variables"]["x"]) is type(expected)


def test_epoch_values_are_utc_datetimes() -> None:
    out = typed(
        ("s", 1700000000, "epoch_second"),
        ("s2", "1700000000", "epoch_second"),
        ("ms", 1700000000123, "epoch_ms"),
        ("trunc", 1700000000.9, "epoch_second"),
    )["variables"]
    assert (
        out["s"]
        == out["s2"]
        == out["trunc"]
        == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    )
    assert out["ms"] == datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=timezone.utc)
    assert (
        dumps(out) == '{"s":"2023-11-14T22:13:20Z","s2":"2023-11-14T22:13:20Z",'
        '"ms":"2023-11-14T22:13:20.123Z","trunc":"2023-11-14T22:13:20Z"}'
    )


def test_same_name_last_wins_and_values_are_stored() -> None:
    result = run_nodes(
        [
            ctx_node(
                "a",
                context_values=[
                    {"name": "x", "value": 1, "type": "number"},
                    {"name": "x", "value": 2, "type": "number"},
                ],
            ),
            {"id": "n", "type": "number", "data": {"value": 0}},
            {"id": "v", "type": "variable", "data": {"var_name": "y", "var_op": "set"}},
        ],
        [("n", "v")],
    )
    assert result.node_results["a"] == {"type": "variable", "variables": {"x": 2.0}}


def test_legacy_form() -> None:
    result = run_nodes([ctx_node("c", context_name="label", context_value="net")])
    assert result.node_results["c"] == {"type": "variable", "name": "label", "value": "net"}
    # typed values win over the legacy fields
    result = run_nodes(
        [
            ctx_node(
                "c",
                context_name="label",
                context_value="net",
                context_values=[{"name": "a", "value": "b", "type": "string"}],
            )
        ]
    )
    assert result.node_results["c"] == {"type": "variable", "variables": {"a": "b"}}


@pytest.mark.parametrize(
    ("value", "type_name", "detail"),
    [
        (
            "abc",
            "number",
            'cannot convert "abc" to number: strconv.ParseFloat: parsing "abc": invalid syntax',
        ),
        (
            "1e400",
            "number",
            'cannot convert "1e400" to number: '
            'strconv.ParseFloat: parsing "1e400": value out of range',
        ),
        ("NaN", "number", 'cannot convert "NaN" to number: not a finite number'),
        (True, "number", "cannot convert type bool to number"),
        (None, "number", "cannot convert type <nil> to number"),
        (
            "yes",
            "boolean",
            'cannot convert "yes" to boolean: strconv.ParseBool: parsing "yes": invalid syntax',
        ),
        ([1], "boolean", "cannot convert type []interface {} to boolean"),
        (
            "2024-01-15 10:30:00",
            "time_string",
            'parsing time "2024-01-15 10:30:00": not an RFC 3339 time',
        ),
        ("2024-02-30T10:30:00Z", "time_string", "not an RFC 3339 time"),
        (
            "1.5",
            "epoch_second",
            'cannot convert "1.5" to time: strconv.ParseInt: parsing "1.5": invalid syntax',
        ),
        (1e20, "epoch_ms", "out of range"),
        (False, "epoch_ms", "cannot convert type bool to time"),
        ("x", "date", 'unsupported type "date"'),
        ("x", "", 'unsupported type ""'),
    ],
)
def test_conversion_errors_are_load_time_errors(value: Any, type_name: str, detail: str) -> None:
    entry: dict[str, Any] = {"name": "x", "value": value}
    if type_name:
        entry["type"] = type_name
    message = load_problems([ctx_node("c", context_values=[entry])])
    assert f"context_variable node: error converting x ({type_name}): " in message
    assert detail in message
    assert "node c" in message and "context_values[0]" in message


def test_legacy_form_without_value_is_a_load_time_error() -> None:
    message = load_problems([ctx_node("c", context_name="x")])
    assert "context_variable node missing context_value" in message
    assert "context_value" in message


def test_one_form_is_required() -> None:
    message = load_problems([ctx_node("c", context_values=[])])
    assert "missing required field: context_values or context_name" in message


def test_oversized_values_are_rejected() -> None:
    result = run_nodes(
        [ctx_node("c", context_name="x", context_value="abcdef")], max_string_length=5
    )
    assert result.errors == [
        "error executing node c: context variable validation failed: "
        "string too long: 6 bytes (limit: 5)"
    ]


def test_context_nodes_are_final_output_only_when_alone() -> None:
    result = run_nodes(
        [
            ctx_node("c", context_name="x", context_value=1),
            {"id": "n", "type": "number", "data": {"value": 2}},
        ]
    )
    assert result.final_output == 2.0
    result = run_nodes([ctx_node("c", context_name="x", context_value=1)])
    assert result.final_output == {"type": "variable", "name": "x", "value": 1.0}
