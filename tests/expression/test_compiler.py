"""The compiled closures: edge cases of access, arithmetic and the shorthand's unwrapping."""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import Any

import pytest

from thaiyyal.expression import (
    ExpressionEvaluationError,
    ExpressionLimitError,
    ExpressionLimits,
    Scope,
    parse,
)
from thaiyyal.expression.compiler import returns_boolean


def value(source: str, scope: Scope | None = None) -> Any:
    return parse(source).evaluate(scope or Scope())


@pytest.mark.parametrize("source", ["'abc'['a']", "5['a']", "true['a']", "null['a']"])
def test_a_string_index_on_a_non_object_is_null(source: str) -> None:
    assert value(source) is None


def test_modulo_by_one_is_zero() -> None:
    assert value("7 % 1") == 0.0
    assert value("-7.5 % 1") == 0.0


def test_zero_modulo_keeps_a_positive_zero() -> None:
    # The remainder takes the dividend's sign; a zero dividend is a plain (positive) zero.
    result = value("0 % 3")
    assert result == 0.0
    assert math.copysign(1.0, result) == 1.0
    assert math.copysign(1.0, value("0.5 % 3")) == 1.0  # 0.5 truncates to 0


def test_shorthand_unwraps_value_keys_of_any_mapping() -> None:
    scope = Scope(MappingProxyType({"value": MappingProxyType({"value": 7.0})}))
    assert value("> 5", scope) is True
    assert value("== 7", scope) is True


def test_shorthand_does_not_index_a_list_that_contains_the_text_value() -> None:
    scope = Scope(["value"], variables={"same": ["value"]})
    assert value("== variables.same", scope) is True
    assert value("!= 1", scope) is True


def test_map_longer_than_the_array_limit_names_map_in_the_error() -> None:
    expression = parse("map(input, item)", limits=ExpressionLimits(max_array_length=2))
    assert expression.evaluate(Scope([1.0, 2.0])) == [1.0, 2.0]
    with pytest.raises(ExpressionLimitError) as raised:
        expression.evaluate(Scope([1.0, 2.0, 3.0]))
    assert str(raised.value) == "map() would build an array of 3 elements (limit 2)"
    assert (raised.value.limit, raised.value.value, raised.value.maximum) == (
        "max_array_length",
        3,
        2,
    )


def test_strict_ordering_of_equal_strings_is_false() -> None:
    assert value("'b' < 'b'") is False
    assert value("'b' > 'b'") is False
    assert value("'a' < 'b'") is True
    assert value("'b' <= 'b'") is True
    assert value("'b' >= 'b'") is True
    assert value("'b' <= 'a'") is False
    assert value("'a' >= 'b'") is False


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("'a' != 'b'", True),
        ("'a' != 'a'", False),
        ("5 != 'abc'", True),
        ("null != 'abc'", True),
        ("'abc' == 'abc'", True),
        ("5 == 'abc'", False),
    ],
)
def test_comparing_with_a_non_numeric_string_literal(source: str, expected: bool) -> None:
    assert value(source) is expected


def test_item_and_input_fields_read_their_own_root() -> None:
    scope = Scope({"a": "input"}, names={"item": {"a": "item"}})
    assert value("item.a", scope) == "item"
    assert value("input.a", scope) == "input"
    scope = Scope({"a": "input"}, names={"input": {"a": "bound"}})
    assert value("item.a", scope) == "input"
    assert value("input.a", scope) == "bound"


@pytest.mark.parametrize("root", ["item", "input"])
def test_one_field_of_a_root_that_is_not_a_dict(root: str) -> None:
    assert value(f"{root}.length", Scope("héllo")) == 6.0
    assert value(f"{root}.length", Scope([1.0, 2.0])) == 2.0
    assert value(f"{root}.a", Scope(MappingProxyType({"a": 1.0}))) == 1.0
    assert value(f"{root}.a", Scope(5.0)) is None


def test_unary_plus_names_the_operand_it_cannot_convert() -> None:
    scope = Scope(variables={"b": True, "s": "21"})
    assert value("+variables.s", scope) == 21.0
    with pytest.raises(ExpressionEvaluationError) as raised:
        value("+variables.b", scope)
    assert str(raised.value) == "value 'true' at 'variables.b' cannot be converted to number"


def test_a_chain_of_three_operands_converts_and_names_the_first() -> None:
    scope = Scope(variables={"b": True, "s": "1"})
    assert value("variables.s + 1 + 2", scope) == 4.0
    assert value("variables.s * 6 / 3", scope) == 2.0
    with pytest.raises(ExpressionEvaluationError) as raised:
        value("variables.b + 1 + 2", scope)
    assert str(raised.value) == "value 'true' at 'variables.b' cannot be converted to number"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("!a", True),
        ("a == 1", True),
        ("> 1", True),
        ("a && b", True),
        ("true", True),
        ("1", False),
        ("isNull(a)", True),
        ("contains(a, b)", True),
        ("coalesce(a)", False),
        ("a", False),
        ("a ? true : false", False),
    ],
)
def test_returns_boolean_knows_which_trees_always_give_a_boolean(
    source: str, expected: bool
) -> None:
    assert returns_boolean(parse(source).tree) is expected


@pytest.mark.parametrize("operator", ["<", "<=", ">", ">=", "==", "!="])
@pytest.mark.parametrize("number", [2**53 + 1, -(2**53) - 1, 2**53, 10**400, 7])
def test_an_int_compares_with_a_number_literal_as_with_the_same_number_in_a_variable(
    operator: str, number: int
) -> None:
    # Ints widen to float (values.to_number); the literal fast path must not compare exactly.
    for constant in (float(2**53), -float(2**53), 7.0):
        scope = Scope(variables={"n": number, "c": constant})
        literal = value(f"variables.n {operator} {constant!r}", scope)
        general = value(f"variables.n {operator} variables.c", scope)
        assert literal is general, (number, operator, constant)


def test_an_int_past_two_to_the_53_widens_before_an_ordering_comparison() -> None:
    scope = Scope(variables={"n": 2**53 + 1})
    assert value("variables.n > 9007199254740992", scope) is False
    assert value("variables.n >= 9007199254740992", scope) is True


def test_an_int_past_two_to_the_53_widens_before_an_equality_too() -> None:
    # float64 holds no 2**53 + 1, so it equals 2**53 whichever way it is compared
    scope = Scope(variables={"n": 2**53 + 1, "t": 2**53})
    assert value("variables.n == 9007199254740992", scope) is True
    assert value("variables.n == variables.t", scope) is True
    assert value("variables.n != variables.t", scope) is False
    assert value("variables.n >= variables.t && variables.n <= variables.t", scope) is True
