"""JSON value semantics shared by node plugins and the expression language.

Workflow data is plain Python: ``None``, ``bool``, ``int``, ``float``, ``str``, ``list``,
``dict`` and, for date functions and date nodes, timezone-aware :class:`datetime.datetime`.
Payload numbers are floats; counts and indexes made by the engine are ints. Both are numbers
everywhere, while ``bool`` never is (Python's ``True == 1`` must not leak into workflow logic).

The helpers here reproduce what clients can see of the reference engine's value handling:

* :func:`parse_go_float` - which strings count as numbers (Go ``strconv.ParseFloat`` rules),
* :func:`go_format` - the ``%v`` text used by ``contains``, ``join``, ``unique``, group keys,
* :func:`go_type_name` - the ``%T`` names that appear in error texts and ``original_type``,
* :func:`values_equal` / :func:`compare_values` / :func:`sort_compare` - the comparison rules
  of the expression language (spec/expressions.md section 7).

Nested values are walked with explicit stacks, never recursion, so a deeply nested payload
cannot exhaust the interpreter stack.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

__all__ = [
    "EXACT_INT",
    "Value",
    "compare_values",
    "go_format",
    "go_format_float",
    "go_type_name",
    "is_number",
    "is_numeric",
    "is_true",
    "parse_go_float",
    "sort_compare",
    "to_number",
    "utf8_length",
    "values_equal",
]

#: A workflow value: JSON data (None, bool, int, float, str, list, dict) or a datetime.
#: ``Any`` rather than a union so node code can index and compare without casts.
Value = Any

_UTC = timezone.utc


# ------------------------------------------------------------------------------- numbers


def is_number(value: object) -> bool:
    """True for ints and floats; never for booleans (which are ints in Python)."""
    cls = value.__class__
    if cls is float or cls is int:
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# Digits only between digits (or after a base prefix): Go's underscoreOK.
def _underscores_ok(text: str) -> bool:
    saw = "^"
    i = 0
    if text[:1] in ("+", "-"):
        text = text[1:]
    hexadecimal = False
    if len(text) >= 2 and text[0] == "0" and text[1] in "bBoOxX":
        i = 2
        saw = "0"
        hexadecimal = text[1] in "xX"
    while i < len(text):
        ch = text[i]
        i += 1
        if "0" <= ch <= "9" or (hexadecimal and ch in "abcdefABCDEF"):
            saw = "0"
            continue
        if ch == "_":
            if saw != "0":
                return False
            saw = "_"
            continue
        if saw == "_":
            return False
        saw = "!"
    return saw != "_"


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_HEXADECIMAL = re.compile(
    r"([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+)"
)
_SPECIAL = {"inf": math.inf, "infinity": math.inf}


def parse_go_float(text: str) -> float:
    """Parse ``text`` the way Go's ``strconv.ParseFloat(text, 64)`` does.

    Accepts ``1e5``, ``+3``, ``.5``, ``5.``, ``1_000`` (underscores only between digits),
    ``inf``/``infinity`` with optional sign and ``nan`` in any case, and hex floats with a
    ``p`` exponent (``0x1p3``). Rejects surrounding spaces, ``0x10`` and anything else.
    A value out of range (``1e400``) is an error, not infinity, as in Go.

    Raises :class:`ValueError` when the text is not a number.
    """
    if not text:
        raise ValueError("invalid syntax: empty string")
    lowered = text.lower()
    unsigned = lowered[1:] if lowered[0] in "+-" else lowered
    special = _SPECIAL.get(unsigned)
    if special is not None:
        return -special if lowered[0] == "-" else special
    if lowered == "nan":
        return math.nan
    if "_" in text:
        if not _underscores_ok(text):
            raise ValueError(f"invalid syntax: {text!r}")
        text = text.replace("_", "")
    if _DECIMAL.fullmatch(text):
        result = float(text)
        if math.isinf(result):
            raise ValueError(f"value out of range: {text!r}")
        return result
    match = _HEXADECIMAL.fullmatch(text)
    if match:
        try:
            result = float.fromhex("0x" + match.group(2))
        except OverflowError:
            raise ValueError(f"value out of range: {text!r}") from None
        if math.isinf(result):
            raise ValueError(f"value out of range: {text!r}")
        return -result if match.group(1) == "-" else result
    raise ValueError(f"invalid syntax: {text!r}")


# The common shape of numeric strings, checked before the full Go grammar.
_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


#: ints within this magnitude convert to float exactly, so fast paths may compare them
#: as they are; past it, == and ordering go through float as the reference's float64
#: numbers do (2**53 + 1 == 2**53)
EXACT_INT = 2**53


def to_number(value: object) -> float | None:
    """The numeric value of ``value``, or ``None`` when it is not numeric.

    Numbers (ints and floats, never booleans) and strings accepted by
    :func:`parse_go_float` are numeric; ints are widened to float (an int too large for a
    float becomes an infinity of its sign).
    """
    cls = value.__class__
    if cls is float:
        return value  # type: ignore[return-value]
    if cls is str:
        text: str = value  # type: ignore[assignment]
        if _PLAIN_DECIMAL.fullmatch(text):
            result = float(text)
            return None if math.isinf(result) else result
        try:
            return parse_go_float(text)
        except ValueError:
            return None
    if cls is int or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        try:
            return float(value)  # type: ignore[arg-type]
        except OverflowError:
            return math.inf if value > 0 else -math.inf  # type: ignore[operator]
    return None


def is_numeric(value: object) -> bool:
    """True for numbers and for strings Go's ``ParseFloat`` accepts (``"42"``, ``"1e3"``)."""
    return to_number(value) is not None


def is_true(value: object) -> bool:
    """Condition truth: only the boolean ``True`` is true (no truthiness)."""
    return value is True


def utf8_length(text: str) -> int:
    """Length of ``text`` in UTF-8 bytes (what ``.length`` and size limits count)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


# ------------------------------------------------------------------------------- %v text


def shortest_digits(number: float) -> tuple[str, int]:
    """Shortest round-trip digits of ``abs(number)`` and the decimal exponent of the first
    (``123.45`` -> ``("12345", 2)``, ``0.001`` -> ``("1", -3)``): the raw material of
    every Go float rendering (``%v`` here, JSON in :mod:`thaiyyal.gojson`)."""
    text = repr(abs(number))
    exponent = 0
    if "e" in text:
        text, exponent_text = text.split("e")
        exponent = int(exponent_text)
    whole, _, fraction = text.partition(".")
    all_digits = whole + fraction
    stripped = all_digits.lstrip("0")
    leading_zeros = len(all_digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    return digits, len(whole) - leading_zeros + exponent - 1


def go_format_float(number: float) -> str:
    """A float as Go's ``%v`` writes it: shortest digits, scientific iff exponent < -4 or >= 6.

    ``1.0`` -> ``1``, ``2.5`` -> ``2.5``, ``123456.0`` -> ``123456``, ``1e6`` -> ``1e+06``,
    ``1e-05`` -> ``1e-05``, NaN -> ``NaN``, infinities -> ``+Inf`` / ``-Inf``.
    """
    magnitude = abs(number)
    if 1e-4 <= magnitude < 1e6:
        # Plain notation, where Python's shortest repr already agrees with Go's.
        return str(int(number)) if number.is_integer() else repr(number)
    if number != number:
        return "NaN"
    if math.isinf(number):
        return "+Inf" if number > 0 else "-Inf"
    if number == 0:
        return "-0" if math.copysign(1.0, number) < 0 else "0"
    # Below 1e-4 or from 1e6 on, the shortest digits' exponent is below -4 or at least 6
    # (the float just under 1e-4 is 9.999999999999999e-05), so Go writes an exponent.
    sign = "-" if number < 0 else ""
    digits, decimal_exponent = shortest_digits(number)
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    exponent_sign = "-" if decimal_exponent < 0 else "+"
    return f"{sign}{mantissa}e{exponent_sign}{abs(decimal_exponent):02d}"


def positional(digits: str, point: int) -> str:
    """Digits written without an exponent, ``point`` of them before the decimal point
    (``("125", 1)`` -> ``1.25``, ``("5", -2)`` -> ``0.005``, ``("12", 4)`` -> ``1200``)."""
    if point <= 0:
        return f"0.{'0' * -point}{digits}"
    if point >= len(digits):
        return digits + "0" * (point - len(digits))
    return f"{digits[:point]}.{digits[point:]}"


def _format_time(moment: datetime) -> str:
    tzinfo = moment.tzinfo
    if tzinfo is None:
        moment = moment.replace(tzinfo=_UTC)
        tzinfo = _UTC
    offset = moment.utcoffset() or timedelta(0)
    total_minutes = int(offset.total_seconds()) // 60
    offset_sign = "-" if total_minutes < 0 else "+"
    hours, minutes = divmod(abs(total_minutes), 60)
    offset_text = f"{offset_sign}{hours:02d}{minutes:02d}"
    if tzinfo is _UTC or (offset == timedelta(0) and moment.tzname() in ("UTC", "UTC+00:00")):
        zone = "UTC"
    elif isinstance(tzinfo, timezone):
        zone = offset_text  # an unnamed fixed offset, written like Go does
    else:
        zone = moment.tzname() or offset_text
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    if moment.microsecond:
        text += "." + f"{moment.microsecond:06d}".rstrip("0")
    return f"{text} {offset_text} {zone}"


def _format_scalar(value: object) -> str | None:
    """%v of a non-container value, or None for containers."""
    cls = value.__class__
    if cls is str:
        return value  # type: ignore[return-value]
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if cls is float:
        return go_format_float(value)  # type: ignore[arg-type]
    if cls is int:
        return str(value)
    if isinstance(value, (Mapping, list, tuple)):
        return None
    if isinstance(value, datetime):
        return _format_time(value)
    if isinstance(value, float):
        return go_format_float(value)
    if isinstance(value, int):
        return str(int(value))
    return str(value)


def go_format(value: object) -> str:
    """The text Go's ``%v`` gives for a workflow value.

    ``None`` -> ``<nil>``, booleans ``true``/``false``, ints in decimal, floats as
    :func:`go_format_float`, strings raw, lists ``[a b]``, objects ``map[k:v]`` with keys
    sorted, datetimes ``2024-01-15 10:30:00 +0000 UTC``.
    """
    scalar = _format_scalar(value)
    if scalar is not None:
        return scalar
    parts: list[str] = []
    # Work items are either a value to format or a literal piece of text.
    stack: list[tuple[bool, object]] = [(False, value)]
    while stack:
        is_text, item = stack.pop()
        if is_text:
            parts.append(item)  # type: ignore[arg-type]
            continue
        scalar = _format_scalar(item)
        if scalar is not None:
            parts.append(scalar)
            continue
        pending: list[tuple[bool, object]] = []
        if isinstance(item, Mapping):
            pending.append((True, "map["))
            for index, key in enumerate(sorted(item, key=str)):
                if index:
                    pending.append((True, " "))
                pending.append((True, f"{key}:"))
                pending.append((False, item[key]))
        else:
            pending.append((True, "["))
            elements: Iterable[object] = item  # type: ignore[assignment]
            for index, element in enumerate(elements):
                if index:
                    pending.append((True, " "))
                pending.append((False, element))
        pending.append((True, "]"))
        stack.extend(reversed(pending))
    return "".join(parts)


def go_type_name(value: object) -> str:
    """Go's ``%T`` name for a workflow value (as it appears in error texts)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "map[string]interface {}"
    if isinstance(value, (list, tuple)):
        return "[]interface {}"
    if isinstance(value, datetime):
        return "time.Time"
    return type(value).__name__


# ---------------------------------------------------------------------------- comparison


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=_UTC)


def _is_array(value: object) -> bool:
    return isinstance(value, (list, tuple))


def _scalar_equal(left: object, right: object) -> bool | None:
    """Equality of two values, or None when both are arrays/objects to compare deeply."""
    if left is None or right is None:
        return left is None and right is None
    left_cls = left.__class__
    right_cls = right.__class__
    if left_cls is str and right_cls is str:
        if left == right:
            return str(left).lower() != "nan"
        if not (left and right):
            return False
    if isinstance(left, datetime) or isinstance(right, datetime):
        if isinstance(left, datetime) and isinstance(right, datetime):
            return _aware(left) == _aware(right)
        return False
    if left_cls is bool or right_cls is bool:
        return left is right
    if (left_cls is int or left_cls is float) and (right_cls is int or right_cls is float):
        if -EXACT_INT <= left <= EXACT_INT and -EXACT_INT <= right <= EXACT_INT:  # type: ignore[operator]
            return left == right
        return to_number(left) == to_number(right)
    left_number = to_number(left)
    if left_number is not None:
        right_number = to_number(right)
        if right_number is not None:
            return left_number == right_number
    if isinstance(left, str) or isinstance(right, str):
        return isinstance(left, str) and isinstance(right, str) and left == right
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return None
    if _is_array(left) and _is_array(right):
        return None
    return False


def values_equal(left: object, right: object) -> bool:
    """The ``==`` of the expression language (spec/expressions.md section 7).

    null equals only null; date-times compare by instant; two numerics (numbers or numeric
    strings) compare numerically (``'10' == 10.0``, ``'10' == '10.0'``, NaN never equal);
    strings byte-wise; booleans only with booleans; arrays and objects deeply, element by
    element with these same rules; anything else is unequal.
    """
    stack = [(left, right)]
    while stack:
        a, b = stack.pop()
        verdict = _scalar_equal(a, b)
        if verdict is None:
            if isinstance(a, Mapping):
                if len(a) != len(b):  # type: ignore[arg-type]
                    return False
                for key, item in a.items():
                    if key not in b:  # type: ignore[operator]
                        return False
                    stack.append((item, b[key]))  # type: ignore[index]
            else:
                if len(a) != len(b):  # type: ignore[arg-type]
                    return False
                stack.extend(zip(a, b, strict=True))  # type: ignore[call-overload]
        elif not verdict:
            return False
    return True


def compare_values(left: object, right: object) -> int | None:
    """Ordering for ``< <= > >=``: -1, 0 or 1, or None when the values are unordered.

    Two date-times order chronologically; two numerics numerically (NaN is unordered);
    two strings that are not both numeric order byte-wise; anything else is unordered, so
    every ordering comparison on it is false.
    """
    if isinstance(left, datetime) and isinstance(right, datetime):
        a, b = _aware(left), _aware(right)
        return (a > b) - (a < b)
    left_number = to_number(left)
    if left_number is not None:
        right_number = to_number(right)
        if right_number is not None:
            if left_number != left_number or right_number != right_number:
                return None
            return (left_number > right_number) - (left_number < right_number)
    if isinstance(left, str) and isinstance(right, str):
        # Code-point order of str equals byte order of its UTF-8 encoding.
        return (left > right) - (left < right)
    return None


def sort_compare(left: object, right: object) -> int:
    """The reference's ``compareForSort``: numerics numerically, strings byte-wise, else %v.

    Not a total order on mixed arrays; ``sort()`` uses it with the reference's exchange
    procedure so mixed arrays come out exactly as in the reference.
    """
    left_number = to_number(left)
    if left_number is not None:
        right_number = to_number(right)
        if right_number is not None:
            return (left_number > right_number) - (left_number < right_number)
    if isinstance(left, str) and isinstance(right, str):
        return (left > right) - (left < right)
    left_text = go_format(left)
    right_text = go_format(right)
    return (left_text > right_text) - (left_text < right_text)
