"""Checks of values against the engine's size limits.

A value is checked against ``max_string_length`` (UTF-8 bytes), ``max_array_length`` and
``max_context_depth`` and must not contain NaN or infinities (they have no JSON form). The
checks descend into arrays and objects alike. Depth counts a scalar as 1 and a container as
one more than its deepest child, with an empty container counting 0 (so ``{"a": 1}`` has
depth 2). The messages are the reference's, with ``array element <i>: `` / ``map key <k>: ``
prefixes saying where the offending part sits.
"""

from __future__ import annotations

import math
from typing import Any

from .config import EngineConfig

__all__ = ["ValueLimits", "value_problem"]


class ValueLimits:
    """The three value limits of an engine config, read once (0 = unlimited)."""

    __slots__ = ("max_array", "max_depth", "max_string")

    def __init__(self, config: EngineConfig) -> None:
        self.max_string = config.max_string_length
        self.max_array = config.max_array_length
        self.max_depth = config.max_context_depth

    def check(self, value: Any) -> str | None:
        """The first problem with ``value``, or None when it is within the limits."""
        kind = type(value)
        if kind is float:
            return None if math.isfinite(value) else f"value is not a finite number: {value}"
        if value is None or kind is int or kind is bool:
            return None
        try:
            return self._check(value, 1)
        except RecursionError:
            return f"value too deeply nested: more than {self.max_depth or 'the'} levels"

    def _depth_problem(self, depth: int) -> str | None:
        if self.max_depth and depth > self.max_depth:
            return f"value too deeply nested: {depth} levels (limit: {self.max_depth})"
        return None

    def _check(self, value: Any, level: int) -> str | None:
        kind = type(value)
        if kind is str:
            limit = self.max_string
            if limit and len(value) * 4 > limit:
                size = len(value.encode("utf-8", "surrogatepass"))
                if size > limit:
                    return f"string too long: {size} bytes (limit: {limit})"
            return self._depth_problem(level)
        if kind is float:
            if not math.isfinite(value):
                return f"value is not a finite number: {value}"
            return self._depth_problem(level)
        if kind is list or kind is tuple:
            if self.max_array and len(value) > self.max_array:
                return f"array too large: {len(value)} elements (limit: {self.max_array})"
            if not value:
                return self._depth_problem(level - 1)
            for i, item in enumerate(value):
                problem = self._check(item, level + 1)
                if problem is not None:
                    return f"array element {i}: {problem}"
            return None
        if kind is dict:
            if not value:
                return self._depth_problem(level - 1)
            for key, item in value.items():
                problem = self._check(item, level + 1)
                if problem is not None:
                    return f"map key {key}: {problem}"
            return None
        return self._depth_problem(level)


def value_problem(value: Any, config: EngineConfig) -> str | None:
    """Convenience wrapper: the first limit problem of ``value`` under ``config``."""
    return ValueLimits(config).check(value)
