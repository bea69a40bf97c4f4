"""``for_each``: runs a body (a sub-workflow) once per element of an array."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
from thaiyyal.values import go_type_name

from ._arrays import require_input
from ._loops import (
    DEFAULT_CONCURRENCY,
    check_body_config,
    has_body,
    iteration_limit,
    prepare_body,
    run_body_per_element,
)

__all__ = ["ForEach", "ForEachConfig"]

#: The reference's hard-coded limit, used only when the engine sets none.
REFERENCE_MAX_ITERATIONS = 1000


@node_config
class ForEachConfig:
    #: At most this many elements (default and ceiling: the engine's ``max_iterations``).
    max_iterations: int | None = None
    #: The body, inline: ``{"nodes": [...], "edges": [...]}``; without a body (and without
    #: ``body_workflow_id``) the node only counts the elements, as the reference does.
    body: RawJSON | None = None
    #: Or the id of a saved workflow to use as the body.
    body_workflow_id: str = ""
    #: Body runs at a time.
    max_concurrency: int = DEFAULT_CONCURRENCY
    #: Keep going when an item's run fails (its result is null and counts in ``failed``)
    #: instead of failing the node with the first failure.
    continue_on_item_error: bool = False


class ForEach(NodeType[ForEachConfig]):
    """Runs the body once per element of ``inputs[0]`` (``variables.item``, ``index``,
    ``items``), concurrently up to ``max_concurrency``, and returns each run's final
    output in element order as ``results``."""

    type_name = "for_each"
    bounded = False  # body runs are bounded node by node, not as one call
    category = "control"
    Config = ForEachConfig
    array_key = "results"

    def check_config(self, config: ForEachConfig) -> Iterable[ConfigError]:
        return check_body_config(config.body, config.body_workflow_id, config.max_concurrency)

    def prepare(self, config: ForEachConfig, load: LoadContext) -> Plan | None:
        return prepare_body(load, config.body, config.body_workflow_id)

    def is_stateful(self, config: ForEachConfig) -> bool:
        # body runs start from a copy of the run state, so when they start matters
        return has_body(config.body, config.body_workflow_id)

    async def run(self, config: ForEachConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        require_input(inputs, self.type_name)
        array = ctx.array_input(inputs)
        if type(array) is not list:
            raise NodeError(f"for_each node requires array input, got {go_type_name(array)}")
        limit = iteration_limit(
            config.max_iterations, ctx.config.max_iterations, REFERENCE_MAX_ITERATIONS
        )
        count = len(array)
        if count > limit:
            raise NodeError(f"for_each exceeds max iterations: {count} > {limit}")
        body: Plan | None = ctx.prepared
        if body is None:
            return {"input_count": count, "iterations": count, "successful": count, "failed": 0}
        results, failed = await run_body_per_element(
            ctx,
            body,
            array,
            max_concurrency=config.max_concurrency,
            continue_on_item_error=config.continue_on_item_error,
            type_name=self.type_name,
        )
        return {
            "input_count": count,
            "iterations": count,
            "successful": count - failed,
            "failed": failed,
            "results": results,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(ForEach)
