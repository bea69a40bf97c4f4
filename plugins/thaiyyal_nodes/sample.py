"""``sample``: some elements of an array: the first, the last, or chosen at random."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config

from ._arrays import config_int, not_an_array, resolve_array

METHODS = ("random", "first", "last")


@node_config
class SampleConfig:
    #: How many elements (numbers truncated; anything else means 1); must be > 0.
    count: Any
    #: ``random``, ``first`` or ``last``.
    method: str = "random"
    #: Seed for ``random``, making the choice reproducible (same seed, same input, same
    #: sample); without it every run draws afresh.
    seed: int | None = None


class Sample(NodeType[SampleConfig]):
    """Takes ``count`` elements of ``inputs[0]``.

    ``random`` with ``count`` at least the array's length returns the whole array in its
    order; otherwise it runs a partial Fisher-Yates shuffle, so the sample comes in drawn
    order.
    """

    type_name = "sample"
    category = "array"
    Config = SampleConfig
    array_key = "sample"

    def check_config(self, config: SampleConfig) -> Iterable[ConfigError]:
        problem = _problem(config)
        if problem is not None:
            yield problem

    def run(self, config: SampleConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        array = resolve_array(inputs, ctx, self.type_name)
        if array is None:
            return not_an_array(inputs[0])
        problem = _problem(config)  # rejected at load time; kept for direct callers
        if problem is not None:
            raise NodeError(problem.message)
        count = config_int(config.count, 1)
        n = len(array)
        taken = min(count, n)
        if config.method == "first":
            sample = array[:taken]
        elif config.method == "last":
            sample = array[n - taken :]
        elif count >= n:
            sample = list(array)
        else:
            sample = draw(array, count, random.Random(config.seed))
        return {
            "sample": sample,
            "input_count": n,
            "output_count": len(sample),
            "method": config.method,
        }


def draw(array: list[Any], count: int, rng: random.Random) -> list[Any]:
    """``count`` distinct elements by a partial Fisher-Yates shuffle over positions.

    Only the touched positions are remembered, so drawing k of n costs O(k), not O(n).
    """
    n = len(array)
    moved: dict[int, int] = {}
    out: list[Any] = []
    for i in range(count):
        j = rng.randrange(i, n)
        out.append(array[moved.get(j, j)])
        moved[j] = moved.get(i, i)
    return out


def _problem(config: SampleConfig) -> ConfigError | None:
    count = config_int(config.count, 1)
    if count <= 0:
        return ConfigError(f"sample count must be greater than 0, got {count}", field="count")
    if config.method not in METHODS:
        return ConfigError(
            f"unknown sample method: {config.method} (must be 'random', 'first', or 'last')",
            field="method",
        )
    return None


@hookimpl
def register_node_types(register: Any) -> None:
    register(Sample)
