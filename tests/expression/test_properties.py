"""Property tests: rendering round-trips, hostile text fails cleanly, logic short-circuits."""

from __future__ import annotations

import contextlib
import math
import string
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from thaiyyal.expression import (
    ExpressionError,
    ExpressionEvaluationError,
    ExpressionSyntaxError,
    Scope,
    parse,
)
from thaiyyal.expression.catalog import FUNCTIONS, METHODS
from thaiyyal.expression.tree import (
    COMPARISON_OPERATORS,
    Call,
    Compare,
    Conditional,
    ContextRef,
    FieldStep,
    IndexStep,
    Literal,
    Logical,
    MethodStep,
    Name,
    Negate,
    Node,
    NodeRef,
    Not,
    Postfix,
    Product,
    Shorthand,
    Sum,
    VariableRef,
    render,
)

RESERVED = {"true", "false", "null", "variables", "node", "context"}

root_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True).filter(
    lambda name: name not in RESERVED
)
segment_names = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,6}", fullmatch=True)
numbers = st.floats(min_value=0.0, allow_nan=False, allow_infinity=False).filter(
    lambda number: math.copysign(1.0, number) > 0
)
literals = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    st.text(max_size=8),
).map(Literal)

leaves: st.SearchStrategy[Node] = st.one_of(
    literals,
    root_names.map(Name),
    segment_names.map(VariableRef),
    segment_names.map(NodeRef),
    st.lists(segment_names, min_size=1, max_size=3).map(lambda keys: ContextRef(tuple(keys))),
)


def _arity_counts(minimum: int, maximum: int | None) -> st.SearchStrategy[int]:
    return st.integers(min_value=minimum, max_value=maximum if maximum is not None else minimum + 2)


def _calls(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    def build(name: str) -> st.SearchStrategy[Node]:
        arity = FUNCTIONS[name]
        return _arity_counts(arity.minimum, arity.maximum).flatmap(
            lambda count: st.lists(children, min_size=count, max_size=count).map(
                lambda args: Call(name, tuple(args))
            )
        )

    return st.sampled_from(sorted(FUNCTIONS)).flatmap(build)


def _steps(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Any]:
    def method(name: str) -> st.SearchStrategy[Any]:
        arity = METHODS[name]
        return _arity_counts(arity.minimum, arity.maximum).flatmap(
            lambda count: st.lists(children, min_size=count, max_size=count).map(
                lambda args: MethodStep(name, tuple(args))
            )
        )

    return st.one_of(
        segment_names.map(FieldStep),
        children.map(IndexStep),
        st.sampled_from(sorted(METHODS)).flatmap(method),
    )


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    pairs = st.tuples(children, children)
    return st.one_of(
        _calls(children),
        st.tuples(children, st.lists(_steps(children), min_size=1, max_size=3)).map(
            lambda parts: Postfix(parts[0], tuple(parts[1]))
        ),
        st.tuples(st.sampled_from("+-"), children).map(lambda parts: Negate(*parts)),
        children.map(Not),
        st.tuples(
            children, st.lists(st.tuples(st.sampled_from("+-"), children), min_size=1, max_size=3)
        ).map(lambda p: Sum(p[0], tuple(p[1]))),
        st.tuples(
            children, st.lists(st.tuples(st.sampled_from("*/%"), children), min_size=1, max_size=3)
        ).map(lambda p: Product(p[0], tuple(p[1]))),
        st.tuples(st.sampled_from(COMPARISON_OPERATORS), pairs).map(
            lambda parts: Compare(parts[0], *parts[1])
        ),
        st.tuples(st.sampled_from(COMPARISON_OPERATORS), children).map(
            lambda parts: Shorthand(*parts)
        ),
        st.tuples(st.sampled_from(["&&", "||"]), st.lists(children, min_size=2, max_size=4)).map(
            lambda parts: Logical(parts[0], tuple(parts[1]))
        ),
        st.tuples(children, children, children).map(lambda parts: Conditional(*parts)),
    )


trees = st.recursive(leaves, _extend, max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_render_then_parse_gives_the_same_tree(tree: Node) -> None:
    text = render(tree)
    reparsed = parse(text)
    assert reparsed.tree == tree, text
    assert reparsed.render() == text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_any_tree_evaluates_or_fails_cleanly(tree: Node) -> None:
    expression = parse(render(tree))
    scope = Scope(
        {"a": [1.0, "x", None], "b": {"c": 2.0}},
        names={"index": 1},
        variables={"v": "text"},
        context={"k": [1.0]},
        nodes={"n": {"value": 3.0}},
    )
    try:
        expression.evaluate(scope)
        assert isinstance(expression.test(scope), bool)
    except ExpressionEvaluationError:
        pass


TOKENS = [
    "(", ")", "[", "]", ".", ",", "?", ":", "!", "-", "+", "*", "/", "%",
    "==", "!=", "<", "<=", ">", ">=", "&&", "||", "=", "&", "|", "#",
    "'", '"', "'a'", '"b"', "\\", "1", "2.5", ".5", "1e3", "1e400", "0",
    "item", "input", "x", "node", "variables", "context", "true", "false", "null",
    "length", "map", "sum", "max", "sort", "split", "toUpperCase", "includes",
    "contains", "isNull", "year", "zip-code", "_", " ", "\n", "é",
]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_token_soup_raises_only_expression_errors(text: str) -> None:
    try:
        expression = parse(text)
    except ExpressionSyntaxError as error:
        assert 0 <= error.position <= len(text)
        assert error.column >= 1
        return
    scope = Scope({"x": [3.0, 1.0], "length": 2.0}, variables={"x": "1,2"})
    try:
        expression.evaluate(scope)
        expression.test(scope)
    except ExpressionError:
        pass


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=string.printable + "éß€\u00a0", max_size=40))
def test_arbitrary_text_raises_only_syntax_errors(text: str) -> None:
    with contextlib.suppress(ExpressionSyntaxError):
        parse(text)


# A right-hand side that fails if it is ever evaluated.
BOMBS = ["1 / 0 > 1", "(1 % 0) == 0", "sqrt(-1) > 0", "avg(variables.empty) > 1"]
non_true_conditions = st.sampled_from(
    ["false", "null == 1", "1 > 2", "'a' == 'b'", "!true", "x", "5", "'true'", "null",
     "variables.empty == 1", "item.missing"]
)  # fmt: skip
true_conditions = st.sampled_from(
    ["true", "1 < 2", "'10' == 10", "!false", "isNull(item.missing)", "variables.flag",
     "'b' > 'a'", "item.flag"]
)  # fmt: skip


@given(non_true_conditions, st.sampled_from(BOMBS), st.integers(min_value=1, max_value=3))
def test_and_stops_at_the_first_non_true_operand(left: str, bomb: str, extra: int) -> None:
    source = " && ".join([left] + [f"({bomb})"] * extra)
    scope = Scope({"flag": True}, variables={"empty": [], "flag": True})
    assert parse(source).evaluate(scope) is False


@given(true_conditions, st.sampled_from(BOMBS), st.integers(min_value=1, max_value=3))
def test_or_stops_at_the_first_true_operand(left: str, bomb: str, extra: int) -> None:
    source = " || ".join([left] + [f"({bomb})"] * extra)
    scope = Scope({"flag": True}, variables={"empty": [], "flag": True})
    assert parse(source).evaluate(scope) is True


@given(st.sampled_from(BOMBS))
def test_the_bombs_do_explode(bomb: str) -> None:
    scope = Scope(variables={"empty": []})
    try:
        parse(bomb).evaluate(scope)
    except ExpressionEvaluationError:
        return
    raise AssertionError(f"{bomb} evaluated without error")


@given(trees, st.sampled_from(BOMBS))
def test_short_circuit_for_any_left_side(tree: Node, bomb: str) -> None:
    left = parse(render(tree))
    scope = Scope(variables={"empty": []})
    try:
        is_true = left.test(scope)
    except ExpressionEvaluationError:
        assume(False)
        return
    operator = "||" if is_true else "&&"
    combined = parse(f"({left.render()}) {operator} ({bomb})")
    assert combined.evaluate(scope) is is_true
