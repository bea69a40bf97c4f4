"""``switch``: routes its input to the ``output_path`` of the first case whose ``when``
holds, or to the default case."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from thaiyyal import (
    ConfigError,
    LoadContext,
    NodeContext,
    NodeError,
    NodeType,
    hookimpl,
    node_config,
)
from thaiyyal.expression import Expression, ExpressionError

from ._expr import (
    compile_expression,
    expression_limits,
    node_references_of,
    node_scope,
    reads_state,
)

__all__ = ["Switch", "SwitchCase", "SwitchConfig"]


@node_config
class SwitchCase:
    #: The expression of a non-default case; never evaluated for the default case.
    when: str = ""
    #: The handle this case routes to (edges whose ``sourceHandle`` equals it fire).
    output_path: str = ""
    #: Marks the default case, which must be the last one.
    is_default: bool = False


@node_config
class SwitchConfig:
    cases: list[SwitchCase]


def _conditions(config: SwitchConfig) -> Iterator[tuple[str, str]]:
    """``(field, when)`` of every case that is evaluated (not the default)."""
    for index, case in enumerate(config.cases):
        if not case.is_default:
            yield f"cases[{index}].when", case.when


class Switch(NodeType[SwitchConfig]):
    """Evaluates the cases' ``when`` on ``inputs[0]`` in order; the first that holds gives
    the ``output_path`` (the route), else the default case does."""

    type_name = "switch"
    category = "control"
    Config = SwitchConfig
    routes = True

    def check_config(self, config: SwitchConfig) -> Iterable[ConfigError]:
        # The reference's decode-time rules, in its order and with its texts.
        cases = config.cases
        if not cases:
            yield ConfigError("missing required field: cases", field="cases")
            return
        last = len(cases) - 1
        defaults = 0
        for index, case in enumerate(cases):
            if case.is_default:
                defaults += 1
                if index != last:
                    yield ConfigError(
                        "default case must be the last case in the array "
                        f"(found at index {index}, but last index is {last})",
                        field=f"cases[{index}].is_default",
                    )
                    return
            elif not case.output_path:
                yield ConfigError(
                    f"case at index {index} must have output_path "
                    "(non-default cases require output_path)",
                    field=f"cases[{index}].output_path",
                )
                return
        if defaults != 1:
            yield ConfigError(
                f"switch node must have exactly one default case (found {defaults})",
                field="cases",
            )

    def prepare(self, config: SwitchConfig, load: LoadContext) -> tuple[Expression | None, ...]:
        """One parsed ``when`` per case (None for the default case)."""
        limits = expression_limits(load.config)
        return tuple(
            None if case.is_default else compile_expression(case.when, f"cases[{i}].when", limits)
            for i, case in enumerate(config.cases)
        )

    def is_stateful(self, config: SwitchConfig) -> bool:
        return reads_state(when for _, when in _conditions(config))

    def node_references(self, config: SwitchConfig) -> Iterable[tuple[str, str]]:
        return node_references_of(_conditions(config))

    def run(self, config: SwitchConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        if not inputs:
            raise NodeError("switch node requires at least one input")
        value = inputs[0]
        conditions: tuple[Expression | None, ...] = ctx.prepared
        scope = node_scope(ctx, value)
        for index, (case, condition) in enumerate(zip(config.cases, conditions, strict=True)):
            if condition is None:  # the default case, always the last one
                return {
                    "value": value,
                    "matched": False,
                    "case": "default",
                    "output_path": case.output_path or "default",
                    "case_index": index,
                }
            try:
                met = condition.test(scope)
            except ExpressionError as exc:
                raise NodeError(f"switch case at index {index}: evaluation failed: {exc}") from None
            if met:
                return {
                    "value": value,
                    "matched": True,
                    "case": case.when,
                    "output_path": case.output_path,
                    "case_index": index,
                }
        # check_config guarantees a default case, so the loop always returns.
        raise AssertionError("switch without a default case")  # pragma: no cover


@hookimpl
def register_node_types(register: Any) -> None:
    register(Switch)
