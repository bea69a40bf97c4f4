"""``sort``: a stably sorted copy of an array, by the elements or by one field of them."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config
from thaiyyal.values import go_format

from ._arrays import not_an_array, resolve_array
from ._go_sort import stable_sort

__all__ = ["Sort", "SortConfig", "sort_values"]


@node_config
class SortConfig:
    #: Top-level key of object elements to sort by; ``""`` sorts by the elements themselves.
    field: str = ""
    #: ``desc`` (any case) sorts descending; anything else ascending.
    order: str = "asc"


class Sort(NodeType[SortConfig]):
    """Sorts ``inputs[0]``: nulls first, numbers numerically, strings byte-wise, else by text."""

    type_name = "sort"
    category = "array"
    Config = SortConfig
    array_key = "sorted"

    def run(self, config: SortConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        array = resolve_array(inputs, ctx, self.type_name)
        if array is None:
            return not_an_array(inputs[0])
        order = config.order.lower()
        field = config.field
        keys = [e.get(field) if type(e) is dict else None for e in array] if field else array
        return {
            "sorted": sort_values(array, keys, descending=order == "desc"),
            "count": len(array),
            "field": field,
            "order": order,
        }


# Key kinds. The reference compares two keys of one kind directly (numbers numerically,
# strings byte-wise, false < true) and any other pair by their Go %v texts; null sorts first.
_NULL, _NUMBER, _STRING, _BOOL, _OTHER = range(5)


def _kind(key: Any) -> int:
    cls = key.__class__
    if key is None:
        return _NULL
    if cls is float or cls is int:
        return _NUMBER
    if cls is str:
        return _STRING
    if cls is bool:
        return _BOOL
    return _OTHER


def _text(key: Any) -> str:
    """The %v text; for strings and booleans it orders exactly as their own comparison."""
    return key if key.__class__ is str else go_format(key)


def sort_values(items: list[Any], keys: list[Any], *, descending: bool = False) -> list[Any]:
    """``items`` ordered by ``keys`` (same length) the way the reference's sort node orders them.

    Ascending is stable. Descending is what the reference's comparator "not a < b" gives:
    for consistent keys the reverse of the stable ascending order (ties in reverse input
    order, nulls last). When the comparator is a consistent order, which it is unless
    numbers are mixed with non-numbers or a NaN is present, Python's sort computes it
    directly; otherwise Go's stable-sort procedure is replayed so the result matches.
    """
    types = set(map(type, keys))
    has_numbers = bool(types & _NUMBER_TYPES)
    if has_numbers and (
        not types <= _NUMBER_TYPES | {type(None)} or (float in types and _has_nan(keys))
    ):
        return _replay_go_sort(items, keys, [_kind(k) for k in keys], descending)
    if type(None) in types:
        nulls = [item for item, key in zip(items, keys, strict=True) if key is None]
        ranked = [i for i, key in enumerate(keys) if key is not None]
        rank_keys = [keys[i] for i in ranked]
    else:
        nulls, ranked, rank_keys = [], list(range(len(items))), keys
    if not has_numbers and not types <= {str, type(None)}:
        rank_keys = [_text(k) for k in rank_keys]  # booleans, arrays, objects: by %v text
    if rank_keys is items:  # sorting the elements themselves: no index indirection
        ascending = sorted(items)
    else:
        order = sorted(range(len(rank_keys)), key=rank_keys.__getitem__)
        ascending = nulls + [items[ranked[j]] for j in order]
    if descending:
        ascending.reverse()
    return ascending


_NUMBER_TYPES = frozenset({int, float})


def _has_nan(keys: list[Any]) -> bool:
    return any(k != k for k in keys if type(k) is float)


def _replay_go_sort(
    items: list[Any], keys: list[Any], kinds: list[int], descending: bool
) -> list[Any]:
    entries = [
        (kind, key, "" if kind == _NULL else _text(key), item)
        for kind, key, item in zip(kinds, keys, items, strict=True)
    ]

    def less(x: tuple[int, Any, str, Any], y: tuple[int, Any, str, Any]) -> bool:
        if x[0] == _NULL:
            return y[0] != _NULL
        if y[0] == _NULL:
            return False
        if x[0] == y[0] and x[0] != _OTHER:
            return bool(x[1] < y[1])
        return x[2] < y[2]

    if descending:
        stable_sort(entries, lambda x, y: not less(x, y))
    else:
        stable_sort(entries, less)
    return [entry[3] for entry in entries]


@hookimpl
def register_node_types(register: Any) -> None:
    register(Sort)
