"""Array node throughput over 1,000,000 elements (a script: figures are printed, never asserted).

For sort, unique, group_by and chunk it prints:

* ``direct s``: the node's ``run`` called directly (best of ``--rounds``);
* ``in engine s``: the same node inside a one-node workflow, as the engine times it
  (``RunResult.durations``: the node's own code);
* ``workflow s``: the whole ``Engine.run`` of that workflow: a data node handing over the
  prebuilt elements, the array node, and the engine's limit check of both results (which
  walks every element, so it is a large share of the total);
* ``peak MiB``: the peak memory the direct call allocates (tracemalloc, in a separate pass
  because tracing slows Python down).

The engine runs with ``max_array_length=0`` and ``max_input_size=0`` so the limits do not
stop it. Run:

    python benchmarks/bench_arrays.py [--items N] [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from _data_node import DATA, BenchPlugin

from thaiyyal import (
    Engine,
    EngineConfig,
    NodeType,
    load_plugins,
)
from thaiyyal.converter import structure
from thaiyyal_nodes.chunk import Chunk
from thaiyyal_nodes.group_by import GroupBy
from thaiyyal_nodes.sort import Sort
from thaiyyal_nodes.unique import Unique

CONFIG = EngineConfig(
    max_array_length=0, max_execution_time=3600.0, max_string_length=0, max_input_size=0
)

LOOP = asyncio.new_event_loop()


class DirectContext:
    """What the array nodes read from their context, for direct ``run`` calls."""

    config = CONFIG

    def array_input(self, inputs: list[Any], index: int = 0) -> Any:
        return inputs[index] if index < len(inputs) else None


def make_data(items: int) -> None:
    rng = random.Random(1)
    DATA["floats"] = [float(rng.randrange(items)) for _ in range(items)]
    DATA["repeats"] = [float(rng.randrange(items // 10 or 1)) for _ in range(items)]
    DATA["rows"] = [{"k": f"key{rng.randrange(1000)}", "v": float(n % 97)} for n in range(items)]
    mixed_size = max(1, items // 10)
    DATA["mixed"] = [
        rng.choice([float(rng.randrange(100)), str(rng.randrange(100)), None, True])
        for _ in range(mixed_size)
    ]


# name, node type, config data, data set
CASES: list[tuple[str, type[NodeType[Any]], dict[str, Any], str]] = [
    ("sort numbers", Sort, {}, "floats"),
    ("sort numbers desc", Sort, {"order": "desc"}, "floats"),
    ("sort objects by field", Sort, {"field": "k"}, "rows"),
    ("sort mixed (Go replay, n/10)", Sort, {}, "mixed"),
    ("unique numbers", Unique, {}, "repeats"),
    ("unique objects by field", Unique, {"field": "k"}, "rows"),
    ("group_by count", GroupBy, {"field": "k"}, "rows"),
    ("group_by sum", GroupBy, {"field": "k", "aggregate": "sum", "value_field": "v"}, "rows"),
    ("chunk size 100", Chunk, {"size": 100}, "floats"),
    ("chunk size 1", Chunk, {"size": 1}, "floats"),
]


def _best(run: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return best


def _peak(run: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        result = run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def _workflow(engine: Engine, data: str, type_name: str, config: dict[str, Any]) -> float:
    """Run data -> node; returns the node's own time as the engine measured it."""
    nodes = [
        {"id": "d", "type": "bench_data", "data": {"name": data}},
        {"id": "n", "type": type_name, "data": config},
    ]
    body = {"nodes": nodes, "edges": [{"source": "d", "target": "n"}]}
    # One loop for all runs, not asyncio.run: on Python 3.11 asyncio.run, when it restores
    # the SIGINT handler, builds repr() of the finished task, result included, which for
    # a million-element result costs seconds and would swamp the figures.
    result = LOOP.run_until_complete(engine.run(body))
    assert result.error is None, result.error
    return result.durations["n"]


def _best_workflow(
    engine: Engine, data: str, type_name: str, config: dict[str, Any], rounds: int
) -> tuple[float, float]:
    """Best (whole run, node inside the engine) over ``rounds`` runs."""
    best_total = best_node = float("inf")
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            node = _workflow(engine, data, type_name, config)
            best_total = min(best_total, time.perf_counter() - started)
            best_node = min(best_node, node)
        finally:
            gc.enable()
    return best_total, best_node


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    make_data(args.items)
    print(f"data: {args.items:,} elements, built in {time.perf_counter() - started:.1f} s")
    plugins = load_plugins(
        only=["node-sort", "node-unique", "node-group_by", "node-chunk"],
        extra={"bench": BenchPlugin()},
        environ={},
    )
    engine = Engine(CONFIG, plugins=plugins)
    ctx = DirectContext()
    print(
        f"{'case':<30}{'elements':>10}{'direct s':>10}{'in engine s':>13}"
        f"{'workflow s':>12}{'peak MiB':>10}"
    )
    for name, node_type, data, dataset in CASES:
        node = node_type()
        config = structure(data, node_type.Config)
        values = DATA[dataset]

        def direct(node: Any = node, config: Any = config, values: list[Any] = values) -> Any:
            return node.run(config, [values], ctx)  # type: ignore[arg-type]

        direct_s = _best(direct, args.rounds)
        total_s, node_s = _best_workflow(engine, dataset, node_type.type_name, data, args.rounds)
        peak = _peak(direct) / (1024 * 1024)
        print(
            f"{name:<30}{len(values):>10,}{direct_s:>10.3f}{node_s:>13.3f}"
            f"{total_s:>12.3f}{peak:>10.1f}"
        )


if __name__ == "__main__":
    main()
