"""Builds the parse tree from tokens (spec/expressions.md section 3.1).

Precedence climbing over one table of binary levels keeps the parser shallow: a nesting
level costs a handful of interpreter frames, whatever the operators. Two limits keep
hostile text harmless: how deeply constructs nest while parsing (parentheses, calls,
indexes, ternaries, prefix operators), and how deep the resulting tree is (what evaluation
recursion costs). Both are ``limits.max_depth``.
"""

from __future__ import annotations

from thaiyyal.expression.catalog import FUNCTIONS, METHODS, arity_problem
from thaiyyal.expression.errors import ExpressionSyntaxError, ExpressionTooComplex
from thaiyyal.expression.lexer import EOF, NAME, NUMBER, SEGMENT, STRING, Token, iter_tokens
from thaiyyal.expression.limits import DEFAULT_LIMITS, ExpressionLimits
from thaiyyal.expression.tree import (
    AND,
    COMPARISON,
    COMPARISON_OPERATORS,
    NOT,
    OR,
    PRODUCT,
    SUM,
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
    Step,
    Sum,
    VariableRef,
    children,
)

__all__ = ["parse_tree"]

_BINARY_LEVELS = {
    "||": OR,
    "&&": AND,
    "==": COMPARISON,
    "!=": COMPARISON,
    "<": COMPARISON,
    "<=": COMPARISON,
    ">": COMPARISON,
    ">=": COMPARISON,
    "+": SUM,
    "-": SUM,
    "*": PRODUCT,
    "/": PRODUCT,
    "%": PRODUCT,
}
_KEYWORDS: dict[str, object] = {"true": True, "false": False, "null": None}
_REFERENCE_ROOTS = ("variables", "node", "context")


class _Parser:
    def __init__(self, source: str, limits: ExpressionLimits) -> None:
        self.source = source
        # Tokens are lexed on demand: a parser that stops early (too deep) stops lexing too.
        self.stream = iter_tokens(source)
        self.tokens: list[Token] = [next(self.stream)]
        self.index = 0
        self.max_depth = limits.max_depth
        self.nesting = 0
        # Tree depth of every node built so far, by identity (nodes are alive in the tree).
        self.depths: dict[int, int] = {}

    # ------------------------------------------------------------------ helpers

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def peek(self, offset: int) -> Token:
        tokens = self.tokens
        while len(tokens) <= self.index + offset and tokens[-1].kind != EOF:
            tokens.append(next(self.stream))
        return tokens[min(self.index + offset, len(tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != EOF:
            self.index += 1
            if self.index == len(self.tokens):
                self.tokens.append(next(self.stream))
        return token

    def fail(self, reason: str, position: int) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(reason, self.source, position)

    def unexpected(self, token: Token) -> ExpressionSyntaxError:
        if token.kind == EOF:
            return self.fail("unexpected end of expression", token.position)
        return self.fail(f"unexpected {token.describe()}", token.position)

    def too_deep(self, position: int) -> ExpressionTooComplex:
        return ExpressionTooComplex(
            f"expression nests deeper than {self.max_depth} levels",
            self.source,
            position,
            limit="max_depth",
            maximum=self.max_depth,
        )

    def enter(self, position: int) -> None:
        self.nesting += 1
        if self.nesting > self.max_depth:
            raise self.too_deep(position)

    def leave(self) -> None:
        self.nesting -= 1

    def make(self, node: Node, position: int) -> Node:
        depth = 1 + max((self.depths.get(id(child), 1) for child in children(node)), default=0)
        if depth > self.max_depth:
            raise self.too_deep(position)
        self.depths[id(node)] = depth
        return node

    # ------------------------------------------------------------------ grammar

    def parse(self) -> Node:
        if self.token.kind == EOF:
            raise self.fail("empty expression", 0)
        node = self.ternary()
        if self.token.kind != EOF:
            token = self.token
            if token.kind == ")":
                raise self.fail("unmatched ')'", token.position)
            raise self.unexpected(token)
        return node

    def ternary(self) -> Node:
        self.enter(self.token.position)
        node = self.binary(OR)
        if self.token.kind == "?":
            question = self.advance()
            then = self.ternary()
            if self.token.kind != ":":
                if self.token.kind == EOF:
                    raise self.fail("missing ':' in conditional expression", self.token.position)
                raise self.unexpected(self.token)
            self.advance()
            otherwise = self.ternary()
            node = self.make(Conditional(node, then, otherwise), question.position)
        self.leave()
        return node

    def binary(self, min_level: int) -> Node:
        token = self.token
        just_compared = False
        if token.kind == "!":
            if min_level > NOT:
                raise self.fail("'!' needs parentheses here", token.position)
            self.advance()
            self.enter(token.position)
            operand = self.binary(NOT)
            self.leave()
            left = self.make(Not(operand), token.position)
        elif token.kind in COMPARISON_OPERATORS:
            if min_level > COMPARISON:
                raise self.unexpected(token)
            self.advance()
            right = self.binary(SUM)
            left = self.make(Shorthand(token.kind, right), token.position)
            just_compared = True
        else:
            left = self.unary()
        while True:
            token = self.token
            own_level = _BINARY_LEVELS.get(token.kind)
            if own_level is None or own_level < min_level:
                return left
            if own_level == COMPARISON:
                if just_compared:
                    raise self.fail(
                        "chained comparisons are not allowed (combine them with &&)",
                        token.position,
                    )
                self.advance()
                right = self.binary(SUM)
                left = self.make(Compare(token.kind, left, right), token.position)
                just_compared = True
                continue
            just_compared = False
            left = self.chain(left, own_level)

    def chain(self, first: Node, own_level: int) -> Node:
        """Operands joined by operators of one level, as one n-ary node."""
        start = self.token.position
        rest: list[tuple[str, Node]] = []
        while _BINARY_LEVELS.get(self.token.kind) == own_level:
            operator = self.advance().kind
            rest.append((operator, self.binary(own_level + 1)))
        node: Node
        if own_level == SUM:
            node = Sum(first, tuple(rest))
        elif own_level == PRODUCT:
            node = Product(first, tuple(rest))
        else:
            operator = rest[0][0]
            node = Logical(operator, (first, *(operand for _, operand in rest)))
        return self.make(node, start)

    def unary(self) -> Node:
        token = self.token
        if token.kind in ("-", "+"):
            self.advance()
            self.enter(token.position)
            operand = self.unary()
            self.leave()
            return self.make(Negate(token.kind, operand), token.position)
        if token.kind == "!":
            raise self.fail("'!' needs parentheses here", token.position)
        return self.postfix()

    def postfix(self) -> Node:
        start = self.token.position
        target = self.primary()
        steps: list[Step] = []
        while True:
            token = self.token
            if token.kind == ".":
                self.advance()
                name = self.token
                if name.kind != SEGMENT:
                    raise self.fail("expected a field name after '.'", name.position)
                self.advance()
                if self.token.kind == "(":
                    arity = METHODS.get(name.text)
                    if arity is None:
                        raise self.fail(f"unknown method '{name.text}'", name.position)
                    args = self.arguments()
                    problem = arity_problem(name.text, arity, len(args))
                    if problem:
                        raise self.fail(problem, name.position)
                    steps.append(MethodStep(name.text, args))
                else:
                    steps.append(FieldStep(name.text))
            elif token.kind == "[":
                self.advance()
                index = self.ternary()
                if self.token.kind != "]":
                    if self.token.kind == EOF:
                        raise self.fail("unclosed '['", token.position)
                    raise self.unexpected(self.token)
                self.advance()
                steps.append(IndexStep(index))
            else:
                break
        if not steps:
            return target
        return self.make(Postfix(target, tuple(steps)), start)

    def arguments(self) -> tuple[Node, ...]:
        opening = self.advance()
        args: list[Node] = []
        if self.token.kind != ")":
            while True:
                args.append(self.ternary())
                if self.token.kind != ",":
                    break
                self.advance()
        if self.token.kind != ")":
            if self.token.kind == EOF:
                raise self.fail("unclosed '('", opening.position)
            raise self.unexpected(self.token)
        self.advance()
        return tuple(args)

    def primary(self) -> Node:
        token = self.token
        kind = token.kind
        if kind in (NUMBER, STRING):
            self.advance()
            return Literal(token.value)
        if kind == NAME:
            return self.named(token)
        if kind == "(":
            self.advance()
            node = self.ternary()
            if self.token.kind != ")":
                if self.token.kind == EOF:
                    raise self.fail("unclosed '('", token.position)
                raise self.unexpected(self.token)
            self.advance()
            return node
        if kind == "[":
            raise self.fail("array literals are not supported", token.position)
        raise self.unexpected(token)

    def named(self, token: Token) -> Node:
        name = token.text
        self.advance()
        if name in _KEYWORDS:
            return Literal(_KEYWORDS[name])
        if name in _REFERENCE_ROOTS:
            return self.reference(token)
        if self.token.kind == "(":
            arity = FUNCTIONS.get(name)
            if arity is None:
                raise self.fail(f"unknown function '{name}'", token.position)
            args = self.arguments()
            problem = arity_problem(name, arity, len(args))
            if problem:
                raise self.fail(problem, token.position)
            return self.make(Call(name, args), token.position)
        return Name(name)

    def reference(self, root: Token) -> Node:
        """``variables.<name>``, ``node.<id>`` or ``context.<key>...``."""
        if self.token.kind != ".":
            raise self.fail(f"expected '.' after '{root.text}'", self.token.position)
        self.advance()
        first = self.token
        if first.kind != SEGMENT:
            raise self.fail(f"expected a name after '{root.text}.'", first.position)
        self.advance()
        if root.text == "variables":
            return VariableRef(first.text)
        if root.text == "node":
            return NodeRef(first.text)
        keys = [first.text]
        # The context key runs over plain fields; a method call ends it.
        while self.token.kind == "." and self.peek(1).kind == SEGMENT and self.peek(2).kind != "(":
            self.advance()
            keys.append(self.advance().text)
        return ContextRef(tuple(keys))


def parse_tree(source: str, limits: ExpressionLimits = DEFAULT_LIMITS) -> Node:
    """Parse ``source`` into a tree; raises :class:`ExpressionSyntaxError`."""
    if not isinstance(source, str):
        raise TypeError(f"expression source must be a string, got {type(source).__name__}")
    if limits.max_expression_length and len(source) > limits.max_expression_length:
        raise ExpressionTooComplex(
            f"expression is longer than {limits.max_expression_length} characters",
            source,
            limits.max_expression_length,
            limit="max_expression_length",
            maximum=limits.max_expression_length,
        )
    parser = _Parser(source, limits)
    try:
        return parser.parse()
    except RecursionError:
        # Only reachable when the caller is already deep in the stack; still a clean error.
        # The stack may have run out inside advance(), between moving the index and reading
        # the next token, so name the last token read rather than trusting the index.
        tokens = parser.tokens
        raise ExpressionTooComplex(
            "expression nests too deeply",
            source,
            tokens[min(parser.index, len(tokens) - 1)].position,
            limit="max_depth",
            maximum=limits.max_depth,
        ) from None
