"""Checks of values against the engine's size limits.

A value is checked against ``max_string_length`` (UTF-8 bytes), ``max_array_length``,
``max_context_depth`` and ``max_input_size`` (its size written as JSON, estimated), and must
not contain NaN or infinities (they have no JSON form). The checks descend into arrays and
objects alike. Depth counts a scalar as 1 and a container as one more than its deepest
child, with an empty container counting 0 (so ``{"a": 1}`` has depth 2). The messages are
the reference's, with ``array element <i>: `` / ``map key <k>: `` prefixes saying where the
offending part sits.

Values may share parts (a node can put one list into its result twice, and the next node
can do it again): every container is measured once per check, and big containers once per
run (``memo``), so such values cost what their distinct parts cost, never their expanded
size — while the JSON size budget still counts them expanded, as they would be written.
"""

from __future__ import annotations

import math
from typing import Any

from .config import EngineConfig

__all__ = ["Memo", "ValueLimits", "value_problem"]

#: id of a container → (the container, its depth, its estimated JSON size)
Memo = dict[int, tuple[Any, int, int]]

#: containers at least this long are remembered for the whole run
_REMEMBER_FROM = 16


class _Violation(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValueLimits:
    """The value limits of an engine config, read once (0 = unlimited)."""

    __slots__ = ("_short_string", "max_array", "max_depth", "max_size", "max_string")

    def __init__(self, config: EngineConfig) -> None:
        self.max_string = config.max_string_length
        self.max_array = config.max_array_length
        self.max_depth = config.max_context_depth
        self.max_size = config.max_input_size
        # strings of at most this many characters cannot break the byte limit
        self._short_string = self.max_string // 4 if self.max_string else 1 << 62

    def check(self, value: Any, memo: Memo | None = None) -> str | None:
        """The first problem with ``value``, or None when it is within the limits.

        ``memo`` (one per run) remembers big containers already measured.
        """
        kind = type(value)
        if kind is float:
            return None if math.isfinite(value) else f"value is not a finite number: {value}"
        if value is None or kind is int or kind is bool:
            return None
        try:
            _, size = self._measure(value, 1, {}, memo)
        except _Violation as violation:
            return violation.message
        except RecursionError:
            return f"value too deeply nested: more than {self.max_depth or 'the'} levels"
        if self.max_size and size > self.max_size:
            return self._size_message(size)
        return None

    def _size_message(self, size: int) -> str:
        return f"value too large: about {size} bytes written as JSON (limit: {self.max_size})"

    def _too_deep(self, depth: int) -> _Violation:
        return _Violation(f"value too deeply nested: {depth} levels (limit: {self.max_depth})")

    def _measure(self, value: Any, level: int, local: Memo, memo: Memo | None) -> tuple[int, int]:
        """``(depth, estimated JSON size)`` of ``value`` found at nesting ``level``.

        Scalars inside containers are handled inline (no call per element); nested
        containers, strings that could be too long, and anything past the depth limit go
        through this method again, which builds the messages.
        """
        kind = type(value)
        if kind is str:
            limit = self.max_string
            if limit and len(value) * 4 > limit:
                size = len(value.encode("utf-8", "surrogatepass"))
                if size > limit:
                    raise _Violation(f"string too long: {size} bytes (limit: {limit})")
            if self.max_depth and level > self.max_depth:
                raise self._too_deep(level)
            return 1, len(value) + 2
        is_list = kind is list or kind is tuple
        if not is_list and kind is not dict:
            if kind is float and not math.isfinite(value):
                raise _Violation(f"value is not a finite number: {value}")
            if self.max_depth and level > self.max_depth:
                raise self._too_deep(level)
            return 1, 8
        key = id(value)
        found = local.get(key)
        if found is None and memo is not None:
            found = memo.get(key)
        if found is not None and found[0] is value:
            depth = found[1]
            if self.max_depth and level - 1 + depth > self.max_depth:
                raise self._too_deep(level - 1 + depth)
            return depth, found[2]
        if not value:
            if self.max_depth and level - 1 > self.max_depth:
                raise self._too_deep(level - 1)
            return 0, 2
        if is_list and self.max_array and len(value) > self.max_array:
            raise _Violation(f"array too large: {len(value)} elements (limit: {self.max_array})")
        short = self._short_string
        inline = not self.max_depth or level < self.max_depth
        max_size = self.max_size
        deepest, size = 0, 1
        pairs = enumerate(value) if is_list else value.items()
        for where, item in pairs:
            item_kind = type(item)
            if inline and (
                item_kind is int
                or item_kind is bool
                or item is None
                or (item_kind is float and item - item == 0.0)
            ):
                size += 9
                if not deepest:
                    deepest = 1
            elif inline and item_kind is str and len(item) <= short:
                size += len(item) + 3
                if not deepest:
                    deepest = 1
            else:
                try:
                    depth, item_size = self._measure(item, level + 1, local, memo)
                except _Violation as violation:
                    prefix = f"array element {where}" if is_list else f"map key {where}"
                    raise _Violation(f"{prefix}: {violation.message}") from None
                if depth > deepest:
                    deepest = depth
                size += item_size + 1
            if not is_list:
                size += len(where) + 3 if type(where) is str else 11
            if max_size and size > max_size:
                raise _Violation(self._size_message(size))
        depth = deepest + 1
        # Containers of scalars are cheap to walk again; remembering the others is enough
        # to walk any shared structure in time linear in its distinct parts.
        big = len(value) >= _REMEMBER_FROM
        if big or depth > 2:
            entry = (value, depth, size)
            local[key] = entry
            if big and memo is not None:
                memo[key] = entry
        return depth, size


def value_problem(value: Any, config: EngineConfig) -> str | None:
    """Convenience wrapper: the first problem of ``value`` under ``config``."""
    return ValueLimits(config).check(value)
