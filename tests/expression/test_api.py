"""The Expression object: source, rendering, references, equality, evaluate/test."""

from __future__ import annotations

import pytest

from thaiyyal.expression import (
    DEFAULT_LIMITS,
    FUNCTION_NAMES,
    METHOD_NAMES,
    ExpressionEvaluationError,
    ExpressionLimits,
    References,
    Scope,
    parse,
)


@pytest.mark.parametrize(
    ("source", "canonical"),
    [
        ("item.age>=18&&item.active", "item.age >= 18 && item.active"),
        ("((a))", "a"),
        ("(a + b) * c", "(a + b) * c"),
        ("a + (b * c)", "a + b * c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "(a - b) - c"),
        ("a - b - c", "a - b - c"),
        ("!(a == b)", "!a == b"),
        ("(!a) == b", "(!a) == b"),
        ("! == 5", "! == 5"),
        ("1e6 + .5 + 1.50", "1e+06 + 0.5 + 1.5"),
        ("\"it's\" == 'a\\\\b'", "'it\\'s' == 'a\\\\b'"),
        ("(context.a).b", "(context.a).b"),
        ("context.a.b", "context.a.b"),
        ("(5).length", "(5).length"),
        ("c ? (a ? b : d) : e", "c ? a ? b : d : e"),
        ("(c ? a : b) ? d : e", "(c ? a : b) ? d : e"),
        ("- (-x)", "--x"),
        ("x > (>5)", "x > (> 5)"),
    ],
)
def test_render_is_canonical_and_round_trips(source: str, canonical: str) -> None:
    expression = parse(source)
    assert expression.render() == canonical
    assert parse(canonical).tree == expression.tree
    assert expression.source == source


def test_references() -> None:
    expression = parse(
        "node.a.x > variables.limit && context.cfg.max == index "
        "|| 'node.q' == node.b && node.a.y > age"
    )
    assert expression.references == References(
        nodes=("a", "b"),
        variables=("limit",),
        context=("cfg.max",),
        bare_names=("index", "age"),
        reads_state=True,
    )


@pytest.mark.parametrize(
    ("source", "nodes"),
    [
        ("node.http1.value > 100", ("http1",)),
        ("variables.mynode.x > 1 && node.a-b.value", ("a-b",)),
        ("'node.q' == node.r.v", ("r",)),
        ("pow(node.n1.value, 2) + node.n2.value > 100", ("n1", "n2")),
        ("map(node.list, item.x)", ("list",)),
        ("variables.x > 100", ()),
    ],
)
def test_node_references_come_from_the_tree(source: str, nodes: tuple[str, ...]) -> None:
    assert parse(source).references.nodes == nodes


@pytest.mark.parametrize(
    ("source", "reads_state"),
    [
        ("item.age > 18", False),
        ("input > node.x.value", False),
        ("> 5", False),
        ("variables.x > 1", True),
        ("context.x > 1", True),
        ("age > 1", True),  # a bare field name can fall through to a workflow variable
        ("item > accumulator", True),
    ],
)
def test_reads_state(source: str, reads_state: bool) -> None:
    assert parse(source).references.reads_state is reads_state


def test_equality_is_tree_equality() -> None:
    assert parse("a+b") == parse("a + b")
    assert hash(parse("a+b")) == hash(parse("(a) + (b)"))
    assert parse("a + b") != parse("b + a")
    assert parse("1") != parse("true")
    assert parse("x").__eq__("x") is NotImplemented


def test_text_forms() -> None:
    expression = parse("a  +  b")
    assert str(expression) == "a  +  b"
    assert repr(expression) == "Expression('a  +  b')"


def test_evaluate_and_test() -> None:
    scope = Scope({"age": 20.0, "name": "Ann"})
    assert parse("age * 2").evaluate(scope) == 40.0
    assert parse("name").evaluate(scope) == "Ann"
    assert parse("name").test(scope) is False  # only the boolean true is true
    assert parse("age > 1").test(scope) is True
    assert parse("age > 1 ? 'yes' : 'no'").evaluate(scope) == "yes"


def test_an_omitted_scope_is_empty() -> None:
    assert parse("1 + 2").evaluate() == 3.0
    assert parse("isNull(input)").test() is True


def test_errors_propagate_from_test() -> None:
    with pytest.raises(ExpressionEvaluationError, match="division by zero"):
        parse("1 / 0 > 1").test(Scope())


def test_compiled_functions_for_tight_loops() -> None:
    expression = parse("item.x > 1")
    scope = Scope()
    scope.set_element({"x": 2.0}, 0)
    assert expression.evaluator(scope) is True
    assert expression.tester(scope) is True
    not_boolean = parse("item.x")
    assert not_boolean.tester(scope) is False


def test_limits_are_kept() -> None:
    limits = ExpressionLimits(max_array_length=5)
    assert parse("x", limits=limits).limits is limits
    assert parse("x").limits is DEFAULT_LIMITS


def test_catalogue_names() -> None:
    assert {"map", "avg", "contains", "isNull", "dateAdd", "pow"} <= FUNCTION_NAMES
    assert "length" not in METHOD_NAMES
    assert {"toUpperCase", "includes", "replace", "split", "join", "first"} <= METHOD_NAMES


def test_public_names_exist() -> None:
    import thaiyyal.expression as package

    for name in package.__all__:
        assert getattr(package, name) is not None, name


def test_every_built_in_is_documented() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "expressions.md").read_text("utf-8")
    for name in sorted(FUNCTION_NAMES | METHOD_NAMES):
        assert f"`{name}(" in text, f"docs/expressions.md does not describe {name}()"


def test_expressions_pickle_and_copy() -> None:
    import copy
    import pickle

    limits = ExpressionLimits(max_array_length=7)
    original = parse("map(input, item * 2)", limits=limits)
    for clone in (pickle.loads(pickle.dumps(original)), copy.deepcopy(original)):
        assert clone == original
        assert clone.source == original.source and clone.limits == limits
        assert clone.evaluate(Scope([1.0, 2.0])) == [2.0, 4.0]
