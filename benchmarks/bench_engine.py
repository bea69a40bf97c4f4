"""Engine benchmarks over the reference's workloads and a 10,000-node chain.

Prints, per workload: load+plan time, run time, total, per node, and the engine overhead
per node (run time minus the time spent inside node code). Run:

    python benchmarks/bench_engine.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from pathlib import Path
from time import perf_counter
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads import WORKLOADS

from thaiyyal import Engine, EngineConfig


async def measure(name: str, body: dict[str, Any], runs: int) -> dict[str, Any]:
    engine = Engine(EngineConfig.server(max_nodes=0, max_edges=0, max_node_executions=0))
    text = json.dumps(body)
    loads, executes, inside = [], [], []
    nodes = len(body["nodes"])
    for _ in range(runs):
        started = perf_counter()
        plan = engine.load(text)
        loaded = perf_counter()
        result = await engine.run(plan)
        finished = perf_counter()
        assert result.success, result.errors
        loads.append(loaded - started)
        executes.append(finished - loaded)
        inside.append(sum(result.durations.values()))
        del plan, result  # free the previous run's objects outside the timed sections
    load = statistics.median(loads) * 1e6
    run = statistics.median(executes) * 1e6
    node_code = statistics.median(inside) * 1e6
    return {
        "workload": name,
        "nodes": nodes,
        "runs": runs,
        "load_plan_us": round(load, 1),
        "run_us": round(run, 1),
        "total_us": round(load + run, 1),
        "total_per_node_us": round((load + run) / nodes, 2),
        "run_overhead_per_node_us": round((run - node_code) / nodes, 2),
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for name, make in WORKLOADS.items():
        runs = max(5, args.runs // 20) if name.startswith("chain") else args.runs
        rows.append(await measure(name, make(), runs))
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    header = (
        f"{'workload':<20}{'nodes':>7}{'load+plan µs':>14}{'run µs':>10}{'total µs':>11}"
        f"{'µs/node':>9}{'overhead µs/node':>18}"
    )
    print(header)
    for r in rows:
        print(
            f"{r['workload']:<20}{r['nodes']:>7}{r['load_plan_us']:>14}{r['run_us']:>10}"
            f"{r['total_us']:>11}{r['total_per_node_us']:>9}{r['run_overhead_per_node_us']:>18}"
        )


if __name__ == "__main__":
    asyncio.run(main())
