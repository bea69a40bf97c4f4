"""Throughput of the expression-evaluating array nodes inside the engine (a script: figures
are printed, never asserted).

A ``filter`` node (and, for comparison, ``map``, ``reduce``, ``partition`` and a ``find``
that matches nothing) runs over a 100,000-element array of objects in a two-node workflow:
a data node hands over the prebuilt array (so JSON decoding is not measured), then the
node under test. For each case it prints:

* ``node items/s``: elements per second of the node's own code, as the engine times it
  (``RunResult.durations``), best of ``--rounds``;
* ``run items/s``: elements per second of the whole ``Engine.run``, which also includes the
  engine's limit check of the node's result (it walks every element it did not see
  before).

The engine runs with ``max_array_length=0`` so the array limit does not stop it. Run:

    python benchmarks/bench_nodes_expr.py [--items N] [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import time
from typing import Any

from _data_node import DATA, BenchPlugin

from thaiyyal import (
    Engine,
    EngineConfig,
    load_plugins,
)

CONFIG = EngineConfig(max_array_length=0, max_execution_time=3600.0)
LOOP = asyncio.new_event_loop()


# name, node type, config data
CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "filter item.age >= 18 && item.active",
        "filter",
        {"condition": "item.age >= 18 && item.active"},
    ),
    ("filter shorthand age > 50", "filter", {"condition": "age > 50"}),
    ("map item.age * 2 + 1", "map", {"expression": "item.age * 2 + 1"}),
    ("map field age", "map", {"field": "age"}),
    ("reduce accumulator + item.age", "reduce", {"expression": "accumulator + item.age"}),
    ("partition item.active", "partition", {"condition": "item.active"}),
    ("find (no match) item.age > 1000", "find", {"condition": "item.age > 1000"}),
]


def make_data(items: int) -> None:
    rng = random.Random(1)
    DATA["people"] = [
        {"id": float(n), "age": float(rng.randrange(100)), "active": rng.random() < 0.5}
        for n in range(items)
    ]


def run_once(engine: Engine, type_name: str, config: dict[str, Any]) -> tuple[float, float]:
    """One run of data -> node: (whole run seconds, node seconds)."""
    payload = {
        "nodes": [
            {"id": "d", "type": "bench_data", "data": {"name": "people"}},
            {"id": "n", "type": type_name, "data": config},
        ],
        "edges": [{"source": "d", "target": "n"}],
    }
    plan = engine.load(payload)
    started = time.perf_counter()
    # one loop for all runs (asyncio.run would build the repr of the large result)
    result = LOOP.run_until_complete(engine.run(plan))
    total = time.perf_counter() - started
    assert result.error is None, result.error
    return total, result.durations["n"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    make_data(args.items)
    plugins = load_plugins(
        only=["node-filter", "node-map", "node-reduce", "node-partition", "node-find"],
        extra={"bench": BenchPlugin()},
        environ={},
    )
    engine = Engine(CONFIG, plugins=plugins)
    print(f"{args.items:,} elements, best of {args.rounds}")
    print(f"{'case':<40}{'node items/s':>15}{'run items/s':>15}")
    for name, type_name, config in CASES:
        best_total = best_node = float("inf")
        for _ in range(args.rounds):
            gc.collect()
            gc.disable()
            try:
                total, node = run_once(engine, type_name, config)
            finally:
                gc.enable()
            best_total = min(best_total, total)
            best_node = min(best_node, node)
        print(f"{name:<40}{args.items / best_node:>15,.0f}{args.items / best_total:>15,.0f}")


if __name__ == "__main__":
    main()
