"""``find``: the first element of an array for which a condition holds."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, hookimpl, node_config
from thaiyyal.expression import Expression

from ._arrays import not_an_array, resolve_array
from ._expr import (
    EVALUATION_ERRORS,
    OneExpressionNode,
    node_scope,
)

__all__ = ["Find", "FindConfig"]


@node_config
class FindConfig:
    #: The first element (``item``) for which it evaluates to the boolean true is found.
    condition: str
    #: Also return the element's position as ``index``.
    return_index: bool = False


class Find(OneExpressionNode[FindConfig]):
    """The first element of ``inputs[0]`` whose ``condition`` holds (``item``, ``index``,
    ``items`` are bound), or ``found: null`` with ``not_found: true``."""

    type_name = "find"
    category = "array"
    Config = FindConfig
    expression_field = "condition"
    empty_message = "find node missing required 'condition' string"

    def run(self, config: FindConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        array = resolve_array(inputs, ctx, self.type_name)
        if array is None:
            return not_an_array(inputs[0])
        condition: Expression = ctx.prepared
        test = condition.tester
        scope = node_scope(ctx, None)
        scope.bind("items", array)
        set_element = scope.set_element
        for position, element in enumerate(array):
            set_element(element, position)  # an int index, as in the reference
            try:
                met = test(scope)
            except EVALUATION_ERRORS:
                continue  # an element whose condition fails to evaluate is not a match
            if met:
                found: dict[str, Any] = {"found": element, "condition": config.condition}
                if config.return_index:
                    found["index"] = position
                return found
        return {
            "found": None,
            "not_found": True,
            "condition": config.condition,
            "input_count": len(array),
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Find)
