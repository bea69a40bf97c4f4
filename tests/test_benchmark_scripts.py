"""The benchmark scripts still run: each one, at a tiny size, exits 0 and prints its table.

Figures are never asserted (speed is measured by running the scripts by hand); this only
catches a script that an engine change broke (a renamed API, a changed result shape), so a
benchmark is never found broken on the day its figures are needed. Limits that only bite at
full size are the scripts' own business: each configures the engine for its workload.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

# script -> (tiny arguments, a piece of text its output must hold)
SMALL_RUNS = {
    "bench_engine.py": (["--runs", "1"], "chain_10000"),
    "bench_expression.py": (["--items", "200", "--rounds", "1"], "filter loop"),
    "bench_nodes_expr.py": (["--items", "200", "--rounds", "1"], "partition item.active"),
    "bench_arrays.py": (["--items", "2000", "--rounds", "1"], "chunk size 1 "),
    "bench_state.py": (["--runs", "2", "--calls", "100"], "benchmark=state workflow"),
    "bench_loops.py": (["--items", "50", "--concurrency", "1,4"], "items/s"),
    "bench_cancel.py": (["--rounds", "2"], "leftover tasks 0"),
    "bench_http.py": (["--nodes", "4", "--runs", "1", "--concurrency", "2"], "x ideal"),
}


def test_every_script_is_covered() -> None:
    assert sorted(p.name for p in BENCHMARKS.glob("bench_*.py")) == sorted(SMALL_RUNS)


@pytest.mark.parametrize("script", sorted(SMALL_RUNS))
def test_script_runs_at_a_tiny_size(script: str) -> None:
    arguments, expected = SMALL_RUNS[script]
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert expected in done.stdout, done.stdout[-2000:]
