"""The cattrs converter that turns JSON values into typed attrs objects.

One converter serves the whole engine. Its hooks are strict in the way workflow payloads
require: strings must be strings, booleans booleans, integer fields reject any number
written with a fraction (``2.0``), float fields accept any JSON number, and untyped
(``Any``) values have their integers turned into floats because every number in a payload
is a float to the workflow. Object keys match case-insensitively when there is no exact
match (``"VALUE"`` fills ``value``).

Failures come back as a list of ``(path, message)`` pairs so the loader can report every
problem of a node at once, each naming its field.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
import cattrs.cols
from cattrs.errors import ClassValidationError, IterableValidationError

__all__ = [
    "ConversionFailed",
    "FieldProblem",
    "RawJSON",
    "converter",
    "json_type_name",
    "match_keys",
    "missing_required",
    "register_structure_hook",
    "structure",
    "structure_matched",
    "to_float_numbers",
]

T = TypeVar("T")
FieldProblem = tuple[str, str]  # (dotted field path, message)


class ConversionFailed(Exception):
    """Raised by :func:`structure`; ``problems`` holds every ``(path, message)`` found."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in problems))
        self.problems = problems


def json_type_name(value: object) -> str:
    """The JSON name of a value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def to_float_numbers(value: Any) -> Any:
    """Deep copy of a JSON value with every integer turned into a float."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, list):
        return [to_float_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: to_float_numbers(v) for k, v in value.items()}
    return value


def _structure_str(value: Any, _: type) -> str:
    if type(value) is not str:
        raise TypeError(f"expected a string, got {json_type_name(value)}")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if type(value) is not bool:
        raise TypeError(f"expected a boolean, got {json_type_name(value)}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if type(value) is not int:
        if type(value) is float:
            raise TypeError(f"expected an integer, got the number {value!r}")
        raise TypeError(f"expected an integer, got {json_type_name(value)}")
    return value


def _structure_float(value: Any, _: type) -> float:
    if type(value) is float:
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {value!r}")
        return value
    if type(value) is int:
        return float(value)
    raise TypeError(f"expected a number, got {json_type_name(value)}")


def _structure_any(value: Any, _: type) -> Any:
    return to_float_numbers(value)


#: A config field holding a JSON value kept exactly as written (integers stay integers):
#: for nested workflow payloads, which are decoded by the loader with its own rules.
RawJSON = typing.NewType("RawJSON", object)


def _is_any(t: Any) -> bool:
    return t is typing.Any


def _is_list_or_tuple(t: Any) -> bool:
    return typing.get_origin(t) in (list, tuple)


def _strict_sequences(
    conv: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, type], Any]]:
    """List and tuple fields take JSON arrays only (cattrs alone would happily turn the
    string ``"ab"`` into ``["a", "b"]``)."""

    def factory(t: Any) -> Callable[[Any, type], Any]:
        if typing.get_origin(t) is list:
            inner = cattrs.cols.list_structure_factory(t, conv)
        else:
            args = typing.get_args(t)
            if len(args) == 2 and args[1] is Ellipsis:
                inner = cattrs.cols.homogenous_tuple_structure_factory(t, conv)
            else:
                inner = conv.gen_structure_hetero_tuple(t)

        def hook(value: Any, _: type) -> Any:
            if not isinstance(value, (list, tuple)):
                raise TypeError(f"expected an array, got {json_type_name(value)}")
            return inner(value, t)

        return hook

    return factory


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook_func(_is_any, _structure_any)
    conv.register_structure_hook(RawJSON, lambda value, _: value)
    conv.register_structure_hook_factory(_is_list_or_tuple, _strict_sequences(conv))
    conv.register_structure_hook_factory(attrs.has, _structure_attrs_case_insensitive(conv))
    return conv


class _Schema:
    """What structuring needs to know about one attrs class, computed once."""

    __slots__ = ("exact", "folded", "inner", "required")

    def __init__(self, cls: type) -> None:
        fields = attrs.fields(cls)
        self.exact = frozenset(f.name for f in fields)
        self.folded = {f.name.lower(): f.name for f in fields}
        self.required = tuple(f.name for f in fields if f.default is attrs.NOTHING and f.init)
        self.inner: Callable[[Any, type], Any] | None = None


_SCHEMAS: dict[type, _Schema] = {}


def _schema(cls: type) -> _Schema:
    found = _SCHEMAS.get(cls)
    if found is None:
        found = _SCHEMAS[cls] = _Schema(cls)
    return found


def match_keys(data: Mapping[str, Any], cls: type) -> dict[str, Any]:
    """Rename keys of ``data`` to ``cls``'s field names: exact match first, else ignoring case.

    Keys that match no field are dropped (unknown keys are ignored), and so are ``null``
    values: ``null`` for an optional field means "absent".
    """
    schema = _schema(cls)
    exact = schema.exact
    if data.keys() <= exact:
        return {k: v for k, v in data.items() if v is not None}
    folded = schema.folded
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in exact:
            name = key
        else:
            found = folded.get(key.lower()) if isinstance(key, str) else None
            if found is None or found in data:
                continue
            name = found
        if value is not None:
            out[name] = value
    return out


def missing_required(data: Mapping[str, Any], cls: type) -> list[str]:
    """Names of ``cls``'s fields without a default that ``data`` (already matched) lacks."""
    return [name for name in _schema(cls).required if name not in data]


def _structure_attrs_case_insensitive(
    conv: cattrs.Converter,
) -> Callable[[type], Callable[[Any, type], Any]]:
    def factory(cls: type) -> Callable[[Any, type], Any]:
        inner: Callable[[Any, type], Any] = conv.gen_structure_attrs_fromdict(cls)
        _schema(cls).inner = inner

        def hook(value: Any, _: type) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected an object, got {json_type_name(value)}")
            data = match_keys(value, cls)
            missing = missing_required(data, cls)
            if missing:
                raise ValueError(f"missing required field: {missing[0]}")
            return inner(data, cls)

        return hook

    return factory


converter: cattrs.Converter = _make_converter()


def register_structure_hook(cls: Any, hook: Callable[[Any, type], Any]) -> None:
    """Teach the converter a new type (plugins call this for their own value types)."""
    converter.register_structure_hook(cls, hook)


def _walk(error: BaseException, path: str) -> Iterator[FieldProblem]:
    if isinstance(error, (ClassValidationError, IterableValidationError)):
        with_notes, without = error.group_exceptions()
        for sub, note in with_notes:
            name = getattr(note, "name", None)
            if name is None:
                step = f"[{getattr(note, 'index', '?')}]"
                sub_path = path + step
            else:
                sub_path = f"{path}.{name}" if path else str(name)
            yield from _walk(sub, sub_path)
        for sub in without:
            yield from _walk(sub, path)
        return
    if isinstance(error, KeyError):
        yield path, f"missing required field: {error.args[0] if error.args else path}"
        return
    yield path, str(error) or type(error).__name__


def structure_matched(data: dict[str, Any], cls: type[T]) -> T:
    """Structure data already passed through :func:`match_keys` and the required check."""
    schema = _schema(cls)
    inner = schema.inner
    if inner is None:
        converter.get_structure_hook(cls)  # builds (and records) the inner structurer
        inner = schema.inner
    assert inner is not None
    try:
        result: T = inner(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        raise ConversionFailed(list(_walk(exc, ""))) from None
    except (TypeError, ValueError) as exc:
        raise ConversionFailed([("", str(exc))]) from None
    return result


def structure(data: Any, cls: type[T]) -> T:
    """Structure ``data`` into ``cls``; raises :class:`ConversionFailed` listing every problem."""
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        raise ConversionFailed(list(_walk(exc, ""))) from None
    except (TypeError, ValueError) as exc:
        raise ConversionFailed([("", str(exc))]) from None
