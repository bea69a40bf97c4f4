"""Durations as workflow configs and messages write them.

Configs carry durations as text in the reference's notation (``"5s"``, ``"1m30s"``,
``"100ms"``, or a bare integer meaning milliseconds), and several result fields and error
messages print durations the same way (``"1m0s"``, ``"1.5s"``, ``"0s"``). Durations are held
as integer nanoseconds so parsing and printing round-trip exactly.
"""

from __future__ import annotations

import re

__all__ = [
    "NANOS_PER_SECOND",
    "DurationError",
    "format_duration",
    "format_seconds",
    "parse_duration",
    "parse_go_duration",
]

NANOS_PER_SECOND = 1_000_000_000

_UNITS: dict[str, int] = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,  # U+00B5 micro sign
    "μs": 1_000,  # U+03BC greek mu
    "ms": 1_000_000,
    "s": NANOS_PER_SECOND,
    "m": 60 * NANOS_PER_SECOND,
    "h": 3600 * NANOS_PER_SECOND,
}
_COMPONENT = re.compile(r"(\d*)(?:\.(\d*))?([a-zµμ]+)")
_BARE_INT = re.compile(r"[+-]?\d+")
_MAX_NANOS = (1 << 63) - 1


class DurationError(ValueError):
    """Text that is not a duration."""


def parse_go_duration(text: str) -> int:
    """Parse the unit notation (``"1h30m"``, ``"-1.5s"``, ``"0"``) into nanoseconds."""
    s = text
    if not s:
        raise DurationError(f"invalid duration {text!r}")
    sign = 1
    if s[0] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        raise DurationError(f"invalid duration {text!r}")
    total = 0
    pos = 0
    while pos < len(s):
        m = _COMPONENT.match(s, pos)
        if m is None or m.end() == pos:
            raise DurationError(f"invalid duration {text!r}")
        whole, frac, unit = m.group(1), m.group(2), m.group(3)
        if not whole and not frac:
            raise DurationError(f"invalid duration {text!r}")
        scale = _UNITS.get(unit)
        if scale is None:
            raise DurationError(f"unknown unit {unit!r} in duration {text!r}")
        value = int(whole or "0") * scale
        if frac:
            value += int(frac) * scale // (10 ** len(frac))
        total += value
        if total > _MAX_NANOS:
            raise DurationError(f"invalid duration {text!r}")
        pos = m.end()
    return sign * total


def parse_duration(text: str) -> int:
    """Parse a config duration: the unit notation, else a bare integer of milliseconds.

    Raises :class:`DurationError` with the reference's message for anything else.
    """
    try:
        return parse_go_duration(text)
    except DurationError:
        pass
    if _BARE_INT.fullmatch(text):
        return int(text) * 1_000_000
    raise DurationError(f"invalid duration format: {text} (use formats like '5s', '10m', '1h')")


def _fraction(value: int, digits: int) -> str:
    """``value`` scaled by 10**-digits, written without trailing zeros."""
    whole, frac = divmod(value, 10**digits)
    if frac == 0:
        return str(whole)
    return f"{whole}." + f"{frac:0{digits}d}".rstrip("0")


def format_duration(nanos: int) -> str:
    """Write nanoseconds the way durations are printed (``1m0s``, ``1.5s``, ``100ms``, ``0s``)."""
    if nanos == 0:
        return "0s"
    sign = "-" if nanos < 0 else ""
    u = abs(nanos)
    if u < NANOS_PER_SECOND:
        if u < 1_000:
            return f"{sign}{u}ns"
        if u < 1_000_000:
            return f"{sign}{_fraction(u, 3)}µs"
        return f"{sign}{_fraction(u, 6)}ms"
    hours, rest = divmod(u, 3600 * NANOS_PER_SECOND)
    minutes, rest = divmod(rest, 60 * NANOS_PER_SECOND)
    seconds = _fraction(rest, 9) + "s"
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}"
    if minutes:
        return f"{sign}{minutes}m{seconds}"
    return f"{sign}{seconds}"


def format_seconds(seconds: float) -> str:
    """:func:`format_duration` for a float number of seconds."""
    return format_duration(round(seconds * NANOS_PER_SECOND))
