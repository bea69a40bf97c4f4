"""``group_by``: elements grouped by the text of one field, with a per-group aggregate."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.values import go_format

from ._arrays import not_an_array, resolve_array

#: Group key of object elements that lack the field.
MISSING = "<missing>"


def _numbers(group: list[Any], value_field: str) -> list[int | float]:
    """The numeric ``value_field`` values of the group's object elements (others ignored)."""
    out: list[int | float] = []
    for element in group:
        if type(element) is dict:
            value = element.get(value_field)
            if value.__class__ is float or value.__class__ is int:
                out.append(value)
    return out


def _sum(numbers: list[int | float]) -> float:
    total = 0.0
    for number in numbers:  # left to right, as the reference adds (not math.fsum)
        total += number
    return total


def _avg(numbers: list[int | float]) -> float:
    return _sum(numbers) / len(numbers) if numbers else 0.0


def _min(numbers: list[int | float]) -> float | None:
    return float(min(numbers)) if numbers else None


def _max(numbers: list[int | float]) -> float | None:
    return float(max(numbers)) if numbers else None


Aggregate = Callable[[list[Any], str], Any]

#: aggregate name -> (result key, function of (group, value_field)).
AGGREGATES: dict[str, tuple[str, Aggregate]] = {
    "count": ("counts", lambda group, _: len(group)),
    "sum": ("sums", lambda group, field: _sum(_numbers(group, field))),
    "avg": ("averages", lambda group, field: _avg(_numbers(group, field))),
    "min": ("minimums", lambda group, field: _min(_numbers(group, field))),
    "max": ("maximums", lambda group, field: _max(_numbers(group, field))),
    "values": ("values", lambda group, _: group),
}


@node_config
class GroupByConfig:
    #: Top-level key whose Go ``%v`` text names each element's group.
    field: str
    #: ``count``, ``sum``, ``avg``, ``min``, ``max`` or ``values``.
    aggregate: str = "count"
    #: Key of the numbers that ``sum``/``avg``/``min``/``max`` read (``""`` is a key too).
    value_field: str = ""


class GroupBy(NodeType[GroupByConfig]):
    """Groups ``inputs[0]`` by ``%v`` of ``field`` and aggregates each group.

    Keys are Go ``%v`` texts, so ``1`` and ``"1"`` share a group and 1000000 is written
    ``1e+06``; objects lacking the field go to ``"<missing>"``, non-objects to their own text.
    """

    type_name = "group_by"
    category = "array"
    Config = GroupByConfig

    def check_config(self, config: GroupByConfig) -> Iterable[ConfigError]:
        if not config.field:
            yield ConfigError("group_by node requires 'field' string", field="field")
        if config.aggregate not in AGGREGATES:
            yield ConfigError(f"unknown aggregate function: {config.aggregate}", field="aggregate")

    def run(self, config: GroupByConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        array = resolve_array(inputs, ctx, self.type_name)
        if array is None:
            return not_an_array(inputs[0])
        # Rejected at load time; kept for callers that skip the config check.
        if not config.field:
            raise NodeError("group_by node requires 'field' string")
        if config.aggregate not in AGGREGATES:
            raise NodeError(f"unknown aggregate function: {config.aggregate}")
        groups = group(array, config.field)
        result_key, function = AGGREGATES[config.aggregate]
        value_field = config.value_field
        return {
            "groups": groups,
            "group_count": len(groups),
            "input_count": len(array),
            "field": config.field,
            "aggregate": config.aggregate,
            result_key: {key: function(members, value_field) for key, members in groups.items()},
        }


def group(array: list[Any], field: str) -> dict[str, list[Any]]:
    """Elements by group key, each group in input order (one hash lookup per element)."""
    groups: dict[str, list[Any]] = {}
    for element in array:
        if type(element) is dict:
            key = _text(element[field]) if field in element else MISSING
        else:
            key = _text(element)
        members = groups.get(key)
        if members is None:
            groups[key] = [element]
        else:
            members.append(element)
    return groups


def _text(value: Any) -> str:
    return value if value.__class__ is str else go_format(value)


@hookimpl
def register_node_types(register: Any) -> None:
    register(GroupBy)
