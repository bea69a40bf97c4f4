"""What the expression-evaluating node types share: load-time parsing with the engine's
limits, the answers to ``is_stateful`` / ``node_references``, and the evaluation scope.

Not a plugin (it registers nothing and has no entry point). ``condition``, ``switch``,
``expression``, ``filter``, ``map``, ``reduce``, ``find``, ``partition`` and ``while_loop``
import it so that every one of them parses once, at load time, reports a syntax error the
same way (node, config field, column) and applies the engine's value limits to what an
expression builds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, ClassVar, TypeVar

from thaiyyal import ConfigError, EngineConfig, LoadContext, NodeContext, NodeType
from thaiyyal.expression import (
    DEFAULT_LIMITS,
    Expression,
    ExpressionError,
    ExpressionLimits,
    ExpressionSyntaxError,
    Scope,
    parse,
)

__all__ = [
    "EVALUATION_ERRORS",
    "compile_expression",
    "expression_limits",
    "node_references_of",
    "node_scope",
    "reads_state",
]


#: What evaluating through ``Expression.evaluator`` / ``Expression.tester`` (the bare
#: compiled functions, for per-element loops) can raise: the language's errors plus the
#: two interpreter errors that ``Expression.evaluate`` / ``test`` would have turned into one.
EVALUATION_ERRORS = (ExpressionError, RecursionError, OverflowError)


def expression_limits(config: EngineConfig) -> ExpressionLimits:
    """The expression limits of an engine: strings and arrays an expression builds are held
    to the engine's ``max_string_length`` / ``max_array_length`` (0 = unlimited)."""
    return ExpressionLimits(
        max_string_length=config.max_string_length,
        max_array_length=config.max_array_length,
    )


# Loading the same workflow again (a server runs the same payloads over and over) and the
# several load-time questions asked about one expression (prepare, is_stateful,
# node_references) all reuse one parse. Expressions are immutable and evaluate against a
# scope passed in, so sharing them between plans, engines and threads is safe. Syntax
# errors are exceptions and are therefore never cached.
@lru_cache(maxsize=4096)
def _compiled(source: str, limits: ExpressionLimits) -> Expression:
    return parse(source, limits=limits)


def compile_expression(source: str, field: str, limits: ExpressionLimits) -> Expression:
    """``source`` parsed for a node's config ``field``.

    A syntax error becomes a :class:`~thaiyyal.ConfigError` naming the field; its message
    ends with the position (``unknown function 'foo' at column 1``), so the load error
    reads ``invalid config for node f (type filter): field condition: ... at column 7``.
    """
    try:
        return _compiled(source, limits)
    except ExpressionSyntaxError as exc:
        raise ConfigError(str(exc), field=field) from None


def _parsed(source: str) -> Expression | None:
    """``source`` parsed for the questions that only need its tree (references); None
    when it does not parse (``prepare`` reports that)."""
    try:
        return _compiled(source, DEFAULT_LIMITS)
    except ExpressionSyntaxError:
        return None


def reads_state(sources: Iterable[str]) -> bool:
    """Whether any of these expressions may read workflow variables or context values."""
    for source in sources:
        if not source:
            continue
        expression = _parsed(source)
        if expression is not None and expression.references.reads_state:
            return True
    return False


def node_references_of(fields: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """``(field, node id)`` for every ``node.<id>`` read by the ``(field, source)``
    expressions; the engine checks each id exists and runs earlier, and waits for it."""
    for field, source in fields:
        if not source:
            continue
        expression = _parsed(source)
        if expression is None:
            continue
        for node_id in expression.references.nodes:
            yield field, node_id


def node_scope(ctx: NodeContext, value: Any) -> Scope:
    """The scope of one evaluation on ``value``: workflow variables, context values and the
    results of the nodes that ran so far; ``item`` and ``input`` stand for ``value``."""
    state = ctx.state
    return Scope(value, variables=state.variables, context=state.context, nodes=ctx.results)


C = TypeVar("C")


class OneExpressionNode(NodeType[C]):
    """Base of the node types whose behaviour hangs on one expression in their config
    (``condition``, ``filter``, ``find``, ``partition``, ``reduce``, ``expression``): the
    expression is parsed once at load time (``ctx.prepared``), and declares what state and
    which earlier results the node reads."""

    #: the config field holding the expression
    expression_field: ClassVar[str]
    #: the load-time message for an empty expression; None: empty is allowed (and
    #: ``ctx.prepared`` is then None)
    empty_message: ClassVar[str | None] = None

    def _source(self, config: C) -> str:
        source: str = getattr(config, self.expression_field)
        return source

    def check_config(self, config: C) -> Iterable[ConfigError]:
        if self.empty_message is not None and not self._source(config):
            yield ConfigError(self.empty_message, field=self.expression_field)

    def prepare(self, config: C, load: LoadContext) -> Expression | None:
        source = self._source(config)
        if not source:
            return None
        return compile_expression(source, self.expression_field, expression_limits(load.config))

    def is_stateful(self, config: C) -> bool:
        return reads_state((self._source(config),))

    def node_references(self, config: C) -> Iterable[tuple[str, str]]:
        return node_references_of(((self.expression_field, self._source(config)),))
