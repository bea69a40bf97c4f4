"""``reduce``: folds an array into one value with an expression."""

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

from ._arrays import require_input
from ._expr import (
    EVALUATION_ERRORS,
    OneExpressionNode,
    node_scope,
)

__all__ = ["Reduce", "ReduceConfig"]


@node_config
class ReduceConfig:
    #: The next accumulator from ``accumulator`` and the element (``item``, ``index``,
    #: ``items``), e.g. ``accumulator + item``.
    expression: str
    #: The accumulator's start value; absent or null starts at 0.
    initial_value: Any = None


class Reduce(OneExpressionNode[ReduceConfig]):
    """Folds ``inputs[0]`` with ``expression``; an element whose step fails to evaluate
    leaves the accumulator unchanged and counts as failed."""

    type_name = "reduce"
    category = "control"
    Config = ReduceConfig
    expression_field = "expression"
    empty_message = "reduce node requires an expression"

    def run(self, config: ReduceConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        require_input(inputs, self.type_name)
        array = ctx.array_input(inputs)
        if type(array) is not list:
            raise NodeError(f"reduce node requires array input, got {go_type_name(array)}")
        expression: Expression = ctx.prepared
        evaluate = expression.evaluator
        accumulator = config.initial_value if config.initial_value is not None else 0.0
        scope = node_scope(ctx, None)
        scope.bind("items", array)
        bind = scope.bind
        set_element = scope.set_element
        failed = 0
        for position, element in enumerate(array):
            set_element(element, float(position))
            bind("accumulator", accumulator)
            try:
                accumulator = evaluate(scope)
            except EVALUATION_ERRORS:
                failed += 1
        return {
            "result": accumulator,
            "final_value": accumulator,
            "initial_value": config.initial_value,
            "input_count": len(array),
            "iterations": len(array),
            "successful": len(array) - failed,
            "failed": failed,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Reduce)
