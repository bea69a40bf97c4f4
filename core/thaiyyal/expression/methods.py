"""The built-in methods, ``value.name(args)`` (spec/expressions.md section 8.1).

A method called on ``null`` yields ``null`` (the compiler handles that before calling in);
a method called on a value of the wrong type is a run-time error with the reference's text.
String arguments are taken as their ``%v`` text, so ``'a1'.includes(1)`` is true.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from thaiyyal.expression.errors import ExpressionEvaluationError, ExpressionLimitError
from thaiyyal.expression.functions import check_array_length
from thaiyyal.expression.limits import ExpressionLimits
from thaiyyal.values import Value, go_format, go_type_name, utf8_length

__all__ = ["METHOD_IMPLEMENTATIONS", "MethodImpl", "go_lower", "go_upper"]

#: A method: receiver (never None), evaluated arguments and limits in, value out.
MethodImpl = Callable[[Value, Sequence[Value], ExpressionLimits], Value]

# Go's unicode.IsSpace set (strings.TrimSpace), which differs from Python's str.isspace.
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"  # noqa: E501
# Go maps these single runes where Python's full case mapping gives several characters.
_LOWER_SPECIAL = {"\u0130": "i"}


def _case_mapped(text: str, mapped: str, convert: Callable[[str], str]) -> str:
    """Go maps rune by rune; keep a rune whose Python mapping is not a single character."""
    if len(mapped) == len(text):
        return mapped
    pieces = []
    for char in text:
        converted = convert(char)
        pieces.append(converted if len(converted) == 1 else char)
    return "".join(pieces)


def go_upper(text: str) -> str:
    """Upper case the way Go's ``strings.ToUpper`` does (one rune to one rune)."""
    if text.isascii():
        return text.upper()
    return _case_mapped(text, text.upper(), str.upper)


def go_lower(text: str) -> str:
    """Lower case the way Go's ``strings.ToLower`` does (one rune to one rune)."""
    if text.isascii():
        return text.lower()
    return _case_mapped(text, text.lower(), lambda char: _LOWER_SPECIAL.get(char) or char.lower())


def _check_string_length(method: str, text: str, limits: ExpressionLimits) -> str:
    if not limits.max_string_length:
        return text
    if len(text) > limits.max_string_length or (
        not text.isascii() and utf8_length(text) > limits.max_string_length
    ):
        size = utf8_length(text)
        raise ExpressionLimitError(
            f"{method}() would build a string of {size} bytes (limit {limits.max_string_length})",
            limit="max_string_length",
            value=size,
            maximum=limits.max_string_length,
        )
    return text


def _string(method: str, receiver: Value) -> str:
    if not isinstance(receiver, str):
        raise ExpressionEvaluationError(
            f"{method}() can only be called on strings, got {go_type_name(receiver)}"
        )
    return receiver


def _array(method: str, receiver: Value) -> Sequence[Value]:
    if not isinstance(receiver, (list, tuple)):
        raise ExpressionEvaluationError(
            f"{method}() can only be called on arrays, got {go_type_name(receiver)}"
        )
    return receiver


def _to_upper(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    text = _string("toUpperCase", receiver)
    result = go_upper(text)
    return result if text.isascii() else _check_string_length("toUpperCase", result, limits)


def _to_lower(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    text = _string("toLowerCase", receiver)
    result = go_lower(text)
    return result if text.isascii() else _check_string_length("toLowerCase", result, limits)


def _trim(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return _string("trim", receiver).strip(_GO_SPACE)


def _includes(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    needle = go_format(args[0])
    if isinstance(receiver, str):
        return needle in receiver
    if isinstance(receiver, (list, tuple)):
        # Identity or equal %v text; identical values always have equal text.
        return any(go_format(element) == needle for element in receiver)
    raise ExpressionEvaluationError(
        f"includes() can only be called on strings or arrays, got {go_type_name(receiver)}"
    )


def _starts_with(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return _string("startsWith", receiver).startswith(go_format(args[0]))


def _ends_with(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return _string("endsWith", receiver).endswith(go_format(args[0]))


def _replace(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    text = _string("replace", receiver)
    old, new = go_format(args[0]), go_format(args[1])
    occurrences = text.count(old)
    if not occurrences:
        return text
    # Characters never exceed bytes, so this bound is safe to test before building.
    estimate = len(text) + occurrences * (len(new) - len(old))
    if limits.max_string_length and estimate > limits.max_string_length:
        raise ExpressionLimitError(
            f"replace() would build a string of at least {estimate} bytes "
            f"(limit {limits.max_string_length})",
            limit="max_string_length",
            value=estimate,
            maximum=limits.max_string_length,
        )
    return _check_string_length("replace", text.replace(old, new), limits)


def _split(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    text = _string("split", receiver)
    separator = go_format(args[0])
    if separator == "":
        check_array_length("split()", len(text), limits)
        return list(text)
    check_array_length("split()", text.count(separator) + 1, limits)
    return text.split(separator)


def _join(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    elements = _array("join", receiver)
    separator = go_format(args[0])
    budget = limits.max_string_length
    if not budget:
        return separator.join(go_format(element) for element in elements)
    pieces: list[str] = []
    size = 0
    for element in elements:
        piece = go_format(element)
        size += len(piece) + len(separator)
        if size > budget + len(separator):
            break
        pieces.append(piece)
    else:
        return _check_string_length("join", separator.join(pieces), limits)
    raise ExpressionLimitError(
        f"join() would build a string of more than {budget} bytes (limit {budget})",
        limit="max_string_length",
        value=size,
        maximum=budget,
    )


def _reverse(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return list(reversed(_array("reverse", receiver)))


def _first(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    elements = _array("first", receiver)
    return elements[0] if elements else None


def _last(receiver: Value, args: Sequence[Value], limits: ExpressionLimits) -> Value:
    elements = _array("last", receiver)
    return elements[-1] if elements else None


METHOD_IMPLEMENTATIONS: Mapping[str, MethodImpl] = MappingProxyType(
    {
        "toUpperCase": _to_upper,
        "toLowerCase": _to_lower,
        "trim": _trim,
        "includes": _includes,
        "startsWith": _starts_with,
        "endsWith": _ends_with,
        "replace": _replace,
        "split": _split,
        "join": _join,
        "reverse": _reverse,
        "first": _first,
        "last": _last,
    }
)
