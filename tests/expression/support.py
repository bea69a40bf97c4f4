"""Shared helpers of the expression tests: building scopes from case environments."""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from thaiyyal.expression import (
    ExpressionError,
    ExpressionSyntaxError,
    Scope,
    call_function,
    parse,
    parse_datetime,
)

# Names the calling node binds; the rest of a case's "variables" are workflow variables.
NODE_BOUND = frozenset({"item", "index", "items", "accumulator", "input"})

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})"
)


def decode_time(text: str) -> datetime:
    """An RFC 3339 instant as an aware datetime (digits past microseconds dropped)."""
    match = _RFC3339.fullmatch(text)
    assert match, text
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    micro = int(((match.group(7) or "") + "000000")[:6])
    zone_text = match.group(8)
    if zone_text == "Z":
        zone = timezone.utc
    else:
        sign = -1 if zone_text[0] == "-" else 1
        zone = timezone(sign * timedelta(hours=int(zone_text[1:3]), minutes=int(zone_text[4:])))
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)


def decode(value: Any) -> Any:
    """Corpus value encoding: ``{"$time": ...}`` is a date-time, everything else as is."""
    if isinstance(value, dict):
        if set(value) == {"$time"}:
            return decode_time(value["$time"])
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def scope_for(env: dict[str, Any] | None, *, with_input: bool = True) -> Scope:
    """The scope a case environment describes (node-bound names split from variables)."""
    env = env or {}
    variables = decode(env.get("variables") or {})
    return Scope(
        decode(env.get("input")) if with_input else None,
        names={key: value for key, value in variables.items() if key in NODE_BOUND},
        variables={key: value for key, value in variables.items() if key not in NODE_BOUND},
        context=decode(env.get("context") or {}),
        nodes=decode(env.get("nodes") or {}),
    )


def run_mode(mode: str, expr: str, env: dict[str, Any] | None, args: Any = None) -> Any:
    """Evaluate like the corpus mode says; raises ExpressionError on failure."""
    if mode in ("bool", "node:condition"):
        return parse(expr).test(scope_for(env))
    if mode in ("value", "node:expression"):
        return parse(expr).evaluate(scope_for(env))
    if mode == "arith":
        return parse(expr).evaluate(scope_for(env, with_input=False))
    if mode == "deps":
        return sorted(parse(expr).references.nodes)
    if mode == "internal:parseDateTime":
        return parse_datetime(decode(args[0]))
    if mode == "internal:callDateTimeFunction":
        return call_function(expr, decode(args))
    raise AssertionError(f"unknown mode {mode}")


def outcome(mode: str, expr: str, env: dict[str, Any] | None, args: Any = None) -> tuple[str, Any]:
    """``("value", v)``, ``("load_error", message)`` or ``("error", message)``."""
    try:
        return ("value", run_mode(mode, expr, env, args))
    except ExpressionSyntaxError as error:
        return ("load_error", str(error))
    except ExpressionError as error:
        return ("error", str(error))


def same_value(expected: Any, actual: Any) -> bool:
    """JSON-value equality where a float expectation also demands a float result.

    Computed numbers are floats in this language; looked-up ints stay ints. Booleans are
    never numbers, NaN equals NaN, date-times compare by instant.
    """
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, float):
        return isinstance(actual, float) and (
            expected == actual or (math.isnan(expected) and math.isnan(actual))
        )
    if isinstance(expected, int):
        return type(actual) is int and expected == actual
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(same_value(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and set(expected) == set(actual)
            and all(same_value(expected[k], actual[k]) for k in expected)
        )
    return type(expected) is type(actual) and expected == actual
