"""``context_variable``: set context variables (``context.<name>``, ``{{ variable.<name> }}``).

Two config forms. The typed form, ``context_values: [{"name", "value", "type"}]``, converts
each value by its ``type``:

* ``string``: the value's Go ``%v`` text (``42`` -> ``"42"``, ``1e6`` -> ``"1e+06"``);
* ``number``: numbers as they are, text read by Go's ``ParseFloat`` rules (must be finite);
* ``boolean``: booleans as they are, text by Go's ``ParseBool`` (``1 t T TRUE true True``
  and their false counterparts), numbers as "not zero";
* ``time_string``: text that must be an RFC 3339 time; the text is kept;
* ``epoch_second`` / ``epoch_ms``: an integer (numbers are truncated, text must be a base-10
  integer) turned into a UTC date-time, which results show as RFC 3339;
* ``null``: null.

The legacy form, ``context_name`` + ``context_value``, stores the value as it is. A non-empty
``context_values`` wins over the legacy fields.

Every conversion depends only on the config, so a failing one rejects the workflow at load
time, with the message the node would have failed with. Values that break the engine's value
limits are rejected when stored (``context variable validation failed: ...``).

``context_constant`` (its own plugin) shares all of this and differs only in where values go.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

from thaiyyal import ConfigError, NodeContext, NodeType, RunState, hookimpl, node_config
from thaiyyal.converter import match_keys
from thaiyyal.values import go_format, go_type_name, is_number, parse_go_float


@node_config
class ContextValue:
    #: The value's name (``context.<name>``).
    name: str = ""
    #: The raw value, converted by ``type``.
    value: Any = None
    #: ``string``, ``number``, ``boolean``, ``time_string``, ``epoch_second``,
    #: ``epoch_ms`` or ``null``.
    type: str = ""


@node_config
class ContextConfig:
    #: Typed values (the preferred form).
    context_values: list[ContextValue] | None = None
    #: Legacy form: one name ...
    context_name: str | None = None
    #: ... and its value, stored as it is.
    context_value: Any = None


class ConversionError(Exception):
    """A value that cannot be converted to its declared type (message = the detail)."""


def _go_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _to_number(value: Any) -> float:
    if is_number(value):
        return float(value)
    if isinstance(value, str):
        try:
            number = parse_go_float(value)
        except ValueError as exc:
            reason = "value out of range" if "range" in str(exc) else "invalid syntax"
            raise ConversionError(
                f"cannot convert {_go_quote(value)} to number: "
                f"strconv.ParseFloat: parsing {_go_quote(value)}: {reason}"
            ) from None
        if not math.isfinite(number):
            raise ConversionError(
                f"cannot convert {_go_quote(value)} to number: not a finite number"
            )
        return number
    raise ConversionError(f"cannot convert type {go_type_name(value)} to number")


_TRUE = frozenset(("1", "t", "T", "TRUE", "true", "True"))
_FALSE = frozenset(("0", "f", "F", "FALSE", "false", "False"))


def _to_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if is_number(value):
        return bool(value != 0)
    if isinstance(value, str):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ConversionError(
            f"cannot convert {_go_quote(value)} to boolean: "
            f"strconv.ParseBool: parsing {_go_quote(value)}: invalid syntax"
        )
    raise ConversionError(f"cannot convert type {go_type_name(value)} to boolean")


_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))"
)


def _to_time_string(value: Any) -> str:
    text = value if isinstance(value, str) else go_format(value)
    match = _RFC3339.fullmatch(text)
    valid = match is not None
    if match is not None:
        year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
        try:
            datetime(year, month, day, hour, minute, min(second, 59))
        except ValueError:
            valid = False
        if second > 59 or hour > 23 or minute > 59:
            valid = False
        if match.group(7) and (int(match.group(8)) > 23 or int(match.group(9)) > 59):
            valid = False
    if not valid:
        raise ConversionError(f"parsing time {_go_quote(text)}: not an RFC 3339 time")
    return text


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_BASE10 = re.compile(r"[+-]?[0-9]+")


def _to_epoch(value: Any, unit_ms: bool) -> datetime:
    if is_number(value):
        count = int(value)
    elif isinstance(value, str):
        if not _BASE10.fullmatch(value):
            raise ConversionError(
                f"cannot convert {_go_quote(value)} to time: "
                f"strconv.ParseInt: parsing {_go_quote(value)}: invalid syntax"
            )
        count = int(value)
    else:
        raise ConversionError(f"cannot convert type {go_type_name(value)} to time")
    try:
        delta = timedelta(milliseconds=count) if unit_ms else timedelta(seconds=count)
        return _EPOCH + delta
    except OverflowError:
        raise ConversionError(f"cannot convert {count} to time: out of range") from None


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "string": go_format,
    "number": _to_number,
    "boolean": _to_boolean,
    "time_string": _to_time_string,
    "epoch_second": lambda v: _to_epoch(v, unit_ms=False),
    "epoch_ms": lambda v: _to_epoch(v, unit_ms=True),
    "null": lambda v: None,
}


def convert(entry: ContextValue) -> Any:
    """The value of one typed entry; raises :class:`ConversionError`."""
    converter = CONVERTERS.get(entry.type)
    if converter is None:
        raise ConversionError(f'unsupported type "{entry.type}"')
    return converter(entry.value)


class ContextNode(NodeType[ContextConfig]):
    """Shared behaviour of ``context_variable`` and ``context_constant``."""

    category = "context"
    Config = ContextConfig
    stateful = True
    context_node = True
    #: ``"variable"`` or ``"const"``: the result's ``type``.
    kind: ClassVar[str]
    #: Key of the typed form's result map (``variables`` / ``constants``).
    result_key: ClassVar[str]

    def store(self, state: RunState, name: str, value: Any) -> None:
        raise NotImplementedError

    def check_data(self, data: Mapping[str, Any]) -> Iterable[str]:
        matched = match_keys(data, ContextConfig)
        if not matched.get("context_values") and "context_name" not in matched:
            yield "missing required field: context_values or context_name"

    def check_config(self, config: ContextConfig) -> Iterable[ConfigError]:
        if config.context_values:
            for index, entry in enumerate(config.context_values):
                try:
                    convert(entry)
                except ConversionError as exc:
                    yield ConfigError(
                        f"{self.type_name} node: error converting {entry.name} "
                        f"({entry.type}): {exc}",
                        field=f"context_values[{index}]",
                    )
        elif config.context_value is None:
            yield ConfigError(f"{self.type_name} node missing context_value", field="context_value")

    def run(self, config: ContextConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        state = ctx.state
        if config.context_values:
            values: dict[str, Any] = {}
            for entry in config.context_values:
                value = convert(entry)
                self.store(state, entry.name, value)
                values[entry.name] = value
            return {"type": self.kind, self.result_key: values}
        name = config.context_name or ""
        self.store(state, name, config.context_value)
        return {"type": self.kind, "name": name, "value": config.context_value}


class ContextVariable(ContextNode):
    """Set context variables (typed ``context_values`` or legacy ``context_name``/``value``)."""

    type_name = "context_variable"
    kind = "variable"
    result_key = "variables"

    def store(self, state: RunState, name: str, value: Any) -> None:
        state.set_context_variable(name, value)


@hookimpl
def register_node_types(register: Any) -> None:
    register(ContextVariable)
