"""``sub_workflow``: runs another workflow, inline or saved, as one node."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.converter import RawJSON
from thaiyyal.expression import Expression, ExpressionError, Scope, parse
from thaiyyal.nodes import LoadContext
from thaiyyal.plan import Plan
from thaiyyal.subflow import prepare_workflow


@node_config
class SubWorkflowConfig:
    #: the workflow to run, inline: ``{"nodes": [...], "edges": [...]}``
    workflow: RawJSON | None = None
    #: or the id of a saved workflow
    workflow_id: str = ""
    #: sub-workflow variable → expression over this node's input (``input``), workflow
    #: variables, context and earlier results; default ``{"input": "input"}``
    input_mapping: dict[str, str] = attrs.field(factory=dict)
    #: result key → expression over the sub-run (``input`` is its final output,
    #: ``node.<id>`` its node results); default: the sub-run's final output
    output_mapping: dict[str, str] = attrs.field(factory=dict)


def _parse_mapping(mapping: Mapping[str, str], field: str) -> tuple[tuple[str, Expression], ...]:
    parsed = []
    for name, text in mapping.items():
        try:
            parsed.append((name, parse(text)))
        except ExpressionError as exc:
            raise ConfigError(str(exc), field=f"{field}.{name}") from None
    return tuple(parsed)


@attrs.frozen
class Prepared:
    plan: Plan
    inputs: tuple[tuple[str, Expression], ...]
    outputs: tuple[tuple[str, Expression], ...]


class SubWorkflow(NodeType[SubWorkflowConfig]):
    """Runs a workflow (inline or saved) with variables mapped from this node's input, and
    returns its final output (or the mapped outputs).

    The sub-run has its own state, shares this run's deadline and limits, and its node
    results are reported under this node in the run result (``subworkflows``).
    """

    type_name = "sub_workflow"
    category = "flow"
    Config = SubWorkflowConfig
    bounded = False  # the sub-run's own nodes are bounded one by one

    def check_config(self, config: SubWorkflowConfig) -> Iterable[ConfigError]:
        for field, mapping in (
            ("input_mapping", config.input_mapping),
            ("output_mapping", config.output_mapping),
        ):
            try:
                _parse_mapping(mapping, field)
            except ConfigError as exc:
                yield exc

    def prepare(self, config: SubWorkflowConfig, load: LoadContext) -> Prepared:
        plan = prepare_workflow(load, inline=config.workflow, workflow_id=config.workflow_id)
        assert plan is not None
        return Prepared(
            plan,
            _parse_mapping(config.input_mapping, "input_mapping"),
            _parse_mapping(config.output_mapping, "output_mapping"),
        )

    def is_stateful(self, config: SubWorkflowConfig) -> bool:
        return any(
            e.references.reads_state
            for _, e in _parse_mapping(config.input_mapping, "input_mapping")
        )

    def node_references(self, config: SubWorkflowConfig) -> Iterable[tuple[str, str]]:
        for name, expression in _parse_mapping(config.input_mapping, "input_mapping"):
            for node_id in expression.references.nodes:
                yield f"input_mapping.{name}", node_id

    async def run(self, config: SubWorkflowConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        prepared: Prepared = ctx.prepared
        value = inputs[0] if inputs else None
        if prepared.inputs:
            scope = Scope(
                value, variables=ctx.state.variables, context=ctx.state.context, nodes=ctx.results
            )
            variables = {name: expr.evaluate(scope) for name, expr in prepared.inputs}
        else:
            variables = {"input": value}
        result = await ctx.run_workflow(prepared.plan, variables=variables, report=True)
        if result.error is not None:
            raise NodeError(f"sub-workflow failed: {result.error.message}")
        if not prepared.outputs:
            return result.final_output
        scope = Scope(result.final_output, nodes=result.node_results)
        return {key: expr.evaluate(scope) for key, expr in prepared.outputs}


@hookimpl
def register_node_types(register: Any) -> None:
    register(SubWorkflow)
