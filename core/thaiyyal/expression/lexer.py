"""Turns expression text into tokens.

The one context-sensitive rule of the grammar lives here: after a ``.`` that follows
something that can be accessed (a name, a field, a literal, ``)`` or ``]``), the next word
is a *segment name*, which may start with a digit and contain ``-``. That is how
``node.threshold-node.value`` and ``item.zip-code`` name things while ``a - b`` subtracts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import NamedTuple

from thaiyyal.expression.errors import ExpressionSyntaxError

__all__ = [
    "EOF",
    "NAME",
    "NUMBER",
    "SEGMENT",
    "STRING",
    "Token",
    "iter_tokens",
    "tokenize",
]

NUMBER = "number"
STRING = "string"
NAME = "name"
SEGMENT = "segment"
EOF = "end"

_WHITESPACE = re.compile(r"[ \t\r\n]+")
_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_TWO_CHAR_OPERATORS = frozenset({"==", "!=", "<=", ">=", "&&", "||"})
_ONE_CHAR_OPERATORS = frozenset("+-*/%!<>?:.,()[]")
# Token kinds after which "." accesses a member instead of starting a number like ".5".
_ACCESSIBLE = frozenset({NAME, SEGMENT, NUMBER, STRING, ")", "]"})
_ESCAPABLE = frozenset("\\'\"")
_HINTS = {
    "=": "unexpected character '=' (compare with '==')",
    "&": "unexpected character '&' (use '&&')",
    "|": "unexpected character '|' (use '||')",
}


class Token(NamedTuple):
    """One token: ``kind`` is a constant of this module or the operator text itself."""

    kind: str
    text: str
    position: int
    value: object = None

    def describe(self) -> str:
        """How the token is named in error messages."""
        if self.kind == EOF:
            return "end of expression"
        if self.kind == STRING:
            return "string"
        if self.kind in (NAME, SEGMENT):
            return f"name '{self.text}'"
        if self.kind == NUMBER:
            return f"number {self.text}"
        return f"'{self.text}'"


def _scan_string(source: str, start: int) -> tuple[str, int]:
    """Read the string literal opening at ``start``; return its value and the end offset."""
    quote = source[start]
    pieces: list[str] = []
    index = start + 1
    length = len(source)
    while index < length:
        char = source[index]
        if char == "\\" and index + 1 < length and source[index + 1] in _ESCAPABLE:
            pieces.append(source[index + 1])
            index += 2
            continue
        if char == quote:
            return "".join(pieces), index + 1
        pieces.append(char)
        index += 1
    raise ExpressionSyntaxError("unterminated string", source, start)


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens, ending with an ``EOF`` token.

    Raises :class:`ExpressionSyntaxError` for a character that starts no token, an
    unterminated string or a number literal out of the float range.
    """
    return list(iter_tokens(source))


def iter_tokens(source: str) -> Iterator[Token]:
    """The tokens of ``source`` one by one, so a parser that fails early stops lexing."""
    position = 0
    length = len(source)
    previous = EOF
    while position < length:
        char = source[position]
        if char in " \t\r\n":
            match = _WHITESPACE.match(source, position)
            assert match is not None
            position = match.end()
            continue
        if previous == ".":
            match = _SEGMENT.match(source, position)
            if match:
                yield Token(SEGMENT, match.group(), position)
                position = match.end()
                previous = SEGMENT
                continue
        if char in "'\"":
            value, end = _scan_string(source, position)
            yield Token(STRING, source[position:end], position, value)
            position = end
            previous = STRING
            continue
        if "0" <= char <= "9" or (char == "." and previous not in _ACCESSIBLE):
            match = _NUMBER.match(source, position)
            if match:
                text = match.group()
                number = float(text)
                if math.isinf(number):
                    shown = text if len(text) <= 24 else text[:21] + "..."
                    raise ExpressionSyntaxError(f"number out of range: {shown}", source, position)
                yield Token(NUMBER, text, position, number)
                position = match.end()
                previous = NUMBER
                continue
        if char.isascii() and (char.isalpha() or char == "_"):
            match = _NAME.match(source, position)
            assert match is not None
            yield Token(NAME, match.group(), position)
            position = match.end()
            previous = NAME
            continue
        pair = source[position : position + 2]
        if pair in _TWO_CHAR_OPERATORS:
            yield Token(pair, pair, position)
            position += 2
            previous = pair
            continue
        if char in _ONE_CHAR_OPERATORS:
            yield Token(char, char, position)
            position += 1
            previous = char
            continue
        reason = _HINTS.get(char) or f"unexpected character {char!r}"
        raise ExpressionSyntaxError(reason, source, position)
    yield Token(EOF, "", length)
