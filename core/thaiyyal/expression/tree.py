"""The parse tree of an expression, and its canonical text.

Nodes are frozen attrs classes, so two trees compare equal exactly when they mean the same
thing written the same way, which is what the round-trip property test relies on
(``parse(render(tree)) == tree``). Operators of one precedence level form one n-ary node
(``a + b - c`` is one :class:`Sum`), so long chains do not deepen the tree.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import attrs

from thaiyyal.values import go_format_float

__all__ = [
    "AND",
    "COMPARISON",
    "COMPARISON_OPERATORS",
    "CONDITIONAL",
    "NOT",
    "OR",
    "POSTFIX",
    "PRIMARY",
    "PRODUCT",
    "SUM",
    "UNARY",
    "Call",
    "Compare",
    "Conditional",
    "ContextRef",
    "FieldStep",
    "IndexStep",
    "Literal",
    "Logical",
    "MethodStep",
    "Name",
    "Negate",
    "Node",
    "NodeRef",
    "Not",
    "Postfix",
    "Product",
    "Shorthand",
    "Step",
    "Sum",
    "VariableRef",
    "children",
    "level",
    "render",
    "walk",
]

# Precedence levels, loosest first (spec/expressions.md section 7).
CONDITIONAL = 1
OR = 2
AND = 3
NOT = 4
COMPARISON = 5
SUM = 6
PRODUCT = 7
UNARY = 8
POSTFIX = 9
PRIMARY = 10

COMPARISON_OPERATORS = ("==", "!=", "<=", ">=", "<", ">")


def _literal_key(value: object) -> tuple[str, object]:
    # True == 1.0 in Python; the tree must still tell a boolean from a number.
    return (type(value).__name__, value)


@attrs.frozen
class Literal:
    """``null``, ``true``, ``false``, a number (always a float) or a string."""

    value: object = attrs.field(eq=_literal_key)


@attrs.frozen
class Name:
    """A bare name: ``item``, ``input``, ``index``, a field of the input, a variable..."""

    name: str


@attrs.frozen
class VariableRef:
    """``variables.<name>``."""

    name: str


@attrs.frozen
class NodeRef:
    """``node.<id>``: the result of another node."""

    node_id: str


@attrs.frozen
class ContextRef:
    """``context.<k1>.<k2>...``: looked up as the flat key ``k1.k2...`` first, then as a path."""

    keys: tuple[str, ...]


@attrs.frozen
class Call:
    """``name(args...)``, a built-in function."""

    name: str
    args: tuple[Node, ...]


@attrs.frozen
class FieldStep:
    """``.name``: a field of an object; ``.length`` also counts arrays and strings."""

    name: str


@attrs.frozen
class IndexStep:
    """``[expression]``: an array element or an object key."""

    index: Node


@attrs.frozen
class MethodStep:
    """``.name(args...)``, a built-in method."""

    name: str
    args: tuple[Node, ...]


Step = FieldStep | IndexStep | MethodStep


@attrs.frozen
class Postfix:
    """A target followed by field, index and method steps, applied left to right."""

    target: Node
    steps: tuple[Step, ...]


@attrs.frozen
class Negate:
    """Unary ``-`` or ``+`` (``+`` converts to a number)."""

    operator: str
    operand: Node


@attrs.frozen
class Not:
    """``!x``: true unless ``x`` is the boolean true."""

    operand: Node


@attrs.frozen
class Sum:
    """``first (+|-) operand ...``, left to right."""

    first: Node
    rest: tuple[tuple[str, Node], ...]


@attrs.frozen
class Product:
    """``first (*|/|%) operand ...``, left to right."""

    first: Node
    rest: tuple[tuple[str, Node], ...]


@attrs.frozen
class Compare:
    """``left <op> right``; comparisons do not chain."""

    operator: str
    left: Node
    right: Node


@attrs.frozen
class Shorthand:
    """``<op> right``: the left side is the input, unwrapped through nested ``value`` keys."""

    operator: str
    right: Node


@attrs.frozen
class Logical:
    """``a && b && ...`` or ``a || b || ...``, short-circuit, always a boolean."""

    operator: str
    operands: tuple[Node, ...]


@attrs.frozen
class Conditional:
    """``test ? then : otherwise``."""

    test: Node
    then: Node
    otherwise: Node


Node = (
    Literal
    | Name
    | VariableRef
    | NodeRef
    | ContextRef
    | Call
    | Postfix
    | Negate
    | Not
    | Sum
    | Product
    | Compare
    | Shorthand
    | Logical
    | Conditional
)


def level(node: Node) -> int:
    """The precedence level of ``node``'s outermost operator."""
    if isinstance(node, Conditional):
        return CONDITIONAL
    if isinstance(node, Logical):
        return OR if node.operator == "||" else AND
    if isinstance(node, Not):
        return NOT
    if isinstance(node, (Compare, Shorthand)):
        return COMPARISON
    if isinstance(node, Sum):
        return SUM
    if isinstance(node, Product):
        return PRODUCT
    if isinstance(node, Negate):
        return UNARY
    if isinstance(node, Postfix):
        return POSTFIX
    return PRIMARY


def children(node: Node) -> Iterator[Node]:
    """The direct sub-expressions of ``node``, in source order."""
    if isinstance(node, Call):
        yield from node.args
    elif isinstance(node, Postfix):
        yield node.target
        for step in node.steps:
            if isinstance(step, IndexStep):
                yield step.index
            elif isinstance(step, MethodStep):
                yield from step.args
    elif isinstance(node, (Negate, Not)):
        yield node.operand
    elif isinstance(node, (Sum, Product)):
        yield node.first
        for _, operand in node.rest:
            yield operand
    elif isinstance(node, Compare):
        yield node.left
        yield node.right
    elif isinstance(node, Shorthand):
        yield node.right
    elif isinstance(node, Logical):
        yield from node.operands
    elif isinstance(node, Conditional):
        yield node.test
        yield node.then
        yield node.otherwise


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children, in source order (no recursion)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))


# ----------------------------------------------------------------------------- rendering


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _render_literal(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, float) and math.isfinite(value) and math.copysign(1.0, value) > 0:
        # Shortest round-trip digits; "1e+06" and "0.5" both lex back to the same float.
        return go_format_float(value)
    raise ValueError(f"literal {value!r} has no source form")


def _wrapped(node: Node, parenthesize: bool) -> str:
    text = render(node)
    return f"({text})" if parenthesize else text


def _render_args(args: tuple[Node, ...]) -> str:
    return ", ".join(render(arg) for arg in args)


def _render_postfix(node: Postfix) -> str:
    target = node.target
    needs_parens = level(target) < PRIMARY or (
        isinstance(target, Literal) and isinstance(target.value, float)
    )
    if isinstance(target, ContextRef) and node.steps and isinstance(node.steps[0], FieldStep):
        needs_parens = True  # a following field would join the context key otherwise
    parts = [_wrapped(target, needs_parens)]
    for step in node.steps:
        if isinstance(step, FieldStep):
            parts.append("." + step.name)
        elif isinstance(step, IndexStep):
            parts.append(f"[{render(step.index)}]")
        else:
            parts.append(f".{step.name}({_render_args(step.args)})")
    return "".join(parts)


def render(node: Node) -> str:
    """Canonical source text of ``node``; parsing it gives back an equal tree."""
    if isinstance(node, Literal):
        return _render_literal(node.value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, VariableRef):
        return "variables." + node.name
    if isinstance(node, NodeRef):
        return "node." + node.node_id
    if isinstance(node, ContextRef):
        return "context." + ".".join(node.keys)
    if isinstance(node, Call):
        return f"{node.name}({_render_args(node.args)})"
    if isinstance(node, Postfix):
        return _render_postfix(node)
    if isinstance(node, Negate):
        return node.operator + _wrapped(node.operand, level(node.operand) < UNARY)
    if isinstance(node, Not):
        text = _wrapped(node.operand, level(node.operand) < NOT)
        return ("! " if text.startswith("=") else "!") + text
    if isinstance(node, (Sum, Product)):
        own = level(node)
        parts = [_wrapped(node.first, level(node.first) <= own)]
        for operator, operand in node.rest:
            parts.append(f" {operator} {_wrapped(operand, level(operand) <= own)}")
        return "".join(parts)
    if isinstance(node, Compare):
        left = _wrapped(node.left, level(node.left) <= COMPARISON)
        right = _wrapped(node.right, level(node.right) <= COMPARISON)
        return f"{left} {node.operator} {right}"
    if isinstance(node, Shorthand):
        return f"{node.operator} {_wrapped(node.right, level(node.right) <= COMPARISON)}"
    if isinstance(node, Logical):
        own = level(node)
        return f" {node.operator} ".join(
            _wrapped(operand, level(operand) <= own) for operand in node.operands
        )
    test = _wrapped(node.test, level(node.test) <= CONDITIONAL)
    return f"{test} ? {render(node.then)} : {render(node.otherwise)}"
