"""Date-time values for the date functions (spec/expressions.md section 8.5).

Date-times are timezone-aware :class:`datetime.datetime` objects. Zone-less text, Unix
numbers and named zones are UTC; an RFC 3339 offset (``+05:30``) is kept, so ``hour()``
answers in the value's own zone as the reference does. Precision is the microsecond (the
reference keeps nanoseconds; digits beyond the sixth are dropped).
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import datetime, timedelta, timezone

from thaiyyal.expression.errors import ExpressionEvaluationError, excerpt
from thaiyyal.values import Value, go_format, go_type_name, is_number

__all__ = [
    "EPOCH",
    "epoch_milliseconds",
    "epoch_seconds",
    "from_epoch",
    "parse_datetime",
]

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_WEEKDAYS = {name.lower() for name in calendar.day_abbr}
_FRACTION = r"(?:[.,]([0-9]+))?"
_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
    + _FRACTION
    + r"(Z|[+-][0-9]{2}:[0-9]{2})"
)
_LOCAL = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{1,2}):([0-9]{2}):([0-9]{2})" + _FRACTION + ")?"
)
_ZONE = r"([A-Z]{3,5})"
_RFC822 = re.compile(r"([0-9]{2}) ([A-Za-z]{3}) ([0-9]{2}) ([0-9]{1,2}):([0-9]{2}) " + _ZONE)
_RFC1123 = re.compile(
    r"([A-Za-z]{3}), ([0-9]{2}) ([A-Za-z]{3}) ([0-9]{4}) ([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
    + _FRACTION
    + " "
    + _ZONE
)


def _microseconds(fraction: str | None) -> int:
    if not fraction:
        return 0
    return int((fraction + "000000")[:6])


def _build(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    fraction: str | None = None,
    tzinfo: timezone = UTC,
) -> datetime | None:
    try:
        return datetime(
            year, month, day, hour, minute, second, _microseconds(fraction), tzinfo=tzinfo
        )
    except ValueError:
        return None


def _offset(text: str) -> timezone | None:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if minutes >= 60:
        return None
    try:
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    except ValueError:
        return None


def _parse_text(text: str) -> datetime | None:
    match = _RFC3339.fullmatch(text)
    if match:
        zone = _offset(match.group(8))
        if zone is None:
            return None
        year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
        return _build(year, month, day, hour, minute, second, match.group(7), zone)
    match = _LOCAL.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups()[:3])
        if match.group(4) is None:
            return _build(year, month, day)
        hour, minute, second = (int(g) for g in match.groups()[3:6])
        return _build(year, month, day, hour, minute, second, match.group(7))
    match = _RFC1123.fullmatch(text)
    if match:
        weekday, day_text, month_name, year_text, *clock, fraction, _ = match.groups()
        month_number = _MONTHS.get(month_name.lower())
        if weekday.lower() not in _WEEKDAYS or month_number is None:
            return None
        hour, minute, second = (int(part) for part in clock)
        return _build(int(year_text), month_number, int(day_text), hour, minute, second, fraction)
    match = _RFC822.fullmatch(text)
    if match:
        day_text, month_name, short_year, hour_text, minute_text, _ = match.groups()
        month_number = _MONTHS.get(month_name.lower())
        if month_number is None:
            return None
        full_year = int(short_year)
        full_year += 1900 if full_year >= 69 else 2000
        return _build(full_year, month_number, int(day_text), int(hour_text), int(minute_text))
    return None


def from_epoch(seconds: float, *, function: str = "fromEpoch", scale: int = 1) -> datetime:
    """The UTC date-time ``seconds`` (times ``1/scale``) after 1970, truncated to units."""
    if math.isnan(seconds) or math.isinf(seconds):
        raise ExpressionEvaluationError(f"{function}() value out of range: {go_format(seconds)}")
    units = int(seconds)
    try:
        whole, fraction = divmod(units, scale)
        return EPOCH + timedelta(seconds=whole, milliseconds=fraction * 1000 // scale)
    except OverflowError:
        raise ExpressionEvaluationError(
            f"{function}() value out of range: {go_format(seconds)}"
        ) from None


def parse_datetime(value: Value) -> datetime:
    """A date-time from a date-time value, a date text or Unix seconds.

    Accepted texts: RFC 3339 (optional fractional seconds), RFC 822
    (``02 Jan 06 15:04 MST``), RFC 1123 (``Mon, 02 Jan 2006 15:04:05 MST``),
    ``2006-01-02``, ``2006-01-02 15:04:05`` and ``2006-01-02T15:04:05`` (zone-less forms
    and zone abbreviations are UTC). Numbers are Unix seconds, fraction dropped.
    Raises :class:`ExpressionEvaluationError` with the reference's messages otherwise.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        parsed = _parse_text(value)
        if parsed is None:
            raise ExpressionEvaluationError(f"unable to parse date/time: {excerpt(value)}")
        return parsed
    if is_number(value):
        return from_epoch(float(value), function="parseDate")
    raise ExpressionEvaluationError(f"unsupported date/time type: {go_type_name(value)}")


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds since 1970 (floored, like Go's ``Unix()``)."""
    delta = moment - EPOCH
    return delta.days * 86_400 + delta.seconds


def epoch_milliseconds(moment: datetime) -> int:
    """Whole milliseconds since 1970 (floored, like Go's ``UnixMilli()``)."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
