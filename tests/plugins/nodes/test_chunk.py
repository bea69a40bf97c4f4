"""``chunk`` (nodes.md §3.4): fixed-size pieces, size truncation, load-time size check."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal import InvalidWorkflow, NodeError
from thaiyyal_nodes.chunk import Chunk

from .array_support import call, result_on, run_on

SIX = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


@pytest.mark.parametrize(
    ("size", "chunks", "chunk_size"),
    [
        (2, [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], 2),
        (4, [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0]], 4),
        (10, [SIX], 10),
        (2.9, [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], 2),  # truncated
        ("3", [SIX], 10),  # not a number: 10
        (True, [SIX], 10),
    ],
)
def test_chunks(size: Any, chunks: list[list[float]], chunk_size: int) -> None:
    assert result_on("chunk", {"size": size}, SIX) == {
        "chunks": chunks,
        "input_count": 6,
        "chunk_count": len(chunks),
        "chunk_size": chunk_size,
    }


def test_empty_input_gives_null_chunks() -> None:
    assert result_on("chunk", {"size": 2}, []) == {
        "chunks": None,
        "input_count": 0,
        "chunk_count": 0,
        "chunk_size": 2,
    }


@pytest.mark.parametrize(("size", "shown"), [(0, 0), (-1, -1), (-0.5, 0), (0.9, 0)])
def test_a_size_below_one_is_rejected_at_load(size: float, shown: int) -> None:
    with pytest.raises(InvalidWorkflow) as info:
        run_on("chunk", {"size": size}, SIX)
    assert f"chunk size must be greater than 0, got {shown}" in str(info.value)
    assert info.value.problems[0].field == "size"


def test_size_is_required() -> None:
    with pytest.raises(InvalidWorkflow, match="missing required field: size"):
        run_on("chunk", {"size": None}, SIX)


def test_direct_callers_still_get_the_reference_error_after_the_array_check() -> None:
    with pytest.raises(NodeError, match="chunk size must be greater than 0, got 0"):
        call(Chunk, {"size": 0}, [SIX])
    assert call(Chunk, {"size": 0}, ["x"])["error"] == "input is not an array"


@given(st.lists(st.integers()), st.integers(1, 7))
def test_concatenating_the_chunks_gives_the_input(values: list[int], size: int) -> None:
    result = call(Chunk, {"size": size}, [values])
    chunks = result["chunks"] or []
    assert [x for chunk in chunks for x in chunk] == values
    assert all(len(c) == size for c in chunks[:-1])
    assert all(1 <= len(c) <= size for c in chunks)
    assert result["chunk_count"] == -(-len(values) // size)
