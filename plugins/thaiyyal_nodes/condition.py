"""``condition``: tests its input with an expression and routes to ``true`` or ``false``."""

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

__all__ = ["Condition", "ConditionConfig"]


@node_config
class ConditionConfig:
    #: The expression; the node's path is ``true`` iff it evaluates to the boolean true.
    condition: str
    #: Not read by the node (the editor writes them; ``true_path`` drives type inference).
    true_path: str = ""
    false_path: str = ""


class Condition(NodeType[ConditionConfig]):
    """Evaluates ``condition`` on ``inputs[0]``; edges with handle ``true``/``false`` fire
    by the outcome, and the result carries the input on as ``value``."""

    type_name = "condition"
    category = "control"
    Config = ConditionConfig
    routes = True

    def prepare(self, config: ConditionConfig, load: LoadContext) -> Expression:
        return compile_expression(config.condition, "condition", expression_limits(load.config))

    def is_stateful(self, config: ConditionConfig) -> bool:
        return reads_state((config.condition,))

    def node_references(self, config: ConditionConfig) -> Iterable[tuple[str, str]]:
        return node_references_of((("condition", config.condition),))

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
