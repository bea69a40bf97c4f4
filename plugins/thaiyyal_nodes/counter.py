"""``counter``: step the run's single shared counter.

Every counter node of a run works on the same number, which starts at 0. A numeric
``initial_value`` re-seeds the counter *every time that node runs*, before its operation
(so ``{"initial_value": 10, "counter_op": "increment"}`` always yields 11). Inputs are
ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeType, hookimpl, node_config
from thaiyyal.values import is_number

COUNTER_OPS = ("increment", "decrement", "reset", "get")


@node_config
class CounterConfig:
    #: ``increment``, ``decrement``, ``reset`` or ``get``.
    counter_op: str
    #: Step of ``increment`` / ``decrement``.
    delta: float = 1.0
    #: Re-seeds the counter before every operation of this node (numbers only).
    initial_value: Any = None


class Counter(NodeType[CounterConfig]):
    """Increment, decrement, reset or read the run's shared counter."""

    type_name = "counter"
    category = "state"
    Config = CounterConfig
    stateful = True

    def check_config(self, config: CounterConfig) -> Iterable[ConfigError]:
        if config.counter_op not in COUNTER_OPS:
            yield ConfigError(
                f"unsupported counter operation: {config.counter_op} "
                "(use increment, decrement, reset, or get)",
                field="counter_op",
            )

    def run(self, config: CounterConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        state = ctx.state
        seed = config.initial_value
        seeded = is_number(seed)
        if seeded:
            state.counter = float(seed)
        op = config.counter_op
        if op == "increment":
            state.counter += config.delta
        elif op == "decrement":
            state.counter -= config.delta
        elif op == "reset":
            state.counter = float(seed) if seeded else 0.0
        return {"operation": op, "value": state.counter}


@hookimpl
def register_node_types(register: Any) -> None:
    register(Counter)
