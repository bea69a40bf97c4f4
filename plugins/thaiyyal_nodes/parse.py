"""``parse``: text to data — JSON, CSV, TSV, flat YAML and XML, or sniffed (``AUTO``).

The input is turned into text first (strings as they are, numbers in Go ``%v`` form, null as
``""``, objects and arrays as their Go JSON text), then parsed by ``input_type``:

* ``JSON``: ``true``/``false``/``null``, then anything Go's ``ParseFloat`` reads as a number,
  then the first JSON value of the text (trailing text ignored); numbers become floats, a
  number too large for a float stays a string.
* ``CSV`` / ``TSV``: a strict RFC 4180 reader (Go's ``encoding/csv`` rules: leading spaces of
  fields trimmed, well-formed quotes, every record as wide as the first); the first record is
  the header; each row becomes an object of typed cells. The result is an ordinary list.
* ``YAML``: the flat subset: ``key: value`` lines, values typed like cells.
* ``XML``: a real parse (hardened against entity expansion and external entities) mapped to
  JSON as described in :func:`_xml_to_json`.

Cells (CSV/TSV fields, YAML values, XML text and attributes) are trimmed, then ``""`` stays
``""``, ``true``/``false`` become booleans, ``null`` becomes null, text Go's ``ParseFloat``
accepts becomes a float, anything else stays text. A cell that would be NaN or infinite
(``NaN``, ``inf``, ``Infinity``) stays text: such values have no JSON form, and the text is
far more likely a name than a number.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

import attrs
import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

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
from thaiyyal.values import go_format_float, parse_go_float

INPUT_TYPES = ("AUTO", "JSON", "CSV", "TSV", "YAML", "XML")

# Go's unicode.IsSpace set (Python's str.strip() also strips \x1c-\x1f, Go does not).
GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def go_trim(text: str) -> str:
    """Go's ``strings.TrimSpace``."""
    return text.strip(GO_SPACE)


@node_config
class ParseConfig:
    #: ``AUTO`` (default), ``JSON``, ``CSV``, ``TSV``, ``YAML`` or ``XML``; case-insensitive.
    input_type: str = "AUTO"


# ------------------------------------------------------------------------------ cells


def parse_cell(text: str) -> Any:
    """One cell typed the reference way (see the module docstring)."""
    cell = go_trim(text)
    if cell == "":
        return ""
    if cell == "true":
        return True
    if cell == "false":
        return False
    if cell == "null":
        return None
    try:
        number = parse_go_float(cell)
    except ValueError:
        return cell
    return number if math.isfinite(number) else cell


# ------------------------------------------------------------------------------ input text


def input_text(value: Any, max_length: int = 0) -> str:
    """The text the parser reads for an input value.

    The JSON text of an object or array is bounded by ``max_length`` (the engine's string
    limit) while it is written: a value that shares sub-values many times over can be far
    larger as text than in memory.
    """
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return go_format_float(value)
    if isinstance(value, int):
        return str(value)
    try:
        return go_json(value, max_length=max_length)
    except GoJSONTooLong:
        raise LimitExceeded(
            f"parse node input too large: its JSON text exceeds {max_length} bytes",
            "max_string_length",
        ) from None
    except GoJSONError as exc:
        raise NodeError(f"parse node cannot read its input: {exc}") from None


# ------------------------------------------------------------------------------ detection


def detect(text: str) -> str:
    """The format ``AUTO`` picks for trimmed ``text`` (first matching rule wins)."""
    if not text:
        return "JSON"
    brackets = (text[0], text[-1])
    if brackets in (("{", "}"), ("[", "]")) and _valid_json(text):
        return "JSON"
    if text[0] == "<" and text[-1] == ">":
        return "XML"
    lines = text.split("\n")
    if (
        (":\n" in text or ": " in text)
        and len(lines) > 1
        and sum(1 for line in lines if ": " in line) >= 2
    ):
        return "YAML"
    if len(lines) > 1:
        first = lines[0]
        tabs = first.count("\t")
        commas = first.count(",")
        if tabs > commas and tabs > 0:
            return "TSV"
        if commas > 0:
            return "CSV"
    return "JSON"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid character '{name[0]}' looking for beginning of value")


def _valid_json(text: str) -> bool:
    try:
        json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return False
    return True


# ------------------------------------------------------------------------------ JSON


def _json_float(text: str) -> Any:
    number = float(text)
    return number if math.isfinite(number) else text


def _json_int(text: str) -> Any:
    try:
        return float(int(text))
    except OverflowError:
        return text


_DECODER = json.JSONDecoder(
    parse_float=_json_float, parse_int=_json_int, parse_constant=_reject_constant
)


def _json_error(text: str, exc: json.JSONDecodeError) -> str:
    """A decoder error in the words Go's decoder uses for the common cases."""
    position = exc.pos
    if position >= len(text):
        return "unexpected end of JSON input" if position else "EOF"
    if exc.msg == "Expecting value":
        return f"invalid character {_go_char(text[position])} looking for beginning of value"
    return f"{exc.msg} (offset {position + 1})"


def _go_char(char: str) -> str:
    if char == "'":
        return "'\\''"
    if char == '"':
        return "'\"'"
    if char.isprintable():
        return f"'{char}'"
    return repr(char)


def parse_json(text: str, ctx: NodeContext) -> Any:
    trimmed = go_trim(text)
    if trimmed == "true":
        return True
    if trimmed == "false":
        return False
    if trimmed == "null":
        return None
    try:
        number = parse_go_float(trimmed)
    except ValueError:
        pass
    else:
        if not math.isfinite(number):
            raise NodeError(f"invalid JSON: {trimmed} is not a finite number")
        return number
    if not trimmed:
        raise NodeError("invalid JSON: EOF")
    try:
        value, _ = _DECODER.raw_decode(trimmed)
    except json.JSONDecodeError as exc:
        raise NodeError(f"invalid JSON: {_json_error(trimmed, exc)}") from None
    except ValueError as exc:  # NaN / Infinity literals
        raise NodeError(f"invalid JSON: {exc}") from None
    except RecursionError:
        raise _too_deep(ctx) from None
    return value


def _too_deep(ctx: NodeContext) -> LimitExceeded:
    limit = ctx.config.max_context_depth
    bound = f"more than {limit} levels (limit: {limit})" if limit else "too many levels"
    return LimitExceeded(
        f"node result validation failed: value too deeply nested: {bound}", "value"
    )


# ------------------------------------------------------------------------------ CSV / TSV


class CSVError(Exception):
    """A malformed record, worded like Go's ``csv.ParseError``."""


def _lines(text: str) -> list[str]:
    """Lines the way Go's csv reader reads them: each keeps its ``\\n`` (added at EOF),
    ``\\r\\n`` normalised to ``\\n``, a lone ``\\r`` before EOF dropped."""
    out = []
    start = 0
    n = len(text)
    while start < n:
        end = text.find("\n", start)
        if end < 0:
            line = text[start:]
            if line.endswith("\r"):
                line = line[:-1]
            out.append(line + "\n")
            break
        line = text[start : end + 1]
        if line.endswith("\r\n"):
            line = line[:-2] + "\n"
        out.append(line)
        start = end + 1
    return out


def read_csv(text: str, delimiter: str) -> list[list[str]]:
    """All records of ``text`` by Go's ``encoding/csv`` rules (``TrimLeadingSpace`` on).

    One difference: the delimiter itself is never trimmed as leading white space. Go's
    reader trims it too when it is a tab, so every empty TSV cell vanished and the record
    came out one field short ("wrong number of fields").

    Empty lines are skipped; every record must have as many fields as the first.
    Raises :class:`CSVError` with Go's message for malformed input.
    """
    lines = _lines(text)
    leading_space = GO_SPACE.replace(delimiter, "")
    records: list[list[str]] = []
    width = -1
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line == "\n":
            continue
        start_line = index  # 1-based number of the record's first line
        line_no = index
        fields: list[str] = []
        column = 1
        while True:
            stripped = line.lstrip(leading_space)
            column += len(line) - len(stripped)
            line = stripped
            if not line.startswith('"'):
                cut = line.find(delimiter)
                field = line[:cut] if cut >= 0 else line[:-1] if line.endswith("\n") else line
                quote = field.find('"')
                if quote >= 0:
                    raise CSVError(_parse_error(start_line, line_no, column + quote, "bare"))
                fields.append(field)
                if cut >= 0:
                    line = line[cut + len(delimiter) :]
                    column += cut + len(delimiter)
                    continue
                break
            # A quoted field, possibly spanning lines.
            line = line[1:]
            column += 1
            buffer: list[str] = []
            while True:
                quote = line.find('"')
                if quote >= 0:
                    buffer.append(line[:quote])
                    line = line[quote + 1 :]
                    column += quote + 1
                    if line.startswith('"'):
                        buffer.append('"')
                        line = line[1:]
                        column += 1
                    elif line.startswith(delimiter):
                        line = line[len(delimiter) :]
                        column += len(delimiter)
                        fields.append("".join(buffer))
                        break
                    elif line in ("\n", ""):
                        fields.append("".join(buffer))
                        line = ""
                        break
                    else:
                        raise CSVError(_parse_error(start_line, line_no, column - 1, "quote"))
                elif line:
                    buffer.append(line)
                    if index >= len(lines):
                        raise CSVError(
                            _parse_error(start_line, line_no, column + len(line), "quote")
                        )
                    line = lines[index]
                    index += 1
                    line_no = index
                    column = 1
                else:
                    raise CSVError(_parse_error(start_line, line_no, column, "quote"))
            if line == "":
                break
        if width < 0:
            width = len(fields)
        elif len(fields) != width:
            raise CSVError(f"record on line {start_line}: wrong number of fields")
        records.append(fields)
    return records


def _parse_error(start_line: int, line: int, column: int, kind: str) -> str:
    reason = (
        'bare " in non-quoted-field'
        if kind == "bare"
        else 'extraneous or missing " in quoted-field'
    )
    if start_line != line:
        return f"record on line {start_line}; parse error on line {line}, column {column}: {reason}"
    return f"parse error on line {line}, column {column}: {reason}"


def _strip_blank_lines(text: str) -> str:
    """``text`` without its leading and trailing blank lines. Unlike trimming the whole
    text, this keeps a trailing tab: the empty last cell of a TSV row."""
    lines = text.split("\n")
    start, end = 0, len(lines)
    while start < end and not go_trim(lines[start]):
        start += 1
    while end > start and not go_trim(lines[end - 1]):
        end -= 1
    return "\n".join(lines[start:end])


def parse_csv(text: str, delimiter: str, ctx: NodeContext) -> list[dict[str, Any]]:
    try:
        records = read_csv(_strip_blank_lines(text), delimiter)
    except CSVError as exc:
        raise NodeError(f"invalid CSV/TSV: {exc}") from None
    if len(records) < 2:
        return []
    limit = ctx.config.max_array_length
    rows = len(records) - 1
    if limit and rows > limit:
        raise LimitExceeded(
            f"node result validation failed: array too large: {rows} elements (limit: {limit})",
            "value",
        )
    header = records[0]
    return [
        {name: parse_cell(cell) for name, cell in zip(header, record, strict=True)}
        for record in records[1:]
    ]


# ------------------------------------------------------------------------------ YAML


def parse_yaml(text: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for raw in go_trim(text).split("\n"):
        line = go_trim(raw)
        if not line or line.startswith("#"):
            continue
        key, colon, rest = line.partition(":")
        if not colon:
            continue
        result[go_trim(key)] = parse_cell(rest)
    if not result:
        raise NodeError("no valid YAML key-value pairs found")
    return result


# ------------------------------------------------------------------------------ XML


def _local(name: str) -> str:
    """``{namespace}local`` -> ``local`` (namespaces are dropped; prefixes never appear)."""
    return name.rsplit("}", 1)[1] if name.startswith("{") else name


@attrs.define
class _Element:
    name: str
    attributes: dict[str, Any]
    children: dict[str, Any] = attrs.Factory(dict)
    repeated: set[str] = attrs.Factory(set)
    text: list[str] = attrs.Factory(list)

    def add(self, name: str, value: Any) -> None:
        children = self.children
        if name not in children:
            children[name] = value
        elif name in self.repeated:
            children[name].append(value)
        else:
            children[name] = [children[name], value]
            self.repeated.add(name)

    def value(self) -> Any:
        text = go_trim("".join(self.text))
        if not self.children and not self.attributes:
            return parse_cell(text)
        out: dict[str, Any] = dict(self.attributes)
        out.update(self.children)
        if text:
            out["#text"] = parse_cell(text)
        return out


class _XMLBuilder:
    """An ElementTree parser target that builds the JSON value directly, element by element
    (no recursion, so nesting depth cannot exhaust the stack), refusing nesting deeper than
    the engine's depth limit as soon as it is reached."""

    def __init__(self, max_depth: int) -> None:
        self.stack: list[_Element] = []
        self.root: tuple[str, Any] | None = None
        self.max_depth = max_depth

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        # An element at nesting d becomes a value at JSON depth d + 1 at least.
        if self.max_depth and len(self.stack) + 2 > self.max_depth:
            raise LimitExceeded(
                "node result validation failed: value too deeply nested: more than "
                f"{self.max_depth} levels (limit: {self.max_depth})",
                "value",
            )
        attributes = {"@" + _local(k): parse_cell(v) for k, v in attrib.items()}
        self.stack.append(_Element(_local(tag), attributes))

    def end(self, tag: str) -> None:
        element = self.stack.pop()
        value = element.value()
        if self.stack:
            self.stack[-1].add(element.name, value)
        else:
            self.root = (element.name, value)

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1].text.append(text)

    def close(self) -> None:
        return None


def parse_xml(text: str, ctx: NodeContext) -> dict[str, Any]:
    """XML to JSON; see :func:`_xml_to_json` for the mapping."""
    return _xml_to_json(go_trim(text), ctx.config.max_context_depth)


def _xml_to_json(text: str, max_depth: int) -> dict[str, Any]:
    """``{root name: value}``, where an element's value is

    * a leaf (no child elements, no attributes): its text, trimmed and typed like a cell
      (``<age> 30 </age>`` -> ``30``, ``<a/>`` -> ``""``);
    * otherwise an object: ``"@name"`` for each attribute (typed like a cell), one key per
      child element name (a name that occurs more than once holds the list of those children
      in document order), and ``"#text"`` for the element's own text when it has any besides
      white space (``<a>x<b>y</b>z</a>`` -> ``{"a": {"b": "y", "#text": "xz"}}``).

    Names lose their namespace. Only the first root element is read; anything after it is
    ignored. Entity declarations, DTD-driven expansion and external entities are refused.
    """
    builder = _XMLBuilder(max_depth)
    parser = safe_xml.DefusedXMLParser(target=builder, forbid_dtd=False)
    try:
        parser.feed(text)
        parser.close()
    except EntitiesForbidden as exc:
        raise NodeError(f"invalid XML: entity declarations are not allowed ({exc.name})") from None
    except DTDForbidden:  # pragma: no cover - DTDs themselves are allowed
        raise NodeError("invalid XML: document type declarations are not allowed") from None
    except DefusedXmlException:
        raise NodeError("invalid XML: external entities are not allowed") from None
    except safe_xml.ParseError as exc:
        # Text after the first root element ("junk after document element") is ignored.
        if builder.root is None:
            raise NodeError(f"invalid XML: {exc}") from None
    if builder.root is None:
        raise NodeError("invalid XML: no root element")
    name, value = builder.root
    return {name: value}


# ------------------------------------------------------------------------------ node


class Parse(NodeType[ParseConfig]):
    """Parse text (or the text form of any value) as JSON, CSV, TSV, flat YAML or XML."""

    type_name = "parse"
    category = "state"
    Config = ParseConfig

    def check_config(self, config: ParseConfig) -> Iterable[ConfigError]:
        kind = config.input_type.upper()
        if kind not in INPUT_TYPES:
            yield ConfigError(
                f"unsupported input type: {kind} (supported: {', '.join(INPUT_TYPES)})",
                field="input_type",
            )

    def run(self, config: ParseConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        if not inputs:
            raise NodeError("parse node requires input")
        text = input_text(inputs[0], ctx.config.max_string_length)
        kind = config.input_type.upper()
        if kind == "AUTO":
            kind = detect(go_trim(text))
        if kind == "JSON":
            return parse_json(text, ctx)
        if kind == "CSV":
            return parse_csv(text, ",", ctx)
        if kind == "TSV":
            return parse_csv(text, "\t", ctx)
        if kind == "YAML":
            return parse_yaml(text)
        return parse_xml(text, ctx)


@hookimpl
def register_node_types(register: Any) -> None:
    register(Parse)
