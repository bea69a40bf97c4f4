"""``filter``: the elements of an array for which a condition holds."""

from __future__ import annotations

from typing import Any

from thaiyyal import (
    NodeContext,
    NodeError,
    hookimpl,
    node_config,
)
from thaiyyal.expression import Expression
from thaiyyal.values import go_type_name

from ._expr import (
    EVALUATION_ERRORS,
    OneExpressionNode,
    node_scope,
)

__all__ = ["Filter", "FilterConfig", "find_array"]

#: Keys under which ``filter`` and ``partition`` find the array of an object input.
UNWRAP_KEYS = ("range", "array", "items", "data", "values")


def find_array(inputs: list[Any], ctx: NodeContext) -> list[Any] | None:
    """The array ``filter`` and ``partition`` work on, or None.

    ``inputs[0]`` when it is an array or the wrapped result of an array node
    (``ctx.array_input``); else, for an object, the first of its keys ``range``, ``array``,
    ``items``, ``data``, ``values`` holding an array (the reference's own unwrapping).
    """
    value = ctx.array_input(inputs)
    if type(value) is list:
        return value
    if isinstance(value, dict):
        for key in UNWRAP_KEYS:
            inner = value.get(key)
            if type(inner) is list:
                return inner
    return None


@node_config
class FilterConfig:
    #: Kept iff it evaluates to the boolean true for the element (``item``).
    condition: str


class Filter(OneExpressionNode[FilterConfig]):
    """Keeps the elements of ``inputs[0]`` whose ``condition`` holds (``item`` is the
    element, ``index`` its position); a non-array input passes through with a warning."""

    type_name = "filter"
    category = "control"
    Config = FilterConfig
    expression_field = "condition"
    empty_message = "filter node missing condition expression"
    array_key = "filtered"

    def run(self, config: FilterConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        if not inputs:
            raise NodeError("filter node needs at least 1 input")
        array = find_array(inputs, ctx)
        if array is None:
            value = inputs[0]
            return {
                "input": value,
                "filtered": value,
                "is_array": False,
                "warning": "input is not an array, passed through unchanged",
                "original_type": go_type_name(value),
            }
        condition: Expression = ctx.prepared
        test = condition.tester
        scope = node_scope(ctx, None)
        set_element = scope.set_element
        kept: list[Any] = []
        keep = kept.append
        errors = 0
        # ``index`` is a float here (and in map and reduce), an int in find and partition:
        # the reference's types, visible through %T and type checks.
        for position, element in enumerate(array):
            set_element(element, float(position))
            try:
                if test(scope):
                    keep(element)
            except EVALUATION_ERRORS:
                errors += 1
        return {
            "filtered": kept,
            "input_count": len(array),
            "output_count": len(kept),
            "skipped_count": len(array) - len(kept),
            "error_count": errors,
            "condition": config.condition,
            "is_array": True,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Filter)
