"""The :class:`Expression` object: parsed once at load time, evaluated many times."""

from __future__ import annotations

from thaiyyal.expression.compiler import Evaluator, compile_tree, returns_boolean
from thaiyyal.expression.errors import ExpressionEvaluationError
from thaiyyal.expression.limits import DEFAULT_LIMITS, ExpressionLimits
from thaiyyal.expression.parser import parse_tree
from thaiyyal.expression.references import References, find_references
from thaiyyal.expression.scope import Scope
from thaiyyal.expression.tree import Node, render
from thaiyyal.values import Value

__all__ = ["Expression", "parse"]


def _safety_net(error: BaseException) -> ExpressionEvaluationError:
    # Parse limits keep trees shallow and every helper avoids recursion on values, so these
    # are not expected; if one happens anyway it must still surface as the language's error.
    if isinstance(error, RecursionError):
        return ExpressionEvaluationError("expression evaluation nested too deeply")
    return ExpressionEvaluationError(f"arithmetic overflow: {error}")


class Expression:
    """A parsed and compiled expression.

    Create it with :func:`parse`. ``source`` is the original text, ``tree`` the parse tree
    (equal trees mean equal expressions), ``limits`` the bounds it was compiled with.
    """

    __slots__ = ("_evaluate", "_references", "_test", "limits", "source", "tree")

    def __init__(self, source: str, tree: Node, limits: ExpressionLimits = DEFAULT_LIMITS) -> None:
        self.source = source
        self.tree = tree
        self.limits = limits
        self._evaluate: Evaluator = compile_tree(tree, limits)
        evaluate = self._evaluate
        self._test: Evaluator = (
            evaluate if returns_boolean(tree) else (lambda scope: evaluate(scope) is True)
        )
        self._references: References | None = None

    def evaluate(self, scope: Scope | None = None) -> Value:
        """The value of the expression in ``scope`` (an empty scope when omitted).

        Raises :class:`~thaiyyal.expression.ExpressionEvaluationError` with the specific
        cause (``division by zero``, ``avg() on empty array``...).
        """
        try:
            return self._evaluate(scope if scope is not None else Scope())
        except (RecursionError, OverflowError) as error:
            raise _safety_net(error) from None

    def test(self, scope: Scope | None = None) -> bool:
        """Evaluate as a condition: true iff the value is the boolean ``True``.

        Evaluation errors propagate; they are never read as false.
        """
        try:
            return self._test(scope if scope is not None else Scope())  # type: ignore[no-any-return]
        except (RecursionError, OverflowError) as error:
            raise _safety_net(error) from None

    @property
    def evaluator(self) -> Evaluator:
        """The compiled ``scope -> value`` function, for the tightest loops.

        Same results and errors as :meth:`evaluate`, minus the empty-scope default.
        """
        return self._evaluate

    @property
    def tester(self) -> Evaluator:
        """The compiled ``scope -> bool`` condition function (see :meth:`test`)."""
        return self._test

    @property
    def references(self) -> References:
        """What the expression reads: node ids, variables, context keys, bare names."""
        if self._references is None:
            self._references = find_references(self.tree)
        return self._references

    def render(self) -> str:
        """Canonical text: normalised spacing and only the parentheses that matter.

        ``parse(expression.render()).tree == expression.tree`` always holds.
        """
        return render(self.tree)

    def __reduce__(self) -> tuple[object, tuple[str, ExpressionLimits]]:
        # Closures cannot be pickled; the source and limits rebuild the same expression
        # (plans holding expressions can then be copied or sent to worker processes).
        return (_rebuild, (self.source, self.limits))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Expression):
            return NotImplemented
        return self.tree == other.tree

    def __hash__(self) -> int:
        return hash(self.tree)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"

    def __str__(self) -> str:
        return self.source


def _rebuild(source: str, limits: ExpressionLimits) -> Expression:
    return parse(source, limits=limits)


def parse(source: str, *, limits: ExpressionLimits = DEFAULT_LIMITS) -> Expression:
    """Parse and compile ``source``.

    Raises :class:`~thaiyyal.expression.ExpressionSyntaxError` (with ``position`` and
    ``column``) for text that is not an expression, an unknown function or method, a
    wrong argument count, a chained comparison, or text beyond ``limits``.
    """
    return Expression(source, parse_tree(source, limits), limits)
