"""Turning run values into JSON text the way clients expect to read it.

Workflow numbers are floats, but integral floats are written without a fraction (``30``,
not ``30.0``), as the editor and existing clients expect; date-time values are written in
RFC 3339 (UTC as ``Z``, fractional seconds without trailing zeros).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

__all__ = ["dumps", "format_datetime", "to_json_value"]

_INT_LIMIT = 1e21


def format_datetime(value: _dt.datetime) -> str:
    """RFC 3339 with the shortest fractional seconds, ``Z`` for UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    offset = value.utcoffset()
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def to_json_value(value: Any) -> Any:
    """A copy of ``value`` ready for :func:`json.dumps` (integral floats as ints, ...)."""
    kind = type(value)
    if kind is float:
        if value.is_integer() and -_INT_LIMIT < value < _INT_LIMIT:
            return int(value)
        return value
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {str(k): to_json_value(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [to_json_value(v) for v in value]
    if isinstance(value, _dt.datetime):
        return format_datetime(value)
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value


def dumps(value: Any, *, indent: int | None = None) -> str:
    """JSON text of a run value (non-ASCII kept as UTF-8)."""
    return json.dumps(
        to_json_value(value),
        ensure_ascii=False,
        indent=indent,
        separators=None if indent else (",", ":"),
        allow_nan=False,
        default=str,
    )
