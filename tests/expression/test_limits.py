"""Hostile input stays harmless: bounded text, nesting and built values, no deep recursion."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from thaiyyal.expression import (
    ExpressionLimitError,
    ExpressionLimits,
    ExpressionSyntaxError,
    ExpressionTooComplex,
    Scope,
    parse,
)

ROOMY = ExpressionLimits(max_expression_length=1_000_000)


def test_defaults_match_the_engine() -> None:
    limits = ExpressionLimits()
    assert limits.max_expression_length == 10_000
    assert limits.max_depth == 64
    assert limits.max_string_length == 1 << 20
    assert limits.max_array_length == 10_000


@pytest.mark.parametrize(
    "arguments",
    [
        {"max_expression_length": -1},
        {"max_string_length": -1},
        {"max_array_length": -5},
        {"max_depth": 0},
        {"max_depth": 129},
    ],
)
def test_impossible_limits(arguments: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        ExpressionLimits(**arguments)


def test_a_hundred_thousand_parentheses_are_too_long() -> None:
    with pytest.raises(ExpressionTooComplex) as raised:
        parse("(" * 100_000)
    assert raised.value.limit == "max_expression_length"


@pytest.mark.parametrize(
    "source",
    [
        "(" * 100_000,
        "(" * 100_000 + "1" + ")" * 100_000,
        "!" * 100_000 + "true",
        "-" * 100_000 + "1",
        "+" * 50_000 + "1",
        "- " * 50_000 + "1",
        "a ? b : " * 50_000 + "c",
        "a[" * 50_000 + "0" + "]" * 50_000,
        "f(" * 50_000,
        "max(" * 50_000 + "1" + ")" * 50_000,
        "x.trim(" * 50_000,
    ],
)
def test_deep_nesting_is_a_clean_syntax_error(source: str) -> None:
    with pytest.raises(ExpressionSyntaxError) as raised:
        parse(source, limits=ROOMY)
    if isinstance(raised.value, ExpressionTooComplex):
        assert raised.value.limit == "max_depth"
        assert "nests deeper than 64 levels" in str(raised.value)
        assert raised.value.position < 1_000


def test_nesting_within_the_limit() -> None:
    assert parse("(" * 40 + "1" + ")" * 40).evaluate() == 1.0
    assert parse("-" * 40 + "1").evaluate() == 1.0
    assert parse("!" * 41 + "true").evaluate() is False
    with pytest.raises(ExpressionTooComplex):
        parse("(" * 70 + "1" + ")" * 70)


def test_tree_depth_is_bounded_too() -> None:
    # Each level adds a tree node (a sum inside a product inside a sum...), few parentheses.
    shallow = "1" + " * (1 + 1" * 20 + ")" * 20
    assert parse(shallow).evaluate() == 21.0
    with pytest.raises(ExpressionTooComplex):
        parse("1" + " * (1 + 1" * 40 + ")" * 40)


def test_the_deepest_allowed_expression_evaluates() -> None:
    limits = ExpressionLimits(max_depth=128)
    assert parse("-" * 126 + "1", limits=limits).evaluate() == 1.0
    nested_maps = "map(input, " * 40 + "item * 2" + ")" * 40
    data: Any = 1.0
    expected: Any = 2.0
    for _ in range(40):
        data, expected = [data], [expected]
    assert parse(nested_maps, limits=limits).evaluate(Scope(data)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1" + " + 1" * 2_400, 2_401.0),
        ("1" + " * 1" * 2_400, 1.0),
        ("true" + " && true" * 1_200, True),
        ("false" + " || false" * 1_000, False),
        ("max(" + "1, " * 3_000 + "2)", 2.0),
        ("item" + ".a" * 4_000, None),
        ("item" + "[0]" * 2_400, None),
        ("item" + ".trim()" * 1_400, None),
    ],
)
def test_long_flat_expressions_do_not_recurse(source: str, expected: Any) -> None:
    assert len(source) <= 10_000
    assert parse(source).evaluate() == expected


SMALL = ExpressionLimits(max_string_length=10, max_array_length=5)


@pytest.mark.parametrize(
    ("source", "limit"),
    [
        ("'abcdefgh'.split('')", "max_array_length"),
        ("'a,b,c,d,e,f'.split(',')", "max_array_length"),
        ("'aaaaa'.replace('a', 'bbb')", "max_string_length"),
        ("'éééé'.replace('x', 'y') + 0", None),
        ("'ééééé'.replace('é', 'é')", None),
        ("'éééééé'.replace('é', 'éé')", "max_string_length"),
        ("variables.words.join('-')", "max_string_length"),
        ("variables.six.join('')", None),
        ("variables.six.join(', ')", "max_string_length"),
        ("'ıııııı'.toUpperCase()", None),
        ("'ɐɐɐɐ'.toUpperCase()", "max_string_length"),
        ("map(variables.six, item)", "max_array_length"),
        ("zip(variables.six, variables.one)", "max_array_length"),
        ("flatten(variables.nested)", "max_array_length"),
    ],
)
def test_built_values_are_bounded(source: str, limit: str | None) -> None:
    scope = Scope(
        variables={
            "words": ["abc", "def", "ghi"],
            "six": ["a", "b", "c", "d", "e", "f"],
            "one": [1],
            "nested": [[1, 2], [3, [4, [5, 6]]]],
        }
    )
    expression = parse(source, limits=SMALL)
    if limit is None:
        try:
            expression.evaluate(scope)
        except ExpressionLimitError as error:  # pragma: no cover - the assertion explains
            pytest.fail(f"unexpected limit error: {error}")
        except Exception:
            pass
        return
    with pytest.raises(ExpressionLimitError) as raised:
        expression.evaluate(scope)
    assert raised.value.limit == limit
    assert raised.value.value > raised.value.maximum
    assert raised.value.maximum == (10 if limit == "max_string_length" else 5)


def test_limit_errors_inside_map_are_not_rewrapped() -> None:
    expression = parse("map(input, item.split(''))", limits=SMALL)
    with pytest.raises(ExpressionLimitError, match="split"):
        expression.evaluate(Scope(["abcdefgh"]))


def test_a_huge_replacement_is_refused_before_it_is_built() -> None:
    expression = parse("variables.s.replace('', variables.s)")
    big = "x" * 100_000
    with pytest.raises(ExpressionLimitError):
        expression.evaluate(Scope(variables={"s": big}))


def test_zero_means_unlimited() -> None:
    unlimited = ExpressionLimits(max_expression_length=0, max_string_length=0, max_array_length=0)
    scope = Scope(variables={"s": "x" * 20_000})
    assert len(parse("variables.s.split('')", limits=unlimited).evaluate(scope)) == 20_000
    assert len(parse("variables.s.replace('x', 'yy')", limits=unlimited).evaluate(scope)) == 40_000
    joined = parse("variables.s.split('').join(',')", limits=unlimited).evaluate(scope)
    assert len(joined) == 39_999
    assert parse("a" * 20_000, limits=unlimited).evaluate() is None


def _frame_depth() -> int:
    frame, depth = sys._getframe(1), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


@pytest.mark.parametrize("spare_frames", range(30, 130, 3))
def test_running_out_of_python_stack_is_a_clean_syntax_error(spare_frames: int) -> None:
    # 60 parentheses are within the nesting limit but not within the spare Python frames;
    # wherever the stack runs out (lexing the next token included), the error is clean.
    source = "(" * 60 + "1" + ")" * 60
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(_frame_depth() + spare_frames)
    try:
        with pytest.raises(ExpressionTooComplex) as raised:
            parse(source)
    finally:
        sys.setrecursionlimit(previous)
    error = raised.value
    assert error.reason == "expression nests too deeply"
    assert (error.limit, error.maximum) == ("max_depth", 64)
    assert error.source == source
    assert 0 <= error.position <= 60


def test_sixty_parentheses_parse_with_a_normal_stack() -> None:
    assert parse("(" * 60 + "1" + ")" * 60).evaluate() == 1.0
