"""Canonical order and cycle reports."""

from __future__ import annotations

import itertools

from thaiyyal.graph import canonical_order, find_cycle


def test_roots_sorted_by_code_point_then_fifo_in_edge_order() -> None:
    order, stuck = canonical_order(
        ["b", "10", "2", "1", "x", "y"], [("2", "y"), ("1", "x"), ("1", "y")]
    )
    assert order == ["1", "10", "2", "b", "x", "y"]
    assert stuck == []


def test_duplicate_edges_count_separately() -> None:
    order, _ = canonical_order(["a", "b", "c"], [("a", "c"), ("a", "c"), ("b", "c")])
    assert order == ["a", "b", "c"]


def test_released_targets_go_to_the_back_of_the_queue() -> None:
    order, _ = canonical_order(["r", "s", "t", "u"], [("r", "u"), ("s", "t")])
    assert order == ["r", "s", "u", "t"]


def test_cycles_leave_nodes_stuck_and_are_reported_as_a_path() -> None:
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
    order, stuck = canonical_order(["a", "b", "c", "d", "e"], edges)
    assert order == ["e"]
    assert stuck == ["a", "b", "c", "d"]
    cycle = find_cycle(stuck, edges)
    assert cycle[0] == cycle[-1] and set(cycle) == {"a", "b", "c"}


def test_self_loop() -> None:
    order, stuck = canonical_order(["a"], [("a", "a")])
    assert (order, stuck) == ([], ["a"])
    assert find_cycle(stuck, [("a", "a")]) == ["a", "a"]


def test_long_chain_is_linear() -> None:
    ids = [f"n{i:05d}" for i in range(20000)]
    order, stuck = canonical_order(ids, list(itertools.pairwise(ids)))
    assert order == ids and not stuck
