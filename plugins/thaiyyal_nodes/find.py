"""``find``: the first element of an array for which a condition holds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, LoadContext, NodeContext, NodeType, hookimpl, node_config
from thaiyyal.expression import Expression

from ._arrays import not_an_array, resolve_array
from ._expr import (
    EVALUATION_ERRORS,
    compile_expression,
    expression_limits,
    node_references_of,
    node_scope,
    reads_state,
)

__all__ = ["Find", "FindConfig"]


@node_config
class FindConfig:
    #: The first element (``item``) for which it evaluates to the boolean true is found.
    condition: str
    #: Also return the element's position as ``index``.
    return_index: bool = False


class Find(NodeType[FindConfig]):
    """The first element of ``inputs[0]`` whose ``condition`` holds (``item``, ``index``,
    ``items`` are bound), or ``found: null`` with ``not_found: true``."""

    type_name = "find"
    category = "array"
    Config = FindConfig

    def check_config(self, config: FindConfig) -> Iterable[ConfigError]:
        if not config.condition:
            yield ConfigError("find node missing required 'condition' string", field="condition")

    def prepare(self, config: FindConfig, load: LoadContext) -> Expression:
        return compile_expression(config.condition, "condition", expression_limits(load.config))

    def is_stateful(self, config: FindConfig) -> bool:
        return reads_state((config.condition,))

    def node_references(self, config: FindConfig) -> Iterable[tuple[str, str]]:
        return node_references_of((("condition", config.condition),))

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
