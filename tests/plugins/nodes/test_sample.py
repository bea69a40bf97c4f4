"""``sample`` (nodes.md §3.4): first/last/random, the thaiyyal ``seed``, load-time checks."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal import InvalidWorkflow, NodeError
from thaiyyal_nodes.sample import Sample, draw

from .array_support import call, result_on, run_on

FIVE = [1.0, 2.0, 3.0, 4.0, 5.0]


@pytest.mark.parametrize(
    ("data", "sample"),
    [
        ({"count": 2, "method": "first"}, [1.0, 2.0]),
        ({"count": 3, "method": "last"}, [3.0, 4.0, 5.0]),
        ({"count": 10, "method": "first"}, FIVE),
        ({"count": 10, "method": "last"}, FIVE),
        ({"count": 10}, FIVE),  # random, count >= n: the whole array, in order
        ({"count": 5, "method": "random"}, FIVE),
        ({"count": 2.9, "method": "first"}, [1.0, 2.0]),
        ({"count": "3", "method": "first"}, [1.0]),  # not a number: 1
    ],
)
def test_methods(data: dict[str, Any], sample: list[float]) -> None:
    result = result_on("sample", data, FIVE)
    assert result == {
        "sample": sample,
        "input_count": 5,
        "output_count": len(sample),
        "method": data.get("method", "random"),
    }


def test_empty_input_gives_an_empty_list() -> None:
    assert result_on("sample", {"count": 2, "method": "last"}, [])["sample"] == []


def test_a_seeded_random_sample_is_reproducible() -> None:
    values = [float(i) for i in range(100)]
    first = result_on("sample", {"count": 10, "seed": 42}, values)["sample"]
    again = result_on("sample", {"count": 10, "seed": 42}, values)["sample"]
    assert first == again
    assert len(set(first)) == 10 and set(first) <= set(values)
    others = {
        tuple(result_on("sample", {"count": 10, "seed": s}, values)["sample"]) for s in range(5)
    }
    assert len(others) > 1


def test_the_seed_must_be_an_integer() -> None:
    with pytest.raises(InvalidWorkflow, match="seed"):
        run_on("sample", {"count": 1, "seed": 1.5}, FIVE)


@pytest.mark.parametrize(
    ("data", "message", "field"),
    [
        ({"count": 0}, "sample count must be greater than 0, got 0", "count"),
        ({"count": -2.5}, "sample count must be greater than 0, got -2", "count"),
        (
            {"count": 2, "method": "invalid"},
            "unknown sample method: invalid (must be 'random', 'first', or 'last')",
            "method",
        ),
        ({}, "missing required field: count", "count"),
    ],
)
def test_impossible_configs_are_rejected_at_load(
    data: dict[str, Any], message: str, field: str
) -> None:
    with pytest.raises(InvalidWorkflow) as info:
        run_on("sample", data, FIVE)
    assert message in str(info.value)
    assert info.value.problems[0].field == field


def test_direct_callers_still_get_the_reference_errors() -> None:
    with pytest.raises(NodeError, match="got 0"):
        call(Sample, {"count": 0}, [FIVE])
    with pytest.raises(NodeError, match="unknown sample method: x"):
        call(Sample, {"count": 1, "method": "x"}, [FIVE])


@given(st.integers(0, 60), st.integers(1, 70), st.integers(0, 2**32))
def test_random_samples_are_distinct_positions(n: int, count: int, seed: int) -> None:
    values = list(range(n))
    result = call(Sample, {"count": count, "seed": seed}, [values])["sample"]
    assert len(result) == min(n, count)
    assert len(set(result)) == len(result)
    assert set(result) <= set(values)


def test_draw_is_a_partial_fisher_yates_shuffle() -> None:
    """Same draws as shuffling a full index list step by step."""
    values = list(range(30))
    expected_rng, rng = random.Random(3), random.Random(3)
    positions = list(range(30))
    for i in range(7):
        j = expected_rng.randrange(i, 30)
        positions[i], positions[j] = positions[j], positions[i]
    assert draw(values, 7, rng) == positions[:7]
