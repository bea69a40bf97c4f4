"""HTTP node throughput: 200 http nodes in one workflow against a local server that answers
after 20 ms. Prints the wall time of a run against the ideal ``20 ms x ceil(200 / max
concurrency)`` (the scheduler runs at most ``max_concurrency`` nodes at once).

The server runs in its own process, so its work does not share the engine's event loop.
Only 127.0.0.1 is contacted. Run: ``python benchmarks/bench_http.py [--nodes N] [--runs R]``.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import statistics
import time
from typing import Any

DELAY = 0.020


def _serve(port_queue: Any, delay: float) -> None:
    from aiohttp import web

    async def handler(request: web.Request) -> web.Response:
        await asyncio.sleep(delay)
        return web.Response(text="OK", content_type="text/plain")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port_queue.put(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(main())


async def _bench(url: str, nodes: int, runs: int, concurrency: int) -> list[float]:
    from thaiyyal import Engine, EngineConfig

    config = EngineConfig(
        allow_http=True,
        allow_localhost=True,
        max_http_calls_per_exec=nodes * 2,
        max_concurrency=concurrency,
    )
    payload = {
        "nodes": [{"id": f"h{i}", "type": "http", "data": {"url": url}} for i in range(nodes)]
    }
    times = []
    async with Engine(config) as engine:
        plan = engine.load(payload)
        warm = await engine.run(plan)  # opens the pooled connections
        assert warm.error is None, warm.error
        for _ in range(runs):
            started = time.perf_counter()
            result = await engine.run(plan)
            times.append(time.perf_counter() - started)
            assert result.error is None, result.error
            assert len(result.node_results) == nodes
    return times


async def _raw(url: str, nodes: int, runs: int, concurrency: int) -> list[float]:
    """Baseline without the engine: plain aiohttp, same pool size and concurrency."""
    import aiohttp

    connector = aiohttp.TCPConnector(limit=100, limit_per_host=100)
    async with aiohttp.ClientSession(connector=connector) as session:
        gate = asyncio.Semaphore(concurrency)

        async def one() -> None:
            async with gate, session.get(url) as response:
                await response.read()

        await asyncio.gather(*[one() for _ in range(nodes)])
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            await asyncio.gather(*[one() for _ in range(nodes)])
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=200)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    queue: Any = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(queue, DELAY), daemon=True)
    server.start()
    try:
        port = queue.get(timeout=10)
        url = f"http://127.0.0.1:{port}/"
        times = asyncio.run(_bench(url, args.nodes, args.runs, args.concurrency))
        raw = asyncio.run(_raw(url, args.nodes, args.runs, args.concurrency))
    finally:
        server.terminate()
        server.join(5)
    ideal = DELAY * math.ceil(args.nodes / args.concurrency)
    best, median = min(times), statistics.median(times)
    print(f"http nodes: {args.nodes}, max_concurrency: {args.concurrency}, runs: {args.runs}")
    print(f"ideal: {ideal * 1000:.1f} ms (20 ms x ceil({args.nodes}/{args.concurrency}))")
    print(f"best: {best * 1000:.1f} ms ({best / ideal:.2f}x ideal)")
    print(f"median: {median * 1000:.1f} ms ({median / ideal:.2f}x ideal)")
    print(f"per node (median): {median / args.nodes * 1e6:.0f} us")
    raw_best, raw_median = min(raw), statistics.median(raw)
    print(
        f"plain aiohttp, no engine: best {raw_best * 1000:.1f} ms ({raw_best / ideal:.2f}x), "
        f"median {raw_median * 1000:.1f} ms ({raw_median / ideal:.2f}x)"
    )


if __name__ == "__main__":
    main()
