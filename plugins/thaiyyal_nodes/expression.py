"""``expression``: the value of an expression over the node's input."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import LoadContext, NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.expression import Expression, ExpressionError

from ._expr import (
    compile_expression,
    expression_limits,
    node_references_of,
    node_scope,
    reads_state,
)

__all__ = ["ExpressionConfig", "ExpressionNode"]


@node_config
class ExpressionConfig:
    #: The expression; ``""`` passes the input through with a warning.
    expression: str


class ExpressionNode(NodeType[ExpressionConfig]):
    """Evaluates ``expression`` with ``input`` (and ``item``) bound to ``inputs[0]`` and
    returns its value: a number, text, boolean, array or object."""

    type_name = "expression"
    category = "operation"
    Config = ExpressionConfig

    def prepare(self, config: ExpressionConfig, load: LoadContext) -> Expression | None:
        if not config.expression:
            return None
        return compile_expression(config.expression, "expression", expression_limits(load.config))

    def is_stateful(self, config: ExpressionConfig) -> bool:
        return reads_state((config.expression,))

    def node_references(self, config: ExpressionConfig) -> Iterable[tuple[str, str]]:
        return node_references_of((("expression", config.expression),))

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
