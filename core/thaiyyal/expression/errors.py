"""Errors of the expression language.

Two moments, two classes: :class:`ExpressionSyntaxError` when the text is parsed (the
workflow is being loaded, so the engine reports it with the node id and config field), and
:class:`ExpressionEvaluationError` while it runs (the node applies its per-element policy).
Both are :class:`ExpressionError`, itself a :class:`~thaiyyal.errors.ThaiyyalError`, so one
``except`` clause covers everything the language can raise.
"""

from __future__ import annotations

from thaiyyal.errors import ThaiyyalError

__all__ = [
    "ExpressionError",
    "ExpressionEvaluationError",
    "ExpressionLimitError",
    "ExpressionSyntaxError",
    "ExpressionTooComplex",
    "excerpt",
]


class ExpressionError(ThaiyyalError):
    """Anything that went wrong with an expression."""


class ExpressionSyntaxError(ExpressionError):
    """The text is not a valid expression; raised by :func:`thaiyyal.expression.parse`.

    ``position`` is the 0-based character offset of the problem in the source, ``line`` and
    ``column`` are 1-based (``column`` counts within ``line``), ``reason`` is the message
    without the location, and ``source`` is the full expression text.
    """

    def __init__(self, reason: str, source: str, position: int) -> None:
        position = max(0, min(position, len(source)))
        line = source.count("\n", 0, position) + 1
        line_start = source.rfind("\n", 0, position) + 1
        self.reason = reason
        self.source = source
        self.position = position
        self.line = line
        self.column = position - line_start + 1
        where = (
            f"column {self.column}" if "\n" not in source else f"line {line}, column {self.column}"
        )
        super().__init__(f"{reason} at {where}")


class ExpressionTooComplex(ExpressionSyntaxError):
    """The text exceeds a parse limit (``limit`` is ``"max_expression_length"`` or
    ``"max_depth"``; ``maximum`` is the configured bound)."""

    def __init__(self, reason: str, source: str, position: int, limit: str, maximum: int) -> None:
        super().__init__(reason, source, position)
        self.limit = limit
        self.maximum = maximum


class ExpressionEvaluationError(ExpressionError):
    """Evaluation failed; the message is the specific cause (``division by zero``, ...)."""


class ExpressionLimitError(ExpressionEvaluationError):
    """Evaluation would build a value larger than allowed.

    ``limit`` names the bound (``"max_string_length"`` or ``"max_array_length"``), ``value``
    is the size that was about to be built and ``maximum`` the configured bound.
    """

    def __init__(self, message: str, limit: str, value: int, maximum: int) -> None:
        super().__init__(message)
        self.limit = limit
        self.value = value
        self.maximum = maximum


def excerpt(text: str, limit: int = 100) -> str:
    """``text`` cut for an error message: a 1 MiB value must not become the message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
