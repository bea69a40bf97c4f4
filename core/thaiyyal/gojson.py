"""JSON text exactly as Go's ``encoding/json`` writes it.

Where JSON text becomes a workflow *value* (the ``format`` node's output, the text ``parse``
makes of a non-text input, CSV cells holding objects), clients compare it byte for byte with
what earlier engines produced, so it must match Go's ``json.Marshal`` / ``MarshalIndent``:

* object keys sorted byte-wise; compact form without spaces; indented form with ``": "``
  after keys, one element per line, ``[]`` / ``{}`` for empty containers;
* strings: ``"`` and ``\\`` escaped, ``\\n \\r \\t \\b \\f`` short-escaped, other control
  characters as ``\\u00xx``, ``<`` ``>`` ``&`` and U+2028 / U+2029 escaped as ``\\u003c``
  etc., other non-ASCII written raw, lone surrogates (invalid UTF-8) as ``\\ufffd``;
* floats: shortest round-trip digits in plain decimal notation, unless the magnitude is
  below 1e-6 or at least 1e21, then scientific with the exponent unpadded (``1e-7``,
  ``1e+21``); integral floats without ``.0``; NaN and infinities are an error;
* date-times (context epoch values) as RFC 3339 strings with trailing fractional zeros
  trimmed.

Python's :mod:`json` differs on every float above 1e16 (``1e+16`` vs
``10000000000000000``), on HTML escaping and on pretty-print spacing, hence this module.
The encoder walks values with an explicit stack, so nesting depth cannot exhaust the
interpreter stack, and it can stop early once the text grows past a length budget.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any

from .jsonout import format_datetime
from .values import positional, shortest_digits

__all__ = [
    "GoJSONError",
    "GoJSONTooLong",
    "dumps",
    "format_float",
    "quote",
]


class GoJSONError(ValueError):
    """A value that Go's encoder refuses (NaN, infinities, unsupported types).

    The message is Go's (``json: unsupported value: NaN``).
    """


class GoJSONTooLong(GoJSONError):
    """The text grew past the caller's length budget (``max_length`` characters)."""

    def __init__(self, max_length: int) -> None:
        super().__init__(f"json: output longer than {max_length} characters")
        self.max_length = max_length


# Characters Python's encode_basestring leaves raw but Go escapes.
_GO_EXTRA = re.compile("[<>&\u2028\u2029\ud800-\udfff]")
_GO_EXTRA_TEXT = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _go_extra(match: re.Match[str]) -> str:
    return _GO_EXTRA_TEXT.get(match.group(), "\\ufffd")


def quote(text: str) -> str:
    """``text`` as a Go JSON string literal (with its quotes)."""
    # encode_basestring already matches Go for quotes, backslashes and control characters
    # (short forms for \n \r \t \b \f, lower-case \u00xx for the rest).
    quoted: str = encode_basestring(text)
    if _GO_EXTRA.search(quoted) is None:
        return quoted
    return _GO_EXTRA.sub(_go_extra, quoted)


def format_float(number: float) -> str:
    """A float as Go's JSON encoder writes it (``1e20`` -> ``100000000000000000000``).

    Raises :class:`GoJSONError` for NaN and infinities.
    """
    if not math.isfinite(number):
        raise GoJSONError(f"json: unsupported value: {_go_g(number)}")
    if number == 0:
        return "-0" if math.copysign(1.0, number) < 0 else "0"
    sign = "-" if number < 0 else ""
    magnitude = abs(number)
    digits, exponent = shortest_digits(number)
    if magnitude < 1e-6 or magnitude >= 1e21:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        # Go pads the exponent to two digits, then strips the zero of "e-0X" (not "e+0X").
        if exponent < 0:
            return f"{sign}{mantissa}e-{-exponent}"
        return f"{sign}{mantissa}e+{exponent:02d}"
    return sign + positional(digits, exponent + 1)


def _go_g(number: float) -> str:
    if number != number:
        return "NaN"
    return "+Inf" if number > 0 else "-Inf"


def _scalar(value: Any) -> str | None:
    """JSON text of a scalar, or None for containers."""
    cls = value.__class__
    if cls is str:
        return quote(value)
    if cls is float:
        return format_float(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if cls is int:
        return str(value)
    if cls is dict or cls is list or cls is tuple:
        return None
    if isinstance(value, (Mapping, list, tuple)):
        return None
    if isinstance(value, datetime):
        return quote(format_datetime(value))
    if isinstance(value, int):  # (bool cannot be subclassed: True and False are handled above)
        return str(int(value))
    if isinstance(value, float):
        return format_float(float(value))
    if isinstance(value, str):
        return quote(str(value))
    raise GoJSONError(f"json: unsupported type: {type(value).__name__}")


def _key_text(key: Any) -> str:
    return key if isinstance(key, str) else str(key)


def dumps(value: Any, *, indent: str | None = None, max_length: int = 0) -> str:
    """Go's ``json.Marshal(value)``, or ``json.MarshalIndent(value, "", indent)``.

    ``max_length`` (characters; 0 = no limit) stops the encoder as soon as the text grows
    past it, raising :class:`GoJSONTooLong`, so a huge value is never fully rendered.
    Raises :class:`GoJSONError` for values Go cannot encode.
    """
    scalar = _scalar(value)
    if scalar is not None:
        if max_length and len(scalar) > max_length:
            raise GoJSONTooLong(max_length)
        return scalar
    parts: list[str] = []
    size = 0
    key_sep = ":" if indent is None else ": "
    # Each frame: (iterator over the container's items, is it an object, its depth).
    stack: list[tuple[Iterator[Any], bool, int]] = []
    first = True

    def open_container(container: Any, depth: int) -> str:
        nonlocal first
        if isinstance(container, Mapping):
            if not container:
                return "{}"
            items = sorted(container.items(), key=lambda kv: _key_text(kv[0]))
            stack.append((iter(items), True, depth))
            first = True
            return "{"
        if not container:
            return "[]"
        stack.append((iter(container), False, depth))
        first = True
        return "["

    piece = open_container(value, 0)
    parts.append(piece)
    size += len(piece)
    while stack:
        iterator, is_object, depth = stack[-1]
        item = next(iterator, _END)
        if item is _END:
            stack.pop()
            close = "}" if is_object else "]"
            piece = close if indent is None else "\n" + indent * depth + close
            first = False
        else:
            lead = "" if first else ","
            if indent is not None:
                lead += "\n" + indent * (depth + 1)
            first = False
            if is_object:
                key, element = item
                lead += quote(_key_text(key)) + key_sep
            else:
                element = item
            text = _scalar(element)
            piece = lead + (text if text is not None else open_container(element, depth + 1))
        parts.append(piece)
        size += len(piece)
        if max_length and size > max_length:
            raise GoJSONTooLong(max_length)
    return "".join(parts)


_END: Any = object()
