"""``transform``: reshape values — collect inputs, pair up, flatten, list keys or values.

* ``to_array``: all inputs, in edge order, as one array.
* ``to_object``: ``[k1, v1, k2, v2, ...]`` to ``{k1: v1, k2: v2}`` (keys must be strings; an
  odd last element is ignored; a later duplicate key wins).
* ``flatten``: nested arrays flattened to full depth (``null`` when no element is left).
* ``keys`` / ``values``: an object's keys / values, both in byte-wise sorted key order so the
  two lists line up and every run gives the same order.

``to_object`` and ``flatten`` read arrays, so they unwrap the result of an array node
(``{"sorted": [...]}``) first. ``flatten`` counts elements while it builds and stops at
``max_array_length``.
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
from thaiyyal.values import go_type_name

TRANSFORM_TYPES = ("to_array", "to_object", "flatten", "keys", "values")


@node_config
class TransformConfig:
    #: ``to_array``, ``to_object``, ``flatten``, ``keys`` or ``values``.
    transform_type: str


def _is_array(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def to_object(value: Any) -> dict[str, Any]:
    if not _is_array(value):
        raise NodeError(f"to_object requires array input, got {go_type_name(value)}")
    out: dict[str, Any] = {}
    for i in range(0, len(value) - 1, 2):
        key = value[i]
        if not isinstance(key, str):
            raise NodeError(f"to_object requires string keys at index {i}")
        out[key] = value[i + 1]
    return out


def flatten(value: Any, limit: int = 0) -> list[Any] | None:
    """Every non-array element of ``value`` and its nested arrays, depth first."""
    if not _is_array(value):
        raise NodeError(f"flatten requires array input, got {go_type_name(value)}")
    out: list[Any] = []
    stack = [iter(value)]
    while stack:
        item = next(stack[-1], _END)
        if item is _END:
            stack.pop()
        elif _is_array(item):
            stack.append(iter(item))
        else:
            out.append(item)
            if limit and len(out) > limit:
                raise LimitExceeded(
                    "node result validation failed: array too large: more than "
                    f"{limit} elements (limit: {limit})",
                    "value",
                )
    return out or None


_END: Any = object()


def _sorted_keys(value: Any, kind: str) -> list[str]:
    if not isinstance(value, Mapping):
        raise NodeError(f"{kind} transform requires object input, got {go_type_name(value)}")
    return sorted(value)


class Transform(NodeType[TransformConfig]):
    """Collect inputs into an array, pair an array into an object, flatten, keys, values."""

    type_name = "transform"
    category = "state"
    Config = TransformConfig

    def check_config(self, config: TransformConfig) -> Iterable[ConfigError]:
        if config.transform_type not in TRANSFORM_TYPES:
            yield ConfigError(
                f"unsupported transform type: {config.transform_type}", field="transform_type"
            )

    def run(self, config: TransformConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        if not inputs:
            raise NodeError("transform node requires input")
        kind = config.transform_type
        if kind == "to_array":
            return list(inputs)
        if kind == "to_object":
            return to_object(ctx.array_input(inputs, 0))
        if kind == "flatten":
            return flatten(ctx.array_input(inputs, 0), ctx.config.max_array_length)
        value = inputs[0]
        if kind == "keys":
            return _sorted_keys(value, "keys")
        return [value[key] for key in _sorted_keys(value, "values")]


@hookimpl
def register_node_types(register: Any) -> None:
    register(Transform)
