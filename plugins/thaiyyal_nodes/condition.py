"""``condition``: tests its input with an expression and routes to ``true`` or ``false``."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeError, hookimpl, node_config
from thaiyyal.expression import Expression, ExpressionError

from ._expr import (
    OneExpressionNode,
    node_scope,
)

__all__ = ["Condition", "ConditionConfig"]


@node_config
class ConditionConfig:
    #: The expression; the node's path is ``true`` iff it evaluates to the boolean true.
    condition: str
    #: Not read by the node (the editor writes them; ``true_path`` drives type inference).
    true_path: str = ""
    false_path: str = ""


class Condition(OneExpressionNode[ConditionConfig]):
    """Evaluates ``condition`` on ``inputs[0]``; edges with handle ``true``/``false`` fire
    by the outcome, and the result carries the input on as ``value``."""

    type_name = "condition"
    category = "control"
    Config = ConditionConfig
    expression_field = "condition"
    empty_message = "empty expression at column 1"
    routes = True

    def run(self, config: ConditionConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        if not inputs:
            raise NodeError("condition node needs at least 1 input")
        value = inputs[0]
        condition: Expression = ctx.prepared
        try:
            met = condition.test(node_scope(ctx, value))
        except ExpressionError as exc:
            raise NodeError(f"condition evaluation failed: {exc}") from None
        return {
            "value": value,
            "condition_met": met,
            "condition": config.condition,
            "path": "true" if met else "false",
            "true_path": met,
            "false_path": not met,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Condition)
