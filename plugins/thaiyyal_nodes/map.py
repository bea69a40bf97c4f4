"""``map``: transforms every element of an array, by an expression, a field or a body."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from thaiyyal import (
    ConfigError,
    LoadContext,
    NodeContext,
    NodeError,
    NodeType,
    Plan,
    hookimpl,
    node_config,
)
from thaiyyal.converter import RawJSON
from thaiyyal.expression import Expression
from thaiyyal.values import go_type_name

from ._arrays import require_input
from ._expr import (
    EVALUATION_ERRORS,
    compile_expression,
    expression_limits,
    node_references_of,
    node_scope,
    reads_state,
)
from ._loops import (
    DEFAULT_CONCURRENCY,
    check_body_config,
    has_body,
    iteration_limit,
    prepare_body,
    run_body_per_element,
)

__all__ = ["Map", "MapConfig"]


@node_config
class MapConfig:
    #: The new element, from ``item`` (also ``index``, ``items``), e.g. ``item.price * 2``.
    expression: str = ""
    #: Or: the value of this top-level key of each (object) element; wins over expression.
    field: str = ""
    #: Or: a body run per element (``variables.item``, ``index``, ``items``), inline
    #: ``{"nodes": [...], "edges": [...]}``; the new element is the run's final output.
    body: RawJSON | None = None
    #: Or the id of a saved workflow to use as the body.
    body_workflow_id: str = ""
    #: Body runs at a time.
    max_concurrency: int = DEFAULT_CONCURRENCY
    #: With a body: keep going when an element's run fails (null in its place, counted in
    #: ``failed``) instead of failing the node with the first failure.
    continue_on_item_error: bool = False


@attrs.frozen
class Prepared:
    expression: Expression | None = None
    body: Plan | None = None


_NOTHING = Prepared()


class Map(NodeType[MapConfig]):
    """A new array from ``inputs[0]``: each element's ``field``, or the value of
    ``expression``, or the final output of a ``body`` run; with none of them the array
    passes through. An element that cannot be mapped becomes null and counts as failed."""

    type_name = "map"
    bounded = False  # body runs are bounded node by node, not as one call
    category = "control"
    Config = MapConfig
    array_key = "results"

    def check_config(self, config: MapConfig) -> Iterable[ConfigError]:
        if has_body(config.body, config.body_workflow_id) and (config.expression or config.field):
            field = "body" if config.body is not None else "body_workflow_id"
            yield ConfigError(
                "give either a body or an expression/field, not both "
                f"(got {field} and {'field' if config.field else 'expression'})",
                field=field,
            )
            return
        yield from check_body_config(config.body, config.body_workflow_id, config.max_concurrency)

    def prepare(self, config: MapConfig, load: LoadContext) -> Prepared:
        if has_body(config.body, config.body_workflow_id):
            return Prepared(body=prepare_body(load, config.body, config.body_workflow_id))
        if config.field or not config.expression:
            return _NOTHING
        limits = expression_limits(load.config)
        return Prepared(expression=compile_expression(config.expression, "expression", limits))

    def _expression(self, config: MapConfig) -> str:
        """The expression the node evaluates ("" when ``field`` or a body wins)."""
        if config.field or has_body(config.body, config.body_workflow_id):
            return ""
        return config.expression

    def is_stateful(self, config: MapConfig) -> bool:
        if has_body(config.body, config.body_workflow_id):
            return True  # body runs start from a copy of the run state
        return reads_state((self._expression(config),))

    def node_references(self, config: MapConfig) -> Iterable[tuple[str, str]]:
        return node_references_of((("expression", self._expression(config)),))

    async def run(self, config: MapConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        require_input(inputs, self.type_name)
        array = ctx.array_input(inputs)
        if type(array) is not list:
            raise NodeError(f"map node requires array input, got {go_type_name(array)}")
        prepared: Prepared = ctx.prepared
        if prepared.body is not None:
            return await _map_body(config, prepared.body, array, ctx)
        count = len(array)
        if config.field:
            results, failed = _map_field(config.field, array)
        elif prepared.expression is not None:
            results, failed = _map_expression(prepared.expression, array, ctx)
        else:
            return {
                "results": array,
                "input_count": count,
                "output_count": count,
                "warning": "no transformation specified",
            }
        return {
            "results": results,
            "input_count": count,
            "output_count": len(results),
            "successful": count - failed,
            "failed": failed,
        }


def _map_field(field: str, array: list[Any]) -> tuple[list[Any], int]:
    results: list[Any] = []
    failed = 0
    for element in array:
        if type(element) is dict and field in element:
            results.append(element[field])
        else:
            results.append(None)
            failed += 1
    return results, failed


def _map_expression(
    expression: Expression, array: list[Any], ctx: NodeContext
) -> tuple[list[Any], int]:
    evaluate = expression.evaluator
    scope = node_scope(ctx, None)
    scope.bind("items", array)
    set_element = scope.set_element
    results: list[Any] = []
    add = results.append
    failed = 0
    for position, element in enumerate(array):
        set_element(element, float(position))  # a float index, as in the reference
        try:
            add(evaluate(scope))
        except EVALUATION_ERRORS:
            add(None)
            failed += 1
    return results, failed


async def _map_body(
    config: MapConfig, body: Plan, array: list[Any], ctx: NodeContext
) -> dict[str, Any]:
    count = len(array)
    limit = iteration_limit(None, ctx.config.max_iterations, count)
    if count > limit:
        raise NodeError(f"map exceeds max iterations: {count} > {limit}")
    results, failed = await run_body_per_element(
        ctx,
        body,
        array,
        max_concurrency=config.max_concurrency,
        continue_on_item_error=config.continue_on_item_error,
        type_name="map",
    )
    return {
        "results": results,
        "input_count": count,
        "output_count": count,
        "successful": count - failed,
        "failed": failed,
    }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Map)
