"""Run-state benchmarks: the cache hit path, and a workflow of 1,000 state nodes.

Figures are printed, never asserted. Run:

    python benchmarks/bench_state.py [--runs N] [--json]

* ``cache get (hit)``: ``MemoryRunState.cache_get`` on a live entry, and the same through the
  ``cache`` node's ``run`` (what one cache node costs besides the engine's own bookkeeping).
* ``state workflow``: 250 groups of four stateful nodes — ``variable`` set, ``variable`` get,
  ``counter`` increment, ``accumulator`` sum — chained one after the other (1,000 state nodes
  plus the number feeding them), run on one engine: microseconds per run (load excluded)
  and per node.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
from time import perf_counter
from types import SimpleNamespace
from typing import Any

from thaiyyal import Engine, EngineConfig, ManualClock, MemoryRunState
from thaiyyal_nodes.cache import Cache


def per_call_us(fn: Any, calls: int, repeats: int = 5) -> float:
    """Best of ``repeats`` timings of ``calls`` calls, in microseconds per call."""
    best = float("inf")
    for _ in range(repeats):
        started = perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, perf_counter() - started)
    return best / calls * 1e6


def bench_cache(calls: int) -> dict[str, Any]:
    clock = ManualClock()
    state = MemoryRunState(EngineConfig(), clock)
    for i in range(1000):
        state.cache_set(f"key{i}", {"n": float(i)}, 3600.0)
    get = state.cache_get
    state_us = per_call_us(lambda: get("key500"), calls)
    node = Cache()
    make_config: Any = Cache.Config  # attrs-made __init__, which mypy cannot see through
    config = make_config(cache_op="get", cache_key="key500")
    ctx = SimpleNamespace(state=state)
    inputs: list[Any] = []
    node_us = per_call_us(lambda: node.run(config, inputs, ctx), calls)  # type: ignore[arg-type]
    set_us = per_call_us(lambda: state.cache_set("key500", 1.0, 60.0), calls)
    return {
        "benchmark": "cache",
        "entries": 1000,
        "state_get_hit_us": round(state_us, 3),
        "node_get_hit_us": round(node_us, 3),
        "state_set_existing_us": round(set_us, 3),
    }


def state_workflow(groups: int = 250) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = [{"id": "num", "type": "number", "data": {"value": 2}}]
    edges: list[dict[str, str]] = []
    previous: str | None = None
    for g in range(groups):
        name = f"v{g}"
        ids = [f"g{g:03d}_{step}" for step in ("a_set", "b_get", "c_count", "d_acc")]
        nodes += [
            {"id": ids[0], "type": "variable", "data": {"var_name": name, "var_op": "set"}},
            {"id": ids[1], "type": "variable", "data": {"var_name": name, "var_op": "get"}},
            {"id": ids[2], "type": "counter", "data": {"counter_op": "increment"}},
            {"id": ids[3], "type": "accumulator", "data": {"accum_op": "sum"}},
        ]
        # the number comes first in edge order, so set and sum read it as inputs[0]
        edges.append({"source": "num", "target": ids[0]})
        if previous is not None:
            edges.append({"source": previous, "target": ids[0]})
        edges.append({"source": ids[0], "target": ids[1]})
        edges.append({"source": ids[1], "target": ids[2]})
        edges.append({"source": "num", "target": ids[3]})
        edges.append({"source": ids[2], "target": ids[3]})
        previous = ids[3]
    return {"nodes": nodes, "edges": edges}


async def bench_workflow(runs: int) -> dict[str, Any]:
    body = state_workflow()
    engine = Engine(EngineConfig.server(max_nodes=0, max_edges=0, max_node_executions=0))
    plan = engine.load(json.dumps(body))
    state_nodes = len(body["nodes"]) - 1
    times = []
    result = None
    for _ in range(runs):
        gc.collect()
        started = perf_counter()
        result = await engine.run(plan)
        times.append(perf_counter() - started)
        assert result.success, result.errors
    assert result is not None
    last = body["nodes"][-1]["id"]
    assert result.node_results[last]["value"] == 2.0 * 250, result.node_results[last]
    run_us = statistics.median(times) * 1e6
    return {
        "benchmark": "state workflow",
        "state_nodes": state_nodes,
        "runs": runs,
        "run_us": round(run_us, 1),
        "per_node_us": round(run_us / (state_nodes + 1), 2),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="workflow runs (median taken)")
    parser.add_argument("--calls", type=int, default=200_000, help="calls per cache timing")
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    args = parser.parse_args()
    rows = [bench_cache(args.calls), await bench_workflow(args.runs)]
    for row in rows:
        if args.json:
            print(json.dumps(row))
        else:
            print("  ".join(f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    asyncio.run(main())
