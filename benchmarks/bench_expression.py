"""Expression-language throughput (a script: figures are printed, never asserted).

What an array node does per element: rebind one Scope (``Scope.set_element``) and evaluate
a compiled condition or value expression, over 100 000 items; plus parse time. Run:

    PYTHONPATH=core python benchmarks/bench_expression.py [--items N] [--rounds N]

Each figure is the best of ``--rounds`` runs, to keep other load on the machine out of it.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

from thaiyyal.expression import Scope, parse


def _items(count: int) -> list[dict[str, Any]]:
    return [
        {"age": float(n % 90), "active": n % 3 != 0, "name": f"user{n}", "score": n * 0.5}
        for n in range(count)
    ]


def _best(run: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    gc.disable()
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    return best


def bench_condition(source: str, items: list[dict[str, Any]], rounds: int) -> None:
    """A filter node's loop, and the evaluation on its own."""
    expression = parse(source)
    count = len(items)

    def filter_loop() -> list[dict[str, Any]]:
        scope = Scope()
        set_element = scope.set_element
        test = expression.test
        kept = []
        for index, item in enumerate(items):
            set_element(item, float(index))
            if test(scope):
                kept.append(item)
        return kept

    def test_only() -> None:
        scope = Scope()
        scope.set_element(items[0], 0.0)
        test = expression.test
        for _ in range(count):
            test(scope)

    def tester_only() -> None:
        scope = Scope()
        scope.set_element(items[0], 0.0)
        tester = expression.tester
        for _ in range(count):
            tester(scope)

    print(f"condition {source!r}")
    print(f"  filter loop (set_element + test): {count / _best(filter_loop, rounds):>12,.0f}/s")
    print(f"  Expression.test alone:            {count / _best(test_only, rounds):>12,.0f}/s")
    print(f"  Expression.tester alone:          {count / _best(tester_only, rounds):>12,.0f}/s")


def bench_value(source: str, items: list[dict[str, Any]], rounds: int) -> None:
    """A map node's loop."""
    expression = parse(source)

    def map_loop() -> list[Any]:
        scope = Scope(names={"accumulator": 0.0})
        set_element = scope.set_element
        evaluate = expression.evaluate
        results = []
        for index, item in enumerate(items):
            set_element(item, float(index))
            results.append(evaluate(scope))
        return results

    print(f"value {source!r}")
    print(f"  map loop (set_element + evaluate): {len(items) / _best(map_loop, rounds):>11,.0f}/s")


def bench_parse(source: str, rounds: int, count: int = 2_000) -> None:
    def loop() -> None:
        for _ in range(count):
            parse(source)

    print(f"parse {source!r}: {_best(loop, rounds) / count * 1e6:,.1f} µs")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--items", type=int, default=100_000)
    arguments.add_argument("--rounds", type=int, default=5)
    options = arguments.parse_args()
    items = _items(options.items)
    bench_condition("item.age >= 18 && item.active", items, options.rounds)
    bench_condition("item.name == 'user42' || item.score > 1000", items, options.rounds)
    bench_condition(">= 18", [{"value": item["age"]} for item in items], options.rounds)
    bench_value("item.score * 2 + 1", items, options.rounds)
    bench_value("item.name.toUpperCase()", items, options.rounds)
    bench_value("accumulator + item.score", items, options.rounds)
    bench_parse("item.age >= 18 && item.active", options.rounds)
    bench_parse(
        "round(avg(map(item.users, item.age * 1.1))) + 2 > variables.limit ? 'a' : 'b'",
        options.rounds,
    )


if __name__ == "__main__":
    main()
