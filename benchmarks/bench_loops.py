"""Loop-body throughput: ``for_each`` with a 3-node body over 10,000 items (a script:
figures are printed, never asserted).

The workflow is a data node handing over the prebuilt items (numbers; so JSON decoding is
not measured) and a ``for_each`` node whose inline body is::

    variable (get item) -> expression (input.value * 2) -> condition (input > 10)

Each item run is a sub-run with its own copy of the run state and ``variables.item``,
``index`` and ``items`` set. For each ``max_concurrency`` it prints the items per second of
the whole run (best of ``--rounds``) and the peak memory of one run (tracemalloc, in a
separate pass because tracing slows Python down).

The engine is configured so that the limits do not stop the loop: ``max_iterations`` =
items, ``max_node_executions`` = 0 (unlimited; the loop executes 3 x items body nodes),
``max_array_length`` = 0, and no time limits. Run:

    python benchmarks/bench_loops.py [--items N[,N...]] [--concurrency N[,N...]] [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
import tracemalloc

from _data_node import DATA, BenchPlugin

from thaiyyal import (
    Engine,
    EngineConfig,
    Plan,
    load_plugins,
)

LOOP = asyncio.new_event_loop()

BODY = {
    "nodes": [
        {"id": "get", "type": "variable", "data": {"var_name": "item", "var_op": "get"}},
        {"id": "double", "type": "expression", "data": {"expression": "input.value * 2"}},
        {"id": "big", "type": "condition", "data": {"condition": "input > 10"}},
    ],
    "edges": [{"source": "get", "target": "double"}, {"source": "double", "target": "big"}],
}


def plan_for(engine: Engine, concurrency: int) -> Plan:
    return engine.load(
        {
            "nodes": [
                {"id": "d", "type": "bench_data", "data": {"name": "items"}},
                {
                    "id": "loop",
                    "type": "for_each",
                    "data": {"body": BODY, "max_concurrency": concurrency},
                },
            ],
            "edges": [{"source": "d", "target": "loop"}],
        }
    )


def run_once(engine: Engine, plan: Plan, items: int) -> float:
    started = time.perf_counter()
    result = LOOP.run_until_complete(engine.run(plan))
    elapsed = time.perf_counter() - started
    assert result.error is None, result.error
    loop = result.node_results["loop"]
    assert loop["successful"] == items and len(loop["results"]) == items, loop
    return elapsed


def peak_bytes(engine: Engine, plan: Plan, items: int) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        run_once(engine, plan, items)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", default="10000", help="comma-separated item counts")
    parser.add_argument("--concurrency", default="1,8", help="comma-separated max_concurrency")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    counts = [int(n) for n in args.items.split(",")]
    concurrencies = [int(n) for n in args.concurrency.split(",")]
    plugins = load_plugins(
        only=["node-for_each", "node-variable", "node-expression", "node-condition"],
        extra={"bench": BenchPlugin()},
        environ={},
    )
    print(f"for_each, 3-node body, best of {args.rounds}")
    print(f"{'items':>8}{'concurrency':>13}{'seconds':>10}{'items/s':>10}{'peak MiB':>10}")
    for items in counts:
        DATA["items"] = [float(n) for n in range(items)]
        config = EngineConfig(
            max_iterations=items,
            max_node_executions=0,
            max_array_length=0,
            max_execution_time=3600.0,
            max_node_execution_time=0.0,
        )
        engine = Engine(config, plugins=plugins)
        for concurrency in concurrencies:
            plan = plan_for(engine, concurrency)
            best = min(run_once(engine, plan, items) for _ in range(args.rounds))
            peak = peak_bytes(engine, plan, items) / (1024 * 1024)
            print(f"{items:>8,}{concurrency:>13}{best:>10.2f}{items / best:>10,.0f}{peak:>10.1f}")


if __name__ == "__main__":
    main()
