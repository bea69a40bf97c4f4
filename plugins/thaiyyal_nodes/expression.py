"""``expression``: the value of an expression over the node's input."""

from __future__ import annotations

from typing import Any

from thaiyyal import NodeContext, NodeError, hookimpl, node_config
from thaiyyal.expression import Expression, ExpressionError

from ._expr import (
    OneExpressionNode,
    node_scope,
)

__all__ = ["ExpressionConfig", "ExpressionNode"]


@node_config
class ExpressionConfig:
    #: The expression; ``""`` passes the input through with a warning.
    expression: str


class ExpressionNode(OneExpressionNode[ExpressionConfig]):
    """Evaluates ``expression`` with ``input`` (and ``item``) bound to ``inputs[0]`` and
    returns its value: a number, text, boolean, array or object."""

    type_name = "expression"
    category = "operation"
    Config = ExpressionConfig
    expression_field = "expression"

    def run(self, config: ExpressionConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        if not inputs:
            raise NodeError("expression node needs at least 1 input")
        value = inputs[0]
        expression: Expression | None = ctx.prepared
        if expression is None:
            return {"result": value, "warning": "no expression specified"}
        scope = node_scope(ctx, value)
        # The node binds ``input`` itself, so it wins over a workflow variable of that
        # name; ``item`` stays auto-bound (a workflow variable ``item`` shadows it).
        scope.bind("input", value)
        try:
            return expression.evaluate(scope)
        except ExpressionError as exc:
            raise NodeError(f"expression evaluation failed: {exc}") from None


@hookimpl
def register_node_types(register: Any) -> None:
    register(ExpressionNode)
