"""``range``: a list of numbers from ``start`` to ``end`` (inclusive) by ``step``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.values import go_format, is_number

from ._arrays import check_length

#: The reference refuses ranges of this many items or more.
MAX_ITEMS = 10000


@node_config
class RangeConfig:
    #: First value (a number; anything else means 0).
    start: Any
    #: Last value, inclusive (a number; anything else means 10).
    end: Any
    #: Increment (a number; anything else, or absent, means 1); never 0.
    step: Any = None


class Range(NodeType[RangeConfig]):
    """Generates ``start, start+step, ...`` up to ``end``; ignores its inputs.

    The value is accumulated (``value += step``) as the reference does, so ``0..1`` by
    ``0.1`` ends in ``0.9999999999999999``. Every check depends on the config only, so a
    bad range is rejected when the workflow is loaded.
    """

    type_name = "range"
    category = "array"
    Config = RangeConfig
    array_key = "range"

    def check_config(self, config: RangeConfig) -> Iterable[ConfigError]:
        start, end, step = effective(config)
        problem = bounds_problem(start, end, step)
        if problem is not None:
            yield problem
            return
        try:
            generate(start, end, step)
        except NodeError as exc:
            yield ConfigError(exc.message, field="end")

    def run(self, config: RangeConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        start, end, step = effective(config)
        problem = bounds_problem(start, end, step)  # rejected at load; kept for direct callers
        if problem is not None:
            raise NodeError(problem.message)
        values = generate(start, end, step)  # at most MAX_ITEMS - 1 values
        check_length(ctx, len(values), "range")
        return {"range": values, "count": len(values), "start": start, "end": end, "step": step}


def _number(value: Any, default: float) -> float:
    return float(value) if is_number(value) else default


def effective(config: RangeConfig) -> tuple[float, float, float]:
    """The start, end and step used: numbers as given, anything else the default."""
    return _number(config.start, 0.0), _number(config.end, 10.0), _number(config.step, 1.0)


def bounds_problem(start: float, end: float, step: float) -> ConfigError | None:
    """The reference's three range checks, in its order, with its messages."""
    if step == 0:
        return ConfigError("range step cannot be 0", field="step")
    if step > 0 and start > end:
        return ConfigError(
            "range with positive step requires start <= end, "
            f"got start={go_format(start)} end={go_format(end)}",
            field="step",
        )
    if step < 0 and start < end:
        return ConfigError(
            "range with negative step requires start >= end, "
            f"got start={go_format(start)} end={go_format(end)}",
            field="step",
        )
    return None


def generate(start: float, end: float, step: float) -> list[float]:
    """The values, accumulated; NodeError once the reference's item cap is reached.

    Assumes :func:`bounds_problem` found nothing.
    """
    values: list[float] = []
    value = start
    while (value <= end) if step > 0 else (value >= end):
        values.append(value)
        if len(values) >= MAX_ITEMS:
            raise NodeError(
                f"range would generate more than {MAX_ITEMS} items, adjust start/end/step"
            )
        value += step
    return values


@hookimpl
def register_node_types(register: Any) -> None:
    register(Range)
