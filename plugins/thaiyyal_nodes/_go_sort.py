"""Go's ``sort.SliceStable`` procedure, step for step.

With a consistent comparator every stable sort gives the same order, and the sort node uses
Python's own. The reference's sort comparator is not consistent on mixed arrays (numbers
compare numerically but against strings by their text), and then the order depends on the
exact sequence of comparisons: insertion sort on blocks of 20, then SymMerge passes with
doubling block size (Kim & Kutzner, "Stable Minimum Storage Merging by Symmetric
Comparisons", 2004). This module reproduces that sequence so such arrays come out as the
reference orders them. Element moves use slice assignment; only the comparisons must match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

__all__ = ["stable_sort"]

T = TypeVar("T")
Less = Callable[[T, T], bool]

_BLOCK = 20


def stable_sort(data: list[T], less: Less[T]) -> None:
    """Sort ``data`` in place exactly as Go's ``sort.SliceStable`` with ``less`` would."""
    n = len(data)
    block = _BLOCK
    a, b = 0, block
    while b <= n:
        _insertion_sort(data, a, b, less)
        a, b = b, b + block
    _insertion_sort(data, a, n, less)
    while block < n:
        a, b = 0, 2 * block
        while b <= n:
            _sym_merge(data, a, a + block, b, less)
            a, b = b, b + 2 * block
        middle = a + block
        if middle < n:
            _sym_merge(data, a, middle, n, less)
        block *= 2


def _insertion_sort(data: list[T], a: int, b: int, less: Less[T]) -> None:
    for i in range(a + 1, b):
        j = i
        while j > a and less(data[j], data[j - 1]):
            data[j], data[j - 1] = data[j - 1], data[j]
            j -= 1


def _sym_merge(data: list[T], a: int, m: int, b: int, less: Less[T]) -> None:
    """Merge the sorted runs ``data[a:m]`` and ``data[m:b]`` (requires a < m < b)."""
    if m - a == 1:
        # Insert data[a] before the first element of data[m:b] that is not less than it.
        i, j = m, b
        while i < j:
            h = (i + j) >> 1
            if less(data[h], data[a]):
                i = h + 1
            else:
                j = h
        if i - 1 > a:
            data[a:i] = [*data[a + 1 : i], data[a]]
        return
    if b - m == 1:
        # Insert data[m] before the first element of data[a:m] that it is less than.
        i, j = a, m
        while i < j:
            h = (i + j) >> 1
            if not less(data[m], data[h]):
                i = h + 1
            else:
                j = h
        if m > i:
            data[i : m + 1] = [data[m], *data[i:m]]
        return
    mid = (a + b) >> 1
    n = mid + m
    if m > mid:
        start, r = n - b, mid
    else:
        start, r = a, m
    p = n - 1
    while start < r:
        c = (start + r) >> 1
        if not less(data[p - c], data[c]):
            start = c + 1
        else:
            r = c
    end = n - start
    if start < m < end:
        data[start:end] = data[m:end] + data[start:m]  # Go's block-swap rotation
    if a < start < mid:
        _sym_merge(data, a, start, mid, less)
    if mid < end < b:
        _sym_merge(data, mid, end, b, less)
