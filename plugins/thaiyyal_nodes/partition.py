"""``partition``: splits an array into the elements for which a condition holds and the rest."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, hookimpl, node_config
from thaiyyal.expression import Expression

from ._arrays import not_an_array, require_input
from ._expr import (
    EVALUATION_ERRORS,
    OneExpressionNode,
    node_scope,
)
from .filter import find_array

__all__ = ["Partition", "PartitionConfig"]


@node_config
class PartitionConfig:
    #: Elements (``item``) for which it evaluates to the boolean true go to ``passed``.
    condition: str


class Partition(OneExpressionNode[PartitionConfig]):
    """Splits ``inputs[0]`` into ``passed`` and ``failed`` by ``condition`` (``item``,
    ``index``, ``items`` are bound); an element whose condition fails to evaluate fails.

    Not a router: edges with ``true``/``false`` handles out of it never fire (read
    ``input.passed`` / ``input.failed`` downstream instead).
    """

    type_name = "partition"
    category = "array"
    Config = PartitionConfig
    expression_field = "condition"
    empty_message = "partition node missing required 'condition' string"

    def run(self, config: PartitionConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        require_input(inputs, self.type_name)
        array = find_array(inputs, ctx)
        if array is None:
            return not_an_array(inputs[0])
        condition: Expression = ctx.prepared
        test = condition.tester
        scope = node_scope(ctx, None)
        scope.bind("items", array)
        set_element = scope.set_element
        passed: list[Any] = []
        failed: list[Any] = []
        for position, element in enumerate(array):
            set_element(element, position)  # an int index, as in the reference
            try:
                met = test(scope)
            except EVALUATION_ERRORS:
                met = False
            (passed if met else failed).append(element)
        return {
            # empty lists are null, as the reference writes them
            "passed": passed or None,
            "failed": failed or None,
            "passed_count": len(passed),
            "failed_count": len(failed),
            "input_count": len(array),
            "condition": config.condition,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Partition)
