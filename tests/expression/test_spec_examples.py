"""The worked examples of spec/expressions.md section 15, thaiyyal column.

Each row: id, mode (as in the corpus), expression, environment, and what thaiyyal gives:
``("value", v)``, ``("load_error", None)`` (rejected when the workflow loads) or
``("error", text)`` (a run-time error whose message contains ``text``; None = any text).
Rows marked "=" in the spec carry the reference result.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.expression.support import outcome, same_value

SECTION_15_EXAMPLES: list[tuple[str, str, str, dict[str, Any] | None, tuple[str, Any]]] = [
    ("P1", "value", "'it\\'s'", None, ("value", "it's")),
    ("P2", "value", "'a' + 'b'", None, ("error", None)),
    ("P3", "value", "null", None, ("value", None)),
    ("P4", "bool", "variables.v == null", {"variables": {"v": None}}, ("value", True)),
    ("P5", "value", "1e3", None, ("value", 1000.0)),
    ("P6", "value", "1e3 + 1", None, ("value", 1001.0)),
    ("P7", "value", ".5 + 1", None, ("value", 1.5)),
    ("P8", "bool", "inf > 5", None, ("value", False)),
    ("P9", "bool", "TRUE", None, ("value", False)),
    ("P10", "bool", "'", None, ("load_error", None)),
    ("P11", "bool", "'10' == 10", None, ("value", True)),
    ("P12", "bool", "'10' == '10.0'", None, ("value", True)),
    ("P13", "bool", "'b' > 'a'", None, ("value", True)),
    ("P14", "bool", "true == 1", None, ("value", False)),
    (
        "P15",
        "bool",
        "variables.a == variables.b",
        {"variables": {"a": [1.0], "b": [1.0]}},
        ("value", True),
    ),
    (
        "P16",
        "bool",
        "variables.x == variables.y",
        {"variables": {"x": 1, "y": 1.0}},
        ("value", True),
    ),
    ("P17", "bool", "input >= 10", {"input": "15"}, ("value", True)),
    ("P18", "bool", ">100", {"input": {"value": {"value": 150.0}}}, ("value", True)),
    ("P19", "bool", "input > 5", {"input": {"value": 10.0}}, ("value", False)),
    ("P20", "bool", "1 < 2 < 3", {"input": 10.0}, ("load_error", None)),
    ("P21", "bool", "item.x > 'a==b'", {"input": {"x": 5.0}}, ("value", False)),
    ("P22", "bool", ">abc", {"input": 5.0}, ("value", False)),
    ("P23", "bool", ">=", {"input": 1.0}, ("load_error", None)),
    ("P24", "bool", "input - 5 > 0", {"input": 10.0}, ("value", True)),
    ("P25", "bool", "input + 5 > 0", {"input": 10.0}, ("value", True)),
    ("P26", "bool", "item.a - item.b > 1", {"input": {"a": 5.0, "b": 3.0}}, ("value", True)),
    ("P27", "bool", "age * 2 > 30", {"input": {"age": 20.0}}, ("value", True)),
    (
        "P28",
        "bool",
        "index == 2",
        {"input": {"a": 1.0}, "variables": {"index": 2.0}},
        ("value", True),
    ),
    (
        "P29",
        "bool",
        "index + 0 == 2",
        {"input": {"a": 1.0}, "variables": {"index": 2.0}},
        ("value", True),
    ),
    ("P30", "bool", "variables.x-1 > 0", {"variables": {"x": 5.0}}, ("value", False)),
    ("P31", "bool", "true && false || true", None, ("value", True)),
    ("P32", "bool", "false || true && false", None, ("value", False)),
    ("P33", "bool", "!true && false", None, ("value", False)),
    ("P34", "bool", "true || isNull(variables.missing)", None, ("value", True)),
    ("P35", "bool", "isNull(variables.missing) || true", None, ("value", True)),
    ("P36", "bool", "item.x == 'a && b'", {"input": {"x": "a && b"}}, ("value", True)),
    ("P37", "bool", "(item.s == ')')", {"input": {"s": ")"}}, ("value", True)),
    ("P38", "bool", "input == 'a' ? true : false", {"input": "a"}, ("value", True)),
    ("P39", "bool", "item.name", {"input": {"name": "Alice"}}, ("value", False)),
    ("P40", "bool", "variables.count", {"variables": {"count": 150.0}}, ("value", False)),
    ("P41", "bool", "item.active", {"input": {"active": "true"}}, ("value", False)),
    ("P42", "bool", "item.flag", {"input": {"flag": True}}, ("value", True)),
    ("P43", "bool", "!item.deleted", {"input": {"x": 1.0}}, ("value", True)),
    ("P44", "bool", "5", {"input": 1.0}, ("value", False)),
    ("P45", "bool", "context.cfg.max > 1", {"context": {"cfg": {"max": 5.0}}}, ("value", True)),
    ("P46", "bool", "context.cfg.max > 1", {"context": {"cfg.max": 5.0}}, ("value", True)),
    ("P47", "value", "item.tags[-1]", {"input": {"tags": [1.0, 2.0]}}, ("value", None)),
    ("P48", "value", "item.m[0][1]", {"input": {"m": [[1.0, 2.0]]}}, ("value", 2.0)),
    ("P49", "value", "item.s.split(',')[1]", {"input": {"s": "a,b,c"}}, ("value", "b")),
    ("P50", "value", "item.name.length", {"input": {"name": "héllo"}}, ("value", 6.0)),
    ("P51", "value", "item.tags.length.foo", {"input": {"tags": [1, 2]}}, ("value", None)),
    ("P52", "value", "item.obj.length", {"input": {"obj": {"length": 3.0}}}, ("value", 3.0)),
    ("P53", "bool", "item..a", {"input": {"a": True}}, ("load_error", None)),
    ("P54", "value", "item. a", {"input": {"a": 1.0}}, ("value", 1.0)),
    ("P55", "value", "age", {"input": {"age": 3.0}}, ("value", 3.0)),
    (
        "P56",
        "value",
        "item.tags.includes(variables.x)",
        {"input": {"tags": ["variables.x"]}, "variables": {"x": "a"}},
        ("value", False),
    ),
    ("P57", "value", "item.maxScore", {"input": {"maxScore": "42"}}, ("value", "42")),
    ("P58", "value", "item.score", {"input": {"score": "42"}}, ("value", "42")),
    ("P59", "value", "item.maxScore", {"input": {"maxScore": 42}}, ("value", 42)),
    ("P60", "value", "item.score", {"input": {"score": 42}}, ("value", 42)),
    ("P61", "value", "", {"input": 1.0}, ("load_error", None)),
    (
        "P62",
        "value",
        "item.tags.join('-')",
        {"input": {"tags": [1.0, 2.5, 1000000.0, True, None, "s"]}},
        ("value", "1-2.5-1e+06-true-<nil>-s"),
    ),
    (
        "P63",
        "value",
        "item.a.join(',')",
        {"input": {"a": [[1.0, 2.0], {"k": 1.0}]}},
        ("value", "[1 2],map[k:1]"),
    ),
    ("P64", "value", "item.tags.includes('1')", {"input": {"tags": [1.0, 2.0]}}, ("value", True)),
    ("P65", "value", "item.s.split('')", {"input": {"s": "abc"}}, ("value", ["a", "b", "c"])),
    ("P66", "value", "item.s.toUpperCase(1, 2)", {"input": {"s": "abc"}}, ("load_error", None)),
    ("P67", "value", "item.s.includes('a', 'b')", {"input": {"s": "abc"}}, ("load_error", None)),
    ("P68", "value", "item.s.replace('a', 'b,c')", {"input": {"s": "aXa"}}, ("value", "b,cXb,c")),
    (
        "P69",
        "value",
        "map(item.users, item.age * 2)",
        {"input": {"users": [{"age": 30.0}, {"age": 25.0}]}},
        ("value", [60.0, 50.0]),
    ),
    (
        "P70",
        "value",
        "map(variables.users, item.age * 2)",
        {"variables": {"users": [{"age": 30.0}, {"age": 25.0}]}},
        ("value", [60.0, 50.0]),
    ),
    ("P71", "value", "round(3.4) + 1", None, ("value", 4.0)),
    ("P72", "value", "max(1, 2) - min(1, 2)", None, ("value", 1.0)),
    (
        "P73",
        "value",
        "sum(item.values) * sum(item.values)",
        {"input": {"values": [1.0, 2.0]}},
        ("value", 9.0),
    ),
    (
        "P74",
        "value",
        "min(5)",
        None,
        ("error", "min() requires at least 2 arguments or an array, got 1 non-array value"),
    ),
    (
        "P75",
        "value",
        "avg(variables.e)",
        {"variables": {"e": []}},
        ("error", "avg() on empty array"),
    ),
    ("P76", "value", "sum(variables.a)", {"variables": {"a": [1, 2.5, "3"]}}, ("value", 6.5)),
    (
        "P77",
        "value",
        "sort(variables.a)",
        {"variables": {"a": [3.0, "b", 1.0, "a", True, "10"]}},
        ("value", [1.0, 3.0, "10", "a", "b", True]),
    ),
    (
        "P78",
        "value",
        "unique(variables.a)",
        {"variables": {"a": [1.0, "1", 1, 2.0, True, "true"]}},
        ("value", [1.0, 2.0, True]),
    ),
    (
        "P79",
        "value",
        "zip(variables.a, variables.b)",
        {"variables": {"a": [1.0, 2.0, 3.0], "b": ["x"]}},
        ("value", [[1.0, "x"], [2.0, None], [3.0, None]]),
    ),
    (
        "P80",
        "value",
        "sample(variables.a, 2)",
        {"variables": {"a": [1.0, 2.0, 3.0, 4.0, 5.0]}},
        ("value", [1.0, 3.0]),
    ),
    (
        "P81",
        "value",
        "sample(variables.a, 5)",
        {"variables": {"a": [1.0, 2.0, 3.0, 4.0, 5.0]}},
        ("value", [1.0, 4.0, 2.0, 5.0, 3.0]),
    ),
    (
        "P82",
        "value",
        "slice(variables.a, 1.9)",
        {"variables": {"a": [1.0, 2.0, 3.0, 4.0, 5.0]}},
        ("value", [2.0, 3.0, 4.0, 5.0]),
    ),
    ("P83", "value", "sum([1, 2, 3])", None, ("load_error", None)),
    ("P84", "value", "year(variables.d)", {"variables": {"d": "2024-01-15"}}, ("value", 2024.0)),
    ("P85", "value", "foo(1)", None, ("load_error", None)),
    ("P86", "value", "input > 2 ? 'big' : 'small'", {"input": 5.0}, ("value", "big")),
    ("P87", "value", "input > 8 ? 'x' : input > 3 ? 'y' : 'z'", {"input": 5.0}, ("value", "y")),
    ("P88", "value", "input > 2 ? (input > 3 ? 'x' : 'y') : 'z'", {"input": 5.0}, ("value", "x")),
    ("P89", "value", "input > 2 ? 'a:b' : 'c'", {"input": 5.0}, ("value", "a:b")),
    (
        "P90",
        "value",
        "item > accumulator ? item : variables.accumulator",
        {"input": 3.0, "variables": {"accumulator": 1.0, "item": 3.0}},
        ("value", 3.0),
    ),
    ("P91", "arith", "-7 % 3", None, ("value", -1.0)),
    ("P92", "arith", "7.5 % 2", None, ("value", 1.0)),
    ("P93", "arith", "10 % 0.5", None, ("error", "modulo by zero")),
    ("P94", "arith", "round(2.5)", None, ("value", 3.0)),
    ("P95", "arith", "round(-2.5)", None, ("value", -3.0)),
    ("P96", "arith", "0.1 + 0.2", None, ("value", 0.30000000000000004)),
    ("P97", "arith", "variables.s * 2", {"variables": {"s": "21"}}, ("value", 42.0)),
    (
        "P98",
        "arith",
        "variables.b * 2",
        {"variables": {"b": True}},
        ("error", "value 'true' at 'variables.b' cannot be converted to number"),
    ),
    ("P99", "arith", "_x * 2", {"variables": {"_x": 4.0}}, ("value", 8.0)),
    (
        "P100",
        "arith",
        "min(5)",
        None,
        ("error", "min() requires at least 2 arguments or an array, got 1 non-array value"),
    ),
    ("P101", "arith", "avg(1, 2) * 2", None, ("value", 3.0)),
    ("P102", "bool", "isNull(input)", None, ("value", True)),
    ("P103", "bool", "isNull(variables.missing)", None, ("value", True)),
    ("P104", "bool", "isNull(null)", None, ("value", True)),
    ("P105", "bool", "now()", None, ("value", False)),
    (
        "P106",
        "bool",
        "coalesce(variables.a, variables.b)",
        {"variables": {"a": None, "b": True}},
        ("value", True),
    ),
    ("P107", "bool", "year('2024-01-15') == 2024", None, ("value", True)),
    ("P108", "bool", "contains(variables.n, 2)", {"variables": {"n": 123.0}}, ("value", True)),
    (
        "P109",
        "bool",
        "contains(variables.m, 'a:1')",
        {"variables": {"m": {"b": 2.0, "a": 1.0}}},
        ("value", True),
    ),
    ("P110", "bool", "contains('abc')", None, ("load_error", None)),
    ("P111", "deps", "variables.mynode.x > 1 && node.a-b.value", None, ("value", ["a-b"])),
    ("P112", "deps", "'node.q' == node.r.v", None, ("value", ["r"])),
    (
        "P113",
        "node:expression",
        "input.missing",
        {"input": {"a": 1.0}, "variables": {"input": {"a": 1.0}}},
        ("value", None),
    ),
    (
        "P114",
        "node:expression",
        "input.name == 'x' && input.age > 1",
        {"input": {"name": "x", "age": 2.0}, "variables": {"input": {"name": "x", "age": 2.0}}},
        ("value", True),
    ),
    ("P115", "node:condition", "isNull(variables.zz)", {"input": {"value": 5.0}}, ("value", True)),
    ("P116", "value", "isNull(input)", {"input": 1.0}, ("value", False)),
    ("P117", "value", "item.zip-code", {"input": {"zip-code": "12345"}}, ("value", "12345")),
    ("P118", "value", "item.zip_code", {"input": {"zip_code": "12345"}}, ("value", "12345")),
    ("P119", "value", "item[0]", {"input": [5.0, 6.0]}, ("value", 5.0)),
    ("P120", "value", "item[0] * 1", {"input": [5.0, 6.0]}, ("value", 5.0)),
]


@pytest.mark.parametrize(
    ("example", "mode", "expr", "env", "expected"),
    SECTION_15_EXAMPLES,
    ids=[row[0] for row in SECTION_15_EXAMPLES],
)
def test_worked_example(
    example: str, mode: str, expr: str, env: dict[str, Any] | None, expected: tuple[str, Any]
) -> None:
    kind, value = outcome(mode, expr, env)
    expected_kind, expected_value = expected
    if mode == "deps" and kind == "value":
        assert set(value) == set(expected_value)
        return
    assert kind == expected_kind, (example, kind, value)
    if expected_kind == "value":
        assert same_value(expected_value, value), (example, value)
    elif expected_value is not None:
        assert expected_value in value, (example, value)


def test_all_examples_present() -> None:
    assert [row[0] for row in SECTION_15_EXAMPLES] == [f"P{n}" for n in range(1, 121)]
