"""``accumulator``: fold inputs into the run's single shared accumulator.

Every accumulator node of a run works on the same value. While it is ``null`` the node that
runs first sets it to its ``initial_value`` (any type) or to its operation's default (``sum``
and ``count`` 0, ``product`` 1, ``concat`` ``""``, ``array`` ``[]``); later nodes continue
from the shared value whatever their own operation or initial value. Then the first input,
if any, is folded in; without input the current value is reported unchanged. Numbers may be
floats or the integers other nodes count with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.values import go_type_name, is_number

_DEFAULTS: dict[str, Callable[[], Any]] = {
    "sum": lambda: 0.0,
    "count": lambda: 0.0,
    "product": lambda: 1.0,
    "concat": lambda: "",
    "array": list,
}


@node_config
class AccumulatorConfig:
    #: ``sum``, ``product``, ``concat``, ``array`` or ``count``.
    accum_op: str
    #: Start value of the shared accumulator (used only while it is still null).
    initial_value: Any = None


def _number(acc: Any) -> Any:
    if not is_number(acc):
        raise NodeError("accumulator value is not a number")
    return acc


def fold(op: str, acc: Any, value: Any) -> Any:
    """The accumulator after folding ``value`` in with ``op``."""
    if op == "sum" or op == "product":
        acc = _number(acc)
        if not is_number(value):
            raise NodeError(f"{op} accumulator requires numeric input, got {go_type_name(value)}")
        return acc + value if op == "sum" else acc * value
    if op == "concat":
        if not isinstance(acc, str):
            raise NodeError("accumulator value is not a string")
        if not isinstance(value, str):
            raise NodeError(f"concat accumulator requires string input, got {go_type_name(value)}")
        return acc + value
    if op == "array":
        if not isinstance(acc, list):
            raise NodeError("accumulator value is not an array")
        return [*acc, value]  # a new list: earlier results keep the value they reported
    return _number(acc) + 1  # count


class Accumulator(NodeType[AccumulatorConfig]):
    """Fold the input into the run's shared accumulator (sum, product, concat, array, count)."""

    type_name = "accumulator"
    category = "state"
    Config = AccumulatorConfig
    stateful = True

    def check_config(self, config: AccumulatorConfig) -> Iterable[ConfigError]:
        if config.accum_op not in _DEFAULTS:
            yield ConfigError(
                f"unsupported accumulator operation: {config.accum_op}", field="accum_op"
            )

    def run(self, config: AccumulatorConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        state = ctx.state
        if state.accumulator is None:
            if config.initial_value is not None:
                state.accumulator = config.initial_value
            else:
                state.accumulator = _DEFAULTS[config.accum_op]()
        if inputs:
            state.accumulator = fold(config.accum_op, state.accumulator, inputs[0])
        return {"operation": config.accum_op, "value": state.accumulator}


@hookimpl
def register_node_types(register: Any) -> None:
    register(Accumulator)
