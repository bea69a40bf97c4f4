"""``unique``: an array without repeated elements, first occurrences kept in order."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeType, hookimpl, node_config
from thaiyyal.values import go_format

from ._arrays import not_an_array, resolve_array


@node_config
class UniqueConfig:
    #: Deduplicate object elements by this top-level key (objects without it are all kept);
    #: ``""`` deduplicates by the whole element.
    field: str = ""


class Unique(NodeType[UniqueConfig]):
    """Deduplicates ``inputs[0]`` by the Go ``%v`` text of each element (or of its field).

    Texts, not values, decide: ``1`` and ``"1"``, or ``null`` and ``"<nil>"``, count as
    duplicates, as in the reference. A hash set of the texts keeps it linear.
    """

    type_name = "unique"
    category = "array"
    Config = UniqueConfig
    array_key = "unique"

    def run(self, config: UniqueConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        array = resolve_array(inputs, ctx, self.type_name)
        if array is None:
            return not_an_array(inputs[0])
        field = config.field
        seen: set[str] = set()
        unique: list[Any] = []
        for element in array:
            if field and type(element) is dict:
                if field not in element:
                    unique.append(element)
                    continue
                text = _text(element[field])
            else:
                text = _text(element)
            if text not in seen:
                seen.add(text)
                unique.append(element)
        return {
            "unique": unique or None,
            "input_count": len(array),
            "output_count": len(unique),
            "removed": len(array) - len(unique),
        }


def _text(value: Any) -> str:
    return value if value.__class__ is str else go_format(value)


@hookimpl
def register_node_types(register: Any) -> None:
    register(Unique)
