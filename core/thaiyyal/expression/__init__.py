"""The thaiyyal expression language: parse once at load time, evaluate cheaply many times.

    >>> from thaiyyal.expression import Scope, parse
    >>> adult = parse("item.age >= 18 && item.active")
    >>> adult.test(Scope({"age": 30.0, "active": True}))
    True
    >>> parse("round(avg(map(input, item.age)))").evaluate(Scope([{"age": 31.0}, {"age": 40.0}]))
    36.0

A real parser (never Python ``eval``): precedence, short-circuit ``&&``/``||``, strings
that may contain operators, syntax errors at load time, a missing path evaluating to
``null``. The language is described in docs/expressions.md; the reference behaviour and
every deliberate difference from it in spec/expressions.md.

For array nodes evaluating one expression per element, build one :class:`Scope` and rebind
it with :meth:`Scope.set_element` for each element (see docs/expressions.md, "Evaluating
in a loop").
"""

from thaiyyal.expression.catalog import FUNCTIONS, METHODS
from thaiyyal.expression.compiled import Expression, parse
from thaiyyal.expression.compiler import Evaluator
from thaiyyal.expression.dates import parse_datetime
from thaiyyal.expression.errors import (
    ExpressionError,
    ExpressionEvaluationError,
    ExpressionLimitError,
    ExpressionSyntaxError,
    ExpressionTooComplex,
)
from thaiyyal.expression.functions import call_function
from thaiyyal.expression.limits import DEFAULT_LIMITS, ExpressionLimits
from thaiyyal.expression.references import References
from thaiyyal.expression.scope import Scope

#: Names of the built-in functions (``name(args)``).
FUNCTION_NAMES: frozenset[str] = frozenset(FUNCTIONS)
#: Names of the built-in methods (``value.name(args)``).
METHOD_NAMES: frozenset[str] = frozenset(METHODS)

__all__ = [
    "DEFAULT_LIMITS",
    "FUNCTION_NAMES",
    "METHOD_NAMES",
    "Evaluator",
    "Expression",
    "ExpressionError",
    "ExpressionEvaluationError",
    "ExpressionLimitError",
    "ExpressionLimits",
    "ExpressionSyntaxError",
    "ExpressionTooComplex",
    "References",
    "Scope",
    "call_function",
    "parse",
    "parse_datetime",
]
