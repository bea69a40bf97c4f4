"""How quickly a cancelled run stops: time from ``task.cancel()`` until the run's task is
done, with many nodes and loop-body runs in flight, and whether any task is left behind.

    python benchmarks/bench_cancel.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
from pathlib import Path
from time import perf_counter
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers import plugin_set
from tests.nodes_for_tests import ALL
from tests.test_subflow import Fanout

from thaiyyal import Engine, EngineConfig

HANG = {"id": "h", "type": "hang", "data": {"seconds": 3600.0}}
WORKLOADS: dict[str, dict[str, Any]] = {
    "64 hanging nodes": {"nodes": [{**HANG, "id": f"h{i}"} for i in range(64)]},
    "sub-runs: 32 concurrent of 500 items": {
        "nodes": [
            {
                "id": "f",
                "type": "fanout",
                "data": {"body": {"nodes": [HANG]}, "items": [1] * 500, "max_concurrency": 32},
            }
        ]
    },
}


async def once(engine: Engine, body: dict[str, Any]) -> tuple[float, int]:
    task = asyncio.ensure_future(engine.run(body))
    await asyncio.sleep(0.05)  # let everything start
    started = perf_counter()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    stopped = perf_counter() - started
    leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    return stopped, len(leftover)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    engine = Engine(
        EngineConfig(max_node_execution_time=0, max_concurrency=64),
        plugins=plugin_set(Fanout, *ALL),
    )
    for name, body in WORKLOADS.items():
        times, leftovers = [], 0
        for _ in range(args.rounds):
            seconds, left = await once(engine, body)
            times.append(seconds * 1e3)
            leftovers += left
        print(
            f"{name:<40} cancel→stopped median {statistics.median(times):.2f} ms, "
            f"max {max(times):.2f} ms, leftover tasks {leftovers}"
        )


if __name__ == "__main__":
    asyncio.run(main())
