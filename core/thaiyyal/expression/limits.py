"""Bounds on what an expression may be and build.

An expression comes from a workflow payload, so neither its text nor the values it makes
can be trusted: the text is bounded in length and nesting (so parsing and evaluation never
exhaust the interpreter stack), and the strings and arrays it builds are bounded in size
(so ``split``, ``replace``, ``join``, ``map``, ``zip`` or ``flatten`` cannot blow up memory).
The defaults are the engine's defaults; the engine passes its configured values.
"""

from __future__ import annotations

import attrs

__all__ = ["DEFAULT_LIMITS", "ExpressionLimits"]

# Every nesting level costs a handful of interpreter frames in the parser and a couple in
# the evaluator; this ceiling keeps the worst case far below Python's default recursion
# limit even when the caller is itself deep in the stack.
_MAX_DEPTH_CEILING = 128


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


def _depth(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be at least 1, got {value}")
    if value > _MAX_DEPTH_CEILING:
        raise ValueError(f"{attribute.name} may not exceed {_MAX_DEPTH_CEILING}, got {value}")


@attrs.frozen
class ExpressionLimits:
    """Limits applied when parsing and evaluating expressions.

    * ``max_expression_length`` - characters of source text (the reference's 10 000).
    * ``max_depth`` - nesting of parentheses, calls, indexes, ternaries and prefix operators.
    * ``max_string_length`` - UTF-8 bytes of a string the expression builds (1 MiB).
    * ``max_array_length`` - elements of an array the expression builds (10 000).

    As in the engine configuration, 0 means unlimited for the three length limits;
    ``max_depth`` always applies (1 to 128) because it protects the interpreter stack.
    """

    max_expression_length: int = attrs.field(default=10_000, validator=_non_negative)
    max_depth: int = attrs.field(default=64, validator=_depth)
    max_string_length: int = attrs.field(default=1 << 20, validator=_non_negative)
    max_array_length: int = attrs.field(default=10_000, validator=_non_negative)


DEFAULT_LIMITS = ExpressionLimits()
