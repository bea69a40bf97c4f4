"""Names and argument counts of the built-in functions and methods.

The parser checks these at load time: an unknown name or a wrong argument count that does
not depend on argument types is a syntax error, not a run-time surprise. The implementations
live in :mod:`thaiyyal.expression.functions` and :mod:`thaiyyal.expression.methods`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = ["FUNCTIONS", "METHODS", "Arity", "arity_problem"]


@attrs.frozen
class Arity:
    """How many arguments a function or method takes (``maximum`` None = no upper bound)."""

    minimum: int
    maximum: int | None

    def accepts(self, count: int) -> bool:
        return count >= self.minimum and (self.maximum is None or count <= self.maximum)


_ONE = Arity(1, 1)
_TWO = Arity(2, 2)
_NONE = Arity(0, 0)
_ONE_OR_MORE = Arity(1, None)

FUNCTIONS: Mapping[str, Arity] = MappingProxyType(
    {
        # value functions (spec/expressions.md section 8.4)
        "map": _TWO,
        "avg": _ONE_OR_MORE,
        "sum": _ONE_OR_MORE,
        "min": _ONE_OR_MORE,
        "max": _ONE_OR_MORE,
        "round": _ONE,
        "floor": _ONE,
        "ceil": _ONE,
        "abs": _ONE,
        "sort": _ONE,
        "reverse": _ONE,
        "unique": _ONE,
        "flatten": _ONE,
        "slice": Arity(2, 3),
        "sample": _TWO,
        "zip": Arity(2, None),
        # arithmetic-only functions (section 8.3)
        "pow": _TWO,
        "sqrt": _ONE,
        # condition functions (section 8.5)
        "contains": _TWO,
        "isNull": _ONE,
        "coalesce": _ONE_OR_MORE,
        "now": _NONE,
        "parseDate": _ONE,
        "toEpoch": _ONE,
        "toEpochMillis": _ONE,
        "fromEpoch": _ONE,
        "fromEpochMillis": _ONE,
        "dateDiff": _TWO,
        "dateAdd": _TWO,
        "year": _ONE,
        "month": _ONE,
        "day": _ONE,
        "hour": _ONE,
        "minute": _ONE,
    }
)

METHODS: Mapping[str, Arity] = MappingProxyType(
    {
        "toUpperCase": _NONE,
        "toLowerCase": _NONE,
        "trim": _NONE,
        "reverse": _NONE,
        "first": _NONE,
        "last": _NONE,
        "includes": _ONE,
        "startsWith": _ONE,
        "endsWith": _ONE,
        "split": _ONE,
        "join": _ONE,
        "replace": _TWO,
    }
)


def arity_problem(name: str, arity: Arity, count: int) -> str | None:
    """The error text when ``count`` arguments do not fit ``arity``, else None."""
    if arity.accepts(count):
        return None
    low, high = arity.minimum, arity.maximum
    if high == 0:
        return f"{name}() takes no arguments, got {count}"
    if high is None:
        plural = "argument" if low == 1 else "arguments"
        return f"{name}() requires at least {low} {plural}, got {count}"
    if low == high:
        plural = "argument" if low == 1 else "arguments"
        return f"{name}() requires exactly {low} {plural}, got {count}"
    return f"{name}() requires {low} or {high} arguments, got {count}"
