"""The parser: precedence, associativity, the grammar's special forms, and syntax errors."""

from __future__ import annotations

import pytest

from thaiyyal.expression import ExpressionLimits, ExpressionSyntaxError, ExpressionTooComplex, parse
from thaiyyal.expression.tree import (
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
)


def shape(node: Node) -> str:
    """A fully parenthesised picture of the tree, for precedence assertions."""
    if isinstance(node, Literal):
        return repr(node.value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, VariableRef):
        return f"var:{node.name}"
    if isinstance(node, NodeRef):
        return f"node:{node.node_id}"
    if isinstance(node, ContextRef):
        return "ctx:" + ".".join(node.keys)
    if isinstance(node, Call):
        return f"{node.name}({', '.join(shape(arg) for arg in node.args)})"
    if isinstance(node, Postfix):
        text = shape(node.target)
        for step in node.steps:
            if isinstance(step, FieldStep):
                text += "." + step.name
            elif isinstance(step, IndexStep):
                text += f"[{shape(step.index)}]"
            else:
                text += f".{step.name}({', '.join(shape(arg) for arg in step.args)})"
        return text
    if isinstance(node, Negate):
        return f"({node.operator}{shape(node.operand)})"
    if isinstance(node, Not):
        return f"(!{shape(node.operand)})"
    if isinstance(node, (Sum, Product)):
        text = shape(node.first)
        for operator, operand in node.rest:
            text += f" {operator} {shape(operand)}"
        return f"({text})"
    if isinstance(node, Compare):
        return f"({shape(node.left)} {node.operator} {shape(node.right)})"
    if isinstance(node, Shorthand):
        return f"({node.operator} {shape(node.right)})"
    if isinstance(node, Logical):
        return "(" + f" {node.operator} ".join(shape(op) for op in node.operands) + ")"
    assert isinstance(node, Conditional)
    return f"({shape(node.test)} ? {shape(node.then)} : {shape(node.otherwise)})"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a || b && c", "(a || (b && c))"),
        ("a && b || c", "((a && b) || c)"),
        ("a && b && c", "(a && b && c)"),
        ("a || b || c", "(a || b || c)"),
        ("!a == b", "(!(a == b))"),
        ("!a && b", "((!a) && b)"),
        ("!!a", "(!(!a))"),
        ("a == b && c != d", "((a == b) && (c != d))"),
        ("a + b * c", "(a + (b * c))"),
        ("a * b + c", "((a * b) + c)"),
        ("a - b - c", "(a - b - c)"),
        ("a / b % c * d", "(a / b % c * d)"),
        ("-a * b", "((-a) * b)"),
        ("- -5", "(-(-5.0))"),
        ("-a.b", "(-a.b)"),
        ("+a", "(+a)"),
        ("a + b > c * d", "((a + b) > (c * d))"),
        ("a < b + 1", "(a < (b + 1.0))"),
        ("(a + b) * c", "((a + b) * c)"),
        ("a ? b : c ? d : e", "(a ? b : (c ? d : e))"),
        ("a ? b ? c : d : e", "(a ? (b ? c : d) : e)"),
        ("a || b ? c : d", "((a || b) ? c : d)"),
        ("x > 1 ? 'a' : 'b'", "((x > 1.0) ? 'a' : 'b')"),
        (">100", "(> 100.0)"),
        (">100 && <200", "((> 100.0) && (< 200.0))"),
        ("!>5", "(!(> 5.0))"),
        ("== 'x' || != 'y'", "((== 'x') || (!= 'y'))"),
        ("<= variables.max", "(<= var:max)"),
        ("> a + 1", "(> (a + 1.0))"),
    ],
)
def test_precedence(source: str, expected: str) -> None:
    assert shape(parse(source).tree) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("item.a.b", "item.a.b"),
        ("item[0][1]", "item[0.0][1.0]"),
        ("item.s.split(',')[1]", "item.s.split(',')[1.0]"),
        ("item.tags.length", "item.tags.length"),
        ("node.threshold-node.value", "node:threshold-node.value"),
        ("node.x", "node:x"),
        ("variables.x-1", "var:x-1"),
        ("variables.x - 1", "(var:x - 1.0)"),
        ("variables.items[0]", "var:items[0.0]"),
        ("context.cfg.max", "ctx:cfg.max"),
        ("context.a.b.trim()", "ctx:a.b.trim()"),
        ("context.a[0].b", "ctx:a[0.0].b"),
        ("max(1, 2).x", "max(1.0, 2.0).x"),
        ("'abc'.length", "'abc'.length"),
        ("(item.a).b", "item.a.b"),
        ("item.name.trim().toUpperCase()", "item.name.trim().toUpperCase()"),
        ("item . a", "item.a"),
        ("map(items, item.a * 2)", "map(items, (item.a * 2.0))"),
        ("_x", "_x"),
        ("inf", "inf"),
        ("TRUE", "TRUE"),
        ("null", "None"),
        ("true", "True"),
    ],
)
def test_operands(source: str, expected: str) -> None:
    assert shape(parse(source).tree) == expected


def test_parenthesised_postfix_keeps_its_grouping() -> None:
    tree = parse("(item.a).b").tree
    assert tree == Postfix(Postfix(Name("item"), (FieldStep("a"),)), (FieldStep("b"),))


def test_literals() -> None:
    assert parse("null").tree == Literal(None)
    assert parse("'x'").tree == Literal("x")
    assert parse("1").tree == Literal(1.0)
    assert parse("true").tree != Literal(1.0)  # a boolean is never a number, even in trees


def test_method_and_call_nodes() -> None:
    assert parse("x.replace('a', 'b')").tree == Postfix(
        Name("x"), (MethodStep("replace", (Literal("a"), Literal("b"))),)
    )
    assert parse("isNull(x)").tree == Call("isNull", (Name("x"),))


@pytest.mark.parametrize(
    ("source", "message", "column"),
    [
        ("", "empty expression", 1),
        ("   ", "empty expression", 1),
        ("1 < 2 < 3", "chained comparisons are not allowed", 7),
        ("a == b != c", "chained comparisons are not allowed", 8),
        (">5 < 3", "chained comparisons are not allowed", 4),
        (">=", "unexpected end of expression", 3),
        ("a >", "unexpected end of expression", 4),
        ("(5 + 3", "unclosed '('", 1),
        ("5 + 3)", "unmatched ')'", 6),
        ("f(1", "unknown function 'f'", 1),
        ("max(1", "unclosed '('", 4),
        ("item[0", "unclosed '['", 5),
        ("a ? b", "missing ':'", 6),
        ("a ? b c", "unexpected name 'c'", 7),
        ("item..a", "expected a field name after '.'", 6),
        ("item.", "expected a field name after '.'", 6),
        ("foo(1)", "unknown function 'foo'", 1),
        ("item.foo()", "unknown method 'foo'", 6),
        ("item.length()", "unknown method 'length'", 6),
        ("x.toUpperCase(1, 2)", "toUpperCase() takes no arguments, got 2", 3),
        ("x.includes('a', 'b')", "includes() requires exactly 1 argument, got 2", 3),
        ("x.replace('a')", "replace() requires exactly 2 arguments, got 1", 3),
        ("contains('abc')", "contains() requires exactly 2 arguments, got 1", 1),
        ("round(1, 2)", "round() requires exactly 1 argument, got 2", 1),
        ("sum()", "sum() requires at least 1 argument, got 0", 1),
        ("zip(a)", "zip() requires at least 2 arguments, got 1", 1),
        ("slice(a)", "slice() requires 2 or 3 arguments, got 1", 1),
        ("now(1)", "now() takes no arguments, got 1", 1),
        ("sum([1, 2, 3])", "array literals are not supported", 5),
        ("a == !b", "'!' needs parentheses here", 6),
        ("-!a", "'!' needs parentheses here", 2),
        ("a + == b", "unexpected '=='", 5),
        ("node", "expected '.' after 'node'", 5),
        ("variables + 1", "expected '.' after 'variables'", 11),
        ("context.'a'", "expected a name after 'context.'", 9),
        ("f(1,)", "unknown function 'f'", 1),
        ("max(1,)", "unexpected ')'", 7),
        ("1 2", "unexpected number 2", 3),
        ("'", "unterminated string", 1),
        ("a.b(", "unknown method 'b'", 3),
        ("5.length", "unexpected name 'length'", 3),
        ("x = 1", "compare with '=='", 3),
    ],
)
def test_syntax_errors(source: str, message: str, column: int) -> None:
    with pytest.raises(ExpressionSyntaxError) as raised:
        parse(source)
    error = raised.value
    assert message in error.reason
    assert error.column == column, str(error)
    assert error.position == column - 1
    assert str(error) == f"{error.reason} at column {column}"
    assert error.source == source


def test_multi_line_errors_name_the_line() -> None:
    with pytest.raises(ExpressionSyntaxError) as raised:
        parse("a &&\n  b #")
    assert (raised.value.line, raised.value.column, raised.value.position) == (2, 5, 9)
    assert str(raised.value).endswith("at line 2, column 5")


def test_syntax_errors_are_thaiyyal_errors() -> None:
    from thaiyyal.errors import ThaiyyalError
    from thaiyyal.expression import ExpressionError

    with pytest.raises(ExpressionError) as raised:
        parse("(")
    assert isinstance(raised.value, ThaiyyalError)


def test_source_must_be_text() -> None:
    with pytest.raises(TypeError, match=r"^expression source must be a string, got int$"):
        parse(5)  # type: ignore[arg-type]


def test_too_long_is_a_syntax_error_with_limit_fields() -> None:
    with pytest.raises(ExpressionTooComplex) as raised:
        parse("a" * 10_001)
    assert raised.value.limit == "max_expression_length"
    assert raised.value.maximum == 10_000
    assert "longer than 10000 characters" in str(raised.value)
    parse("a" * 10_000)


@pytest.mark.parametrize(
    ("source", "reason", "column"),
    [
        ("a >", "unexpected end of expression", 4),
        ("max(1", "unclosed '('", 4),
        ("max(1 2)", "unexpected number 2", 7),
        ("1 'a'", "unexpected string", 3),
        ("a ? b", "missing ':' in conditional expression", 6),
        ("a == !b", "'!' needs parentheses here", 6),
        ("1 < 2 < 3", "chained comparisons are not allowed (combine them with &&)", 7),
        ("item.", "expected a field name after '.'", 6),
        ("item[0", "unclosed '['", 5),
        ("(5 + 3", "unclosed '('", 1),
        ("sum([1])", "array literals are not supported", 5),
        ("", "empty expression", 1),
        ("5 + 3)", "unmatched ')'", 6),
        ("-!a", "'!' needs parentheses here", 2),
    ],
)
def test_syntax_error_reasons_are_exact(source: str, reason: str, column: int) -> None:
    with pytest.raises(ExpressionSyntaxError) as raised:
        parse(source)
    assert raised.value.reason == reason
    assert raised.value.column == column


def test_the_first_error_in_the_text_is_reported_not_a_later_lexing_error() -> None:
    # Tokens are read on demand: the parser fails on "1" before the lexer reaches "#".
    with pytest.raises(ExpressionSyntaxError) as raised:
        parse("context.a.b 1 #")
    assert raised.value.reason == "unexpected number 1"
    assert raised.value.position == 12


def _too_deep(source: str, max_depth: int) -> ExpressionTooComplex:
    with pytest.raises(ExpressionTooComplex) as raised:
        parse(source, limits=ExpressionLimits(max_depth=max_depth))
    error = raised.value
    assert error.limit == "max_depth"
    assert error.maximum == max_depth
    assert error.reason == f"expression nests deeper than {max_depth} levels"
    assert error.source == source
    return error


def test_tree_depth_counts_leaves_as_one_level() -> None:
    # Literal (1) under a product (2) under a sum (3): exactly the limit is allowed.
    assert parse("1 + 2 * 3", limits=ExpressionLimits(max_depth=3)).evaluate() == 7.0
    # A call without arguments is a single level, so a comparison on it is two.
    assert parse("now() == 1", limits=ExpressionLimits(max_depth=2)).evaluate() is False


@pytest.mark.parametrize(
    ("source", "max_depth", "position"),
    [
        ("1 + 2 * 3 == 4", 3, 10),  # the comparison is the fourth level
        ("1 + 2 * 3", 2, 2),  # a sum is reported at its first operator
        ("(1 + 2 * 3).b", 3, 0),  # a path is reported where its target starts
        ("1 + abs(2 * 3)", 2, 4),  # a call is reported at its name
    ],
)
def test_tree_deeper_than_the_limit_is_reported_where_the_node_starts(
    source: str, max_depth: int, position: int
) -> None:
    assert _too_deep(source, max_depth).position == position


def test_nesting_is_counted_back_down_after_each_parenthesis() -> None:
    limits = ExpressionLimits(max_depth=3)
    assert parse("((1) + (2))", limits=limits).evaluate() == 3.0
    # After "(1)" closes, the nesting is two again: "((2))" then reaches four, at the "2".
    assert _too_deep("((1) + ((2)))", 3).position == 9


@pytest.mark.parametrize(
    ("source", "max_depth", "position"),
    [
        ("((1))", 2, 2),  # the third ternary level is entered at "1"
        ("!!!a", 3, 2),  # the third "!" is the fourth level
        ("1 + - - -1", 3, 8),  # the third unary "-" is the fourth level
    ],
)
def test_nesting_deeper_than_the_limit_is_reported_where_it_is_entered(
    source: str, max_depth: int, position: int
) -> None:
    assert _too_deep(source, max_depth).position == position


@pytest.mark.parametrize(
    ("source", "max_depth", "position"),
    [
        ("a ? b + 1 : c", 2, 2),  # a conditional is reported at its "?"
        ("a && !b.c", 2, 5),  # a negation at its "!"
        ("a || > 1 + 2", 2, 5),  # a shorthand comparison at its operator
        ("1 + -a.b", 2, 4),  # a unary minus at its sign
    ],
)
def test_operator_nodes_deeper_than_the_limit_name_their_operator(
    source: str, max_depth: int, position: int
) -> None:
    assert _too_deep(source, max_depth).position == position
