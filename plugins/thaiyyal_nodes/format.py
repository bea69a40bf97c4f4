"""``format``: data to text — Go JSON (compact or indented), CSV or TSV.

The text is a value clients compare byte for byte, so it follows Go's encoders exactly:
JSON as :mod:`thaiyyal.gojson` writes it, CSV/TSV as Go's ``encoding/csv`` writer does
(records end with ``\\n``; a field is quoted when it holds the delimiter, a quote, ``\\r`` or
``\\n``, starts with white space, or is ``\\.``; quotes inside are doubled). The output is
bounded by ``max_string_length`` while it is being built.

CSV and TSV take an array of objects or one object; an array wrapped by another array node
(``{"sorted": [...]}``) is unwrapped first. JSON writes its input exactly as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from thaiyyal import (
    ConfigError,
    LimitExceeded,
    NodeContext,
    NodeError,
    NodeType,
    hookimpl,
    node_config,
)
from thaiyyal.gojson import GoJSONError, GoJSONTooLong
from thaiyyal.gojson import dumps as go_json
from thaiyyal.values import go_format_float, go_type_name

OUTPUT_TYPES = ("JSON", "CSV", "TSV")
_INVALID_DELIMITER = "csv: invalid field or comment delimiter"
_INT64 = 2.0**63
# Go's unicode.IsSpace, for "a field starting with white space is quoted".
_GO_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)


@node_config
class FormatConfig:
    #: ``JSON``, ``CSV`` or ``TSV`` (case-insensitive).
    output_type: str
    #: JSON only: indent with two spaces.
    pretty_print: bool = False
    #: CSV/TSV: write the header record.
    include_headers: bool = True
    #: CSV only: the delimiter; only its first byte counts (as a character <= U+00FF).
    delimiter: str | None = None


def csv_delimiter(config: FormatConfig) -> str:
    """The delimiter character: tab for TSV; for CSV the first UTF-8 byte of ``delimiter``
    read as a code point (``,`` when empty)."""
    if config.output_type.upper() == "TSV":
        return "\t"
    if not config.delimiter:
        return ","
    return chr(config.delimiter.encode("utf-8", "surrogatepass")[0])


def _delimiter_problem(config: FormatConfig) -> str | None:
    if config.output_type.upper() != "CSV":
        return None
    if csv_delimiter(config) in ('"', "\r", "\n", "\x00"):
        what = "headers" if config.include_headers else "row"
        return f"failed to write CSV {what}: {_INVALID_DELIMITER}"
    return None


def csv_cell(value: Any) -> str:
    """One CSV cell: null empty, strings raw, integral floats as integers, other numbers in
    ``%v`` form, booleans ``true``/``false``, anything else as Go JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        if value.is_integer() and -_INT64 <= value < _INT64:
            return str(int(value))
        return go_format_float(value)
    if isinstance(value, int):
        return str(value)
    return go_json(value)


def _needs_quotes(field: str, delimiter: str) -> bool:
    if field == "":
        return False
    if field == "\\.":
        return True
    if delimiter in field or '"' in field or "\r" in field or "\n" in field:
        return True
    return field[0] in _GO_SPACE


def csv_field(field: str, delimiter: str) -> str:
    if not _needs_quotes(field, delimiter):
        return field
    return '"' + field.replace('"', '""') + '"'


def _records(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, (list, tuple)):
        for element in value:
            if not isinstance(element, Mapping):
                raise NodeError(
                    "CSV formatting requires array of objects, got array element of type "
                    + go_type_name(element)
                )
        return list(value)
    raise NodeError(
        f"CSV formatting requires array of objects or single object, got {go_type_name(value)}"
    )


def format_csv(value: Any, delimiter: str, include_headers: bool, max_length: int = 0) -> str:
    """CSV text of an object or an array of objects (header = sorted union of keys)."""
    records = _records(value)
    if not records:
        return ""
    columns = sorted({key for record in records for key in record})
    lines: list[str] = []
    size = 0
    if include_headers:
        lines.append(delimiter.join(csv_field(c, delimiter) for c in columns) + "\n")
        size += len(lines[-1])
    for record in records:
        cells = (csv_cell(record.get(column)) for column in columns)
        lines.append(delimiter.join(csv_field(c, delimiter) for c in cells) + "\n")
        size += len(lines[-1])
        if max_length and size > max_length:
            raise GoJSONTooLong(max_length)
    return "".join(lines)


class Format(NodeType[FormatConfig]):
    """Format the input as Go JSON (compact or indented), CSV or TSV text."""

    type_name = "format"
    category = "state"
    Config = FormatConfig

    def check_config(self, config: FormatConfig) -> Iterable[ConfigError]:
        kind = config.output_type.upper()
        if kind not in OUTPUT_TYPES:
            yield ConfigError(
                f"unsupported output type: {kind} (supported: JSON, CSV, TSV)",
                field="output_type",
            )
            return
        problem = _delimiter_problem(config)
        if problem is not None:
            yield ConfigError(problem, field="delimiter")

    def run(self, config: FormatConfig, inputs: list[Any], ctx: NodeContext) -> str:
        if not inputs:
            raise NodeError("format node requires input")
        kind = config.output_type.upper()
        limit = ctx.config.max_string_length
        try:
            if kind == "JSON":
                try:
                    return go_json(
                        inputs[0], indent="  " if config.pretty_print else None, max_length=limit
                    )
                except GoJSONTooLong:
                    raise
                except GoJSONError as exc:
                    raise NodeError(f"failed to format as JSON: {exc}") from None
            value = ctx.array_input(inputs, 0)
            try:
                return format_csv(value, csv_delimiter(config), config.include_headers, limit)
            except GoJSONTooLong:
                raise
            except GoJSONError as exc:
                raise NodeError(f"failed to format CSV row: {exc}") from None
        except GoJSONTooLong:
            raise LimitExceeded(
                "node result validation failed: string too long: more than "
                f"{limit} bytes (limit: {limit})",
                "value",
            ) from None


@hookimpl
def register_node_types(register: Any) -> None:
    register(Format)
