"""``ValueLimits`` agrees with a plain, obviously correct model of the limits.

The checker takes shortcuts for speed (scalars handled inline, short strings never encoded,
shared containers measured once and remembered for the run); the model walks the value the
slow way. For random values, random limits and random sharing of parts they must give the
same verdict, and the depth and JSON-size estimate must sit exactly at the model's figures:
a limit equal to the figure passes, one below it fails.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from thaiyyal import EngineConfig
from thaiyyal.limits import Memo, ValueLimits


def scalars(finite: bool) -> st.SearchStrategy[Any]:
    return (
        st.none()
        | st.booleans()
        | st.integers(-(10**6), 10**6)
        | st.floats(allow_nan=not finite, allow_infinity=not finite)
        | st.text(max_size=12)
    )


def _share_first(children: list[Any]) -> list[Any]:
    """The same object twice: the checker measures it once but must count it twice."""
    return children + children[:1]


def values(finite: bool = False) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars(finite),
        lambda inner: (
            st.lists(inner, max_size=5)
            | st.lists(inner, min_size=1, max_size=4).map(_share_first)
            | st.lists(inner, max_size=4).map(tuple)
            | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        ),
        max_leaves=30,
    )


CONTAINERS = values(finite=True).filter(lambda v: isinstance(v, (list, tuple, dict)))


def depth(value: Any) -> int:
    """A scalar is 1 deep, an empty container 0, a container one more than its deepest child."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return 1 + max(map(depth, value)) if value else 0
    return 1


def json_size(value: Any) -> int:
    """The estimate: 8 bytes per number, boolean or null; quotes, commas, colons counted."""
    if isinstance(value, str):
        return len(value) + 2
    if isinstance(value, (list, tuple)):
        return 1 + sum(json_size(item) + 1 for item in value) if value else 2
    if isinstance(value, dict):
        if not value:
            return 2
        return 1 + sum(json_size(item) + 1 + len(key) + 3 for key, item in value.items())
    return 8


def walk(value: Any) -> list[Any]:
    found = [value]
    children = value.values() if isinstance(value, dict) else value
    if isinstance(value, (list, tuple, dict)):
        for child in children:
            found += walk(child)
    return found


def model_ok(value: Any, config: EngineConfig) -> bool:
    for part in walk(value):
        if isinstance(part, float) and not math.isfinite(part):
            return False
        string_limit, array_limit = config.max_string_length, config.max_array_length
        if isinstance(part, str) and string_limit and len(part.encode()) > string_limit:
            return False
        if isinstance(part, (list, tuple)) and array_limit and len(part) > array_limit:
            return False
    if config.max_context_depth and depth(value) > config.max_context_depth:
        return False
    top_level_scalar = not isinstance(value, (str, list, tuple, dict))
    # a number, boolean or null on its own is never measured against the size budget
    budget = config.max_input_size
    return top_level_scalar or not budget or json_size(value) <= budget


LIMIT = st.integers(0, 8)


@settings(max_examples=400, deadline=None)
@given(
    values(),
    LIMIT,
    LIMIT,
    LIMIT,
    st.integers(0, 300),
    st.booleans(),
)
def test_verdict_matches_the_model(
    value: Any, string: int, array: int, depth_limit: int, size: int, with_memo: bool
) -> None:
    config = EngineConfig(
        max_string_length=string,
        max_array_length=array,
        max_context_depth=depth_limit,
        max_input_size=size,
    )
    limits = ValueLimits(config)
    memo: Memo | None = {} if with_memo else None
    expected = model_ok(value, config)
    assert (limits.check(value, memo) is None) == expected
    # a second check in the same run reads what the first one remembered
    assert (limits.check(value, memo) is None) == expected


@settings(max_examples=500, deadline=None)
@given(
    (CONTAINERS | st.text(max_size=12)).filter(lambda v: depth(v) > 0),
    # 12 sends strings of 4 to 12 characters down the checker's slow path (they might break
    # the byte limit), 0 keeps every string on the inline path
    st.sampled_from([0, 12]),
)
@example("a string", 0)
@example(["a string"], 12)
@example({"k": ["a", "a string", [1.5]]}, 12)
def test_depth_limit_sits_exactly_at_the_depth(value: Any, max_string: int) -> None:
    assume(model_ok(value, _only(max_string_length=max_string)))
    at = _only(max_context_depth=depth(value), max_string_length=max_string)
    assert ValueLimits(at).check(value) is None
    below = _only(max_context_depth=depth(value) - 1, max_string_length=max_string)
    problem = ValueLimits(below).check(value)
    if depth(value) > 1:
        assert problem is not None
        assert "value too deeply nested" in problem
        assert f"(limit: {depth(value) - 1})" in problem


@settings(max_examples=300, deadline=None)
@given(CONTAINERS | st.text(max_size=12))
def test_size_estimate_sits_exactly_at_the_model(value: Any) -> None:
    estimate = json_size(value)
    assert ValueLimits(_only(max_input_size=estimate)).check(value) is None
    over = ValueLimits(_only(max_input_size=estimate - 1)).check(value)
    assert over is not None and "value too large: about" in over
    assert f"(limit: {estimate - 1})" in over


def test_a_string_at_the_byte_limit_passes_and_one_byte_more_fails() -> None:
    limits = ValueLimits(_only(max_string_length=8))
    for text in ("12345678", "éééé", "€€ab", "😀😀"):
        assert len(text.encode()) <= 8
        assert limits.check(text) is None, text
        assert limits.check([text]) is None, text
    for text in ("123456789", "ééééx", "😀😀x"):
        assert limits.check(text) is not None, text
        assert limits.check({"k": text}) is not None, text


def test_the_reported_depth_and_where_it_sits() -> None:
    limits = ValueLimits(_only(max_context_depth=3))  # a scalar 1, [1] 2, [[1]] 3
    assert limits.check([[1]]) is None
    assert limits.check([[[[]]]]) is None  # the empty list counts 0
    assert limits.check([[[1]]]) == (
        "array element 0: array element 0: array element 0: "
        "value too deeply nested: 4 levels (limit: 3)"
    )
    assert limits.check({"a": {"b": {"c": "deep"}}}) == (
        "map key a: map key b: map key c: value too deeply nested: 4 levels (limit: 3)"
    )
    shared = [[1], *range(20)]  # long enough to be remembered for the run
    memo: Memo = {}
    assert limits.check(shared, memo) is None
    assert id(shared) in memo
    # remembered, so not walked again: its whole depth is added at once
    assert limits.check([shared], memo) == (
        "array element 0: value too deeply nested: 4 levels (limit: 3)"
    )


def _only(**limits: int) -> EngineConfig:
    """A config with just the given limits (every other value limit off)."""
    off = {
        "max_string_length": 0,
        "max_array_length": 0,
        "max_context_depth": 0,
        "max_input_size": 0,
    }
    return EngineConfig(**{**off, **limits})
