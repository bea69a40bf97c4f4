"""``while_loop``: runs a body on a value while a condition holds for it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from thaiyyal import (
    LoadContext,
    NodeContext,
    NodeError,
    NodeType,
    Plan,
    RunTimeout,
    hookimpl,
    node_config,
)
from thaiyyal.converter import RawJSON
from thaiyyal.expression import Expression, ExpressionError, Scope
from thaiyyal.subflow import copy_state

from ._arrays import require_input
from ._expr import compile_expression, expression_limits, node_references_of, reads_state
from ._loops import has_body, iteration_limit, prepare_body

__all__ = ["WhileLoop", "WhileLoopConfig"]

#: The reference's hard-coded limit, used only when the engine sets none.
REFERENCE_MAX_ITERATIONS = 100


@node_config
class WhileLoopConfig:
    #: Evaluated on the current value (``item``/``input``, ``iteration``); the loop goes
    #: on while it is the boolean true.
    condition: str
    #: At most this many iterations (default and ceiling: the engine's ``max_iterations``).
    max_iterations: int | None = None
    #: The body, inline: ``{"nodes": [...], "edges": [...]}``; its final output is the next
    #: value. Without a body (and without ``body_workflow_id``) the value never changes.
    body: RawJSON | None = None
    #: Or the id of a saved workflow to use as the body.
    body_workflow_id: str = ""


@attrs.frozen
class Prepared:
    condition: Expression
    body: Plan | None


class WhileLoop(NodeType[WhileLoopConfig]):
    """Starting from ``inputs[0]``, runs the body on the value while ``condition`` holds,
    each run's final output becoming the next value; fails when the condition still holds
    after ``max_iterations`` runs (at once, without a body)."""

    type_name = "while_loop"
    bounded = False  # body runs are bounded node by node, not as one call
    category = "control"
    Config = WhileLoopConfig

    def prepare(self, config: WhileLoopConfig, load: LoadContext) -> Prepared:
        limits = expression_limits(load.config)
        condition = compile_expression(config.condition, "condition", limits)
        return Prepared(condition, prepare_body(load, config.body, config.body_workflow_id))

    def is_stateful(self, config: WhileLoopConfig) -> bool:
        if has_body(config.body, config.body_workflow_id):
            return True  # the loop starts from a copy of the run state
        return reads_state((config.condition,))

    def node_references(self, config: WhileLoopConfig) -> Iterable[tuple[str, str]]:
        return node_references_of((("condition", config.condition),))

    async def run(
        self, config: WhileLoopConfig, inputs: list[Any], ctx: NodeContext
    ) -> dict[str, Any]:
        require_input(inputs, self.type_name)
        prepared: Prepared = ctx.prepared
        limit = iteration_limit(
            config.max_iterations, ctx.config.max_iterations, REFERENCE_MAX_ITERATIONS
        )
        value = inputs[0]
        exceeded = f"while_loop exceeded max iterations: {limit}"
        if prepared.body is None:
            # The value never changes, so a condition that holds once holds forever: fail
            # now rather than spin to the limit.
            if _holds(prepared.condition, _scope(ctx.state, ctx.results), value, 0):
                raise NodeError(exceeded)
            return {"final_value": value, "iterations": 0, "condition": config.condition}
        # One copy of the run state for the whole loop: iterations run one after another
        # and see what earlier ones wrote (the condition too); nothing flows back.
        state = copy_state(ctx)
        scope = _scope(state, ctx.results)
        iterations = 0
        while _holds(prepared.condition, scope, value, iterations):
            if iterations >= limit:
                raise NodeError(exceeded)
            result = await ctx.run_workflow(
                prepared.body,
                variables={"item": value, "input": value, "iteration": iterations},
                state=state,
            )
            if result.error is not None:
                if isinstance(result.error, RunTimeout):
                    raise result.error
                raise NodeError(f"while_loop iteration {iterations} failed: {result.error}")
            value = result.final_output
            iterations += 1
        return {"final_value": value, "iterations": iterations, "condition": config.condition}


def _scope(state: Any, results: Any) -> Scope:
    return Scope(variables=state.variables, context=state.context, nodes=results)


def _holds(condition: Expression, scope: Scope, value: Any, iteration: int) -> bool:
    # ``item`` and ``input`` are bound, not auto-bound: the loop state holds variables
    # of those names (the previous value, set for the body), which must not shadow it.
    scope.set_input(value)
    scope.bind("item", value)
    scope.bind("input", value)
    scope.bind("iteration", iteration)
    try:
        return condition.test(scope)
    except ExpressionError as exc:
        raise NodeError(f"while_loop condition evaluation failed: {exc}") from None


@hookimpl
def register_node_types(register: Any) -> None:
    register(WhileLoop)
