"""Expression-language throughput figures (a script, not a test: nothing here asserts time).

Run with:  PYTHONPATH=core python benchmarks/bench_expression.py

Measures what array nodes do per element: rebind one Scope and evaluate a compiled
condition or value expression, over 100 000 items; and how long parsing takes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from thaiyyal.expression import Scope, parse

ITEMS = 100_000
ROUNDS = 5


def _items() -> list[dict[str, object]]:
    return [
        {"age": float(n % 90), "active": n % 3 != 0, "name": f"user{n}", "score": n * 0.5}
        for n in range(ITEMS)
    ]


def _best(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def bench_filter(source: str, items: list[dict[str, object]]) -> None:
    """A filter node's loop: set_element + test per element."""
    expression = parse(source)
    test = expression.test

    def loop() -> int:
        scope = Scope()
        kept = 0
        set_element = scope.set_element
        for index, item in enumerate(items):
            set_element(item, index)
            if test(scope):
                kept += 1
        return kept

    def evaluate_only() -> None:
        scope = Scope()
        scope.set_element(items[0], 0)
        for _ in range(ITEMS):
            test(scope)

    whole = _best(loop)
    bare = _best(evaluate_only)
    print(f"{source!r}")
    print(f"  filter loop (rebind + test):  {ITEMS / whole:>12,.0f} items/s")
    print(f"  evaluation alone:             {ITEMS / bare:>12,.0f} evaluations/s")


def bench_map(source: str, items: list[dict[str, object]]) -> None:
    """A map node's loop: set_element + evaluate per element."""
    evaluate = parse(source).evaluate

    def loop() -> list[object]:
        scope = Scope()
        results = []
        for index, item in enumerate(items):
            scope.set_element(item, float(index))
            results.append(evaluate(scope))
        return results

    print(f"{source!r}")
    print(f"  map loop (rebind + evaluate): {ITEMS / _best(loop):>12,.0f} items/s")


def bench_parse(source: str, count: int = 2_000) -> None:
    def loop() -> None:
        for _ in range(count):
            parse(source)

    per_parse = _best(loop) / count
    print(f"parse {source!r}: {per_parse * 1e6:,.1f} µs")


def main() -> None:
    items = _items()
    bench_filter("item.age >= 18 && item.active", items)
    bench_filter("item.name == 'user42' || item.score > 1000", items)
    bench_map("item.score * 2 + 1", items)
    bench_map("item.name.toUpperCase()", items)
    bench_parse("item.age >= 18 && item.active")
    bench_parse("round(avg(map(item.users, item.age * 1.1))) + 2 > variables.limit ? 'a' : 'b'")


if __name__ == "__main__":
    main()
