"""Turns a parse tree into nested Python closures, once per expression.

Each node becomes a function ``scope -> value``; evaluation is then a chain of plain calls
with no tree walking, dispatch tables or allocation beyond the values it computes. The
common shapes of workflow conditions (``item.age >= 18``, ``item.active``,
``a && b``) get specialised closures with type fast paths; everything else goes through
the general helpers in :mod:`thaiyyal.values`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from operator import attrgetter

from thaiyyal.expression.errors import (
    ExpressionEvaluationError,
    ExpressionLimitError,
    excerpt,
)
from thaiyyal.expression.functions import EAGER_FUNCTIONS, check_array_length
from thaiyyal.expression.limits import ExpressionLimits
from thaiyyal.expression.methods import METHOD_IMPLEMENTATIONS
from thaiyyal.expression.scope import Scope
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
    Step,
    Sum,
    VariableRef,
    render,
)
from thaiyyal.values import (
    EXACT_INT,
    Value,
    compare_values,
    go_format,
    go_type_name,
    to_number,
    utf8_length,
    values_equal,
)

__all__ = ["Evaluator", "compile_tree", "get_field", "get_index", "returns_boolean"]

#: A compiled expression: evaluates against a scope.
Evaluator = Callable[[Scope], Value]
_StepFn = Callable[[Value, Scope], Value]

_MISSING = object()
# Bound on following nested "value" keys in the shorthand form (cyclic objects cannot come
# from JSON, but a plugin could build one).
_MAX_VALUE_UNWRAP = 10_000
_SCALARS = frozenset({float, int, str, bool, type(None)})


# ------------------------------------------------------------------------- value access


def get_field(value: Value, name: str) -> Value:
    """``value.name``: an object's field; ``length`` of a string (bytes) or array; else null."""
    if isinstance(value, Mapping):
        return value.get(name)
    if name == "length":
        if isinstance(value, str):
            return float(utf8_length(value))
        if isinstance(value, (list, tuple)):
            return float(len(value))
    return None


def get_index(value: Value, index: Value) -> Value:
    """``value[index]``: array element by integral number, object field by string; else null."""
    if isinstance(value, (list, tuple)):
        cls = index.__class__
        if cls is float:
            if not index.is_integer():
                return None
            position = int(index)
        elif cls is int:
            position = index
        else:
            return None
        if 0 <= position < len(value):
            return value[position]
        return None
    if isinstance(value, Mapping) and isinstance(index, str):
        return value.get(index)
    return None


def _conversion_error(value: Value, text: str | None) -> ExpressionEvaluationError:
    shown = excerpt(go_format(value)) if not isinstance(value, str) else excerpt(value)
    if text is None:
        return ExpressionEvaluationError(f"value '{shown}' cannot be converted to number")
    return ExpressionEvaluationError(f"value '{shown}' at '{text}' cannot be converted to number")


def _operand_text(node: Node) -> str | None:
    """How an arithmetic operand is named in conversion errors (None for literals)."""
    return None if isinstance(node, Literal) else excerpt(render(node))


def _number(value: Value, text: str | None) -> float:
    number = to_number(value)
    if number is None:
        raise _conversion_error(value, text)
    return number


def _divide(left: float, right: float) -> float:
    if right == 0:
        raise ExpressionEvaluationError("division by zero")
    return left / right


def _modulo(left: float, right: float) -> float:
    """Truncate both operands toward zero; the remainder takes the dividend's sign."""
    if right == 0:
        raise ExpressionEvaluationError("modulo by zero")
    if not (math.isfinite(left) and math.isfinite(right)):
        raise ExpressionEvaluationError("modulo requires finite numbers")
    dividend, divisor = int(left), int(right)
    if divisor == 0:
        raise ExpressionEvaluationError("modulo by zero")
    remainder = abs(dividend) % abs(divisor)
    return float(-remainder if dividend < 0 else remainder)


_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": lambda left, right: left + right,
    "-": lambda left, right: left - right,
    "*": lambda left, right: left * right,
    "/": _divide,
    "%": _modulo,
}


def _ordering(operator: str) -> Callable[[Value, Value], bool]:
    def less(left: Value, right: Value) -> bool:
        order = compare_values(left, right)
        return order is not None and order < 0

    def less_equal(left: Value, right: Value) -> bool:
        order = compare_values(left, right)
        return order is not None and order <= 0

    def greater(left: Value, right: Value) -> bool:
        order = compare_values(left, right)
        return order is not None and order > 0

    def greater_equal(left: Value, right: Value) -> bool:
        order = compare_values(left, right)
        return order is not None and order >= 0

    def equal(left: Value, right: Value) -> bool:
        return values_equal(left, right)

    def not_equal(left: Value, right: Value) -> bool:
        return not values_equal(left, right)

    return {
        "<": less,
        "<=": less_equal,
        ">": greater,
        ">=": greater_equal,
        "==": equal,
        "!=": not_equal,
    }[operator]


# Numeric comparison of two plain numbers, for the fast paths.
_NUMERIC: dict[str, Callable[[float, float], bool]] = {
    "<": lambda left, right: left < right,
    "<=": lambda left, right: left <= right,
    ">": lambda left, right: left > right,
    ">=": lambda left, right: left >= right,
    "==": lambda left, right: left == right,
    "!=": lambda left, right: left != right,
}


def _unwrapped_input(scope: Scope) -> Value:
    """The left side of ``>18``: the input, unwrapped through nested ``value`` keys."""
    value = scope.input
    for _ in range(_MAX_VALUE_UNWRAP):
        cls = value.__class__
        if cls is dict:
            if "value" not in value:
                return value
        elif cls in _SCALARS or not isinstance(value, Mapping) or "value" not in value:
            return value
        value = value["value"]
    return value


class _Compiler:
    def __init__(self, limits: ExpressionLimits) -> None:
        self.limits = limits

    def closure(self, node: Node) -> Evaluator:
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, Name):
            return self.name(node.name)
        if isinstance(node, VariableRef):
            return self.variable(node.name)
        if isinstance(node, NodeRef):
            return self.node_result(node.node_id)
        if isinstance(node, ContextRef):
            return self.context(node.keys)
        if isinstance(node, Postfix):
            return self.postfix(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Negate):
            return self.negate(node)
        if isinstance(node, Not):
            operand = self.closure(node.operand)
            return lambda scope: operand(scope) is not True
        if isinstance(node, (Sum, Product)):
            return self.arithmetic(node)
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, Shorthand):
            return self.shorthand(node)
        if isinstance(node, Logical):
            return self.logical(node)
        return self.conditional(node)

    # ------------------------------------------------------------------ leaves

    @staticmethod
    def literal(node: Literal) -> Evaluator:
        value = node.value
        return lambda scope: value

    @staticmethod
    def name(name: str) -> Evaluator:
        if name == "item":
            return attrgetter("_item")
        if name == "input":
            return attrgetter("_input_root")

        def bare_name(scope: Scope) -> Value:
            current = scope.input
            if current.__class__ is dict or isinstance(current, Mapping):
                value = current.get(name, _MISSING)
                if value is not _MISSING:
                    return value
            value = scope.names.get(name, _MISSING)
            if value is not _MISSING:
                return value
            return scope.variables.get(name)

        return bare_name

    @staticmethod
    def variable(name: str) -> Evaluator:
        if name == "item":
            return attrgetter("_item")
        if name == "input":
            return attrgetter("_input_root")

        def variable(scope: Scope) -> Value:
            value = scope.names.get(name, _MISSING)
            if value is not _MISSING:
                return value
            return scope.variables.get(name)

        return variable

    @staticmethod
    def node_result(node_id: str) -> Evaluator:
        return lambda scope: scope.nodes.get(node_id)

    @staticmethod
    def context(keys: tuple[str, ...]) -> Evaluator:
        # Longest dotted prefix that is a key wins; the rest is walked as a path.
        candidates = [(".".join(keys[:cut]), keys[cut:]) for cut in range(len(keys), 0, -1)]

        def context(scope: Scope) -> Value:
            values = scope.context
            for key, rest in candidates:
                value = values.get(key, _MISSING)
                if value is not _MISSING:
                    for field in rest:
                        value = get_field(value, field)
                    return value
            return None

        return context

    # ------------------------------------------------------------------ access

    def postfix(self, node: Postfix) -> Evaluator:
        steps = node.steps
        if all(isinstance(step, FieldStep) for step in steps):
            return self.field_chain(node.target, tuple(step.name for step in steps))  # type: ignore[union-attr]
        target = self.closure(node.target)
        step_functions = tuple(self.step(step) for step in steps)

        def postfix(scope: Scope) -> Value:
            value = target(scope)
            for step in step_functions:
                value = step(value, scope)
            return value

        return postfix

    def field_chain(self, target_node: Node, names: tuple[str, ...]) -> Evaluator:
        """``target.a.b...``, the commonest shape of all; fused into one closure."""
        root_attribute = None
        if isinstance(target_node, Name) and target_node.name in ("item", "input"):
            root_attribute = "_item" if target_node.name == "item" else "_input_root"
        if root_attribute is not None and len(names) == 1:
            (field,) = names
            if root_attribute == "_item":

                def item_field(scope: Scope) -> Value:
                    value = scope._item
                    if value.__class__ is dict:
                        return value.get(field)
                    return get_field(value, field)

                return item_field

            def input_field(scope: Scope) -> Value:
                value = scope._input_root
                if value.__class__ is dict:
                    return value.get(field)
                return get_field(value, field)

            return input_field
        target = self.closure(target_node)
        if len(names) == 1:
            (field,) = names

            def one_field(scope: Scope) -> Value:
                value = target(scope)
                if value.__class__ is dict:
                    return value.get(field)
                return get_field(value, field)

            return one_field

        def fields(scope: Scope) -> Value:
            value = target(scope)
            for field in names:
                value = value.get(field) if value.__class__ is dict else get_field(value, field)
            return value

        return fields

    def step(self, step: Step) -> _StepFn:
        if isinstance(step, FieldStep):
            field = step.name
            return lambda value, scope: get_field(value, field)
        if isinstance(step, IndexStep):
            index = self.closure(step.index)
            return lambda value, scope: get_index(value, index(scope))
        return self.method(step)

    def method(self, step: MethodStep) -> _StepFn:
        implementation = METHOD_IMPLEMENTATIONS[step.name]
        args = tuple(self.closure(arg) for arg in step.args)
        limits = self.limits

        def method(value: Value, scope: Scope) -> Value:
            if value is None:
                return None
            return implementation(value, [arg(scope) for arg in args], limits)

        return method

    # ------------------------------------------------------------------ calls

    def call(self, node: Call) -> Evaluator:
        if node.name == "map":
            return self.map_call(node)
        args = tuple(self.closure(arg) for arg in node.args)
        if node.name == "coalesce":

            def coalesce(scope: Scope) -> Value:
                for arg in args:
                    value = arg(scope)
                    if value is not None:
                        return value
                return None

            return coalesce
        implementation = EAGER_FUNCTIONS[node.name]
        limits = self.limits
        if len(args) == 1:
            (only,) = args
            return lambda scope: implementation((only(scope),), limits)
        return lambda scope: implementation([arg(scope) for arg in args], limits)

    def map_call(self, node: Call) -> Evaluator:
        array_of = self.closure(node.args[0])
        expression = self.closure(node.args[1])
        limits = self.limits

        def map_call(scope: Scope) -> Value:
            array = array_of(scope)
            if not isinstance(array, (list, tuple)):
                raise ExpressionEvaluationError(
                    f"map() first argument must be an array, got {go_type_name(array)}"
                )
            check_array_length("map()", len(array), limits)
            if not array:
                return []
            inner = scope.element_scope(array[0])
            results = []
            for element in array:
                inner.set_element_both(element)
                try:
                    results.append(expression(inner))
                except ExpressionLimitError:
                    raise
                except ExpressionEvaluationError as error:
                    raise ExpressionEvaluationError(
                        f"map() item expression failed: {error}"
                    ) from error
            return results

        return map_call

    # ------------------------------------------------------------------ operators

    def negate(self, node: Negate) -> Evaluator:
        operand = self.closure(node.operand)
        text = _operand_text(node.operand)
        if node.operator == "-":

            def minus(scope: Scope) -> Value:
                value = operand(scope)
                if value.__class__ is float:
                    return -value
                return -_number(value, text)

            return minus

        return lambda scope: _number(operand(scope), text)

    def arithmetic(self, node: Sum | Product) -> Evaluator:
        first = self.closure(node.first)
        first_text = _operand_text(node.first)
        rest = tuple(
            (_ARITHMETIC[operator], self.closure(operand), _operand_text(operand))
            for operator, operand in node.rest
        )
        if len(rest) == 1:
            ((operation, second, second_text),) = rest

            def binary(scope: Scope) -> Value:
                left = first(scope)
                if left.__class__ is not float:
                    left = _number(left, first_text)
                right = second(scope)
                if right.__class__ is not float:
                    right = _number(right, second_text)
                return operation(left, right)

            return binary

        def chain(scope: Scope) -> Value:
            total = first(scope)
            if total.__class__ is not float:
                total = _number(total, first_text)
            for operation, operand, text in rest:
                value = operand(scope)
                if value.__class__ is not float:
                    value = _number(value, text)
                total = operation(total, value)
            return total

        return chain

    def compare(self, node: Compare) -> Evaluator:
        return self.comparison(self.closure(node.left), node.operator, node.right)

    def comparison(self, left: Evaluator, operator: str, right_node: Node) -> Evaluator:
        """``left <op> right``, with fast paths for a literal number or string on the right."""
        compare = _ordering(operator)
        if isinstance(right_node, Literal):
            constant = right_node.value
            if constant.__class__ is float:
                return self.compare_with_number(left, operator, constant)
            if (
                isinstance(constant, str)
                and operator in ("==", "!=")
                and (to_number(constant) is None)
            ):
                if operator == "==":
                    return lambda scope: isinstance(value := left(scope), str) and value == constant
                return lambda scope: not (isinstance(v := left(scope), str) and v == constant)
        right = self.closure(right_node)
        return lambda scope: compare(left(scope), right(scope))

    @staticmethod
    def compare_with_number(left: Evaluator, operator: str, constant: float) -> Evaluator:
        """``x <op> 18``: plain numbers compare directly, anything else by the general rule."""
        general = _ordering(operator)
        numeric = _NUMERIC[operator]
        if operator == ">=":

            def at_least(scope: Scope) -> Value:
                value = left(scope)
                cls = value.__class__
                if cls is float or (cls is int and -EXACT_INT <= value <= EXACT_INT):
                    return value >= constant
                return general(value, constant)

            return at_least
        if operator == ">":

            def above(scope: Scope) -> Value:
                value = left(scope)
                cls = value.__class__
                if cls is float or (cls is int and -EXACT_INT <= value <= EXACT_INT):
                    return value > constant
                return general(value, constant)

            return above

        def compare_number(scope: Scope) -> Value:
            value = left(scope)
            cls = value.__class__
            if cls is float or (cls is int and -EXACT_INT <= value <= EXACT_INT):
                return numeric(value, constant)
            return general(value, constant)

        return compare_number

    def shorthand(self, node: Shorthand) -> Evaluator:
        return self.comparison(_unwrapped_input, node.operator, node.right)

    def logical(self, node: Logical) -> Evaluator:
        operands = tuple(self.closure(operand) for operand in node.operands)
        if node.operator == "&&":
            if len(operands) == 2:
                first, second = operands
                return lambda scope: first(scope) is True and second(scope) is True

            def all_true(scope: Scope) -> Value:
                return all(operand(scope) is True for operand in operands)

            return all_true
        if len(operands) == 2:
            first, second = operands
            return lambda scope: first(scope) is True or second(scope) is True

        def any_true(scope: Scope) -> Value:
            return any(operand(scope) is True for operand in operands)

        return any_true

    def conditional(self, node: Conditional) -> Evaluator:
        test = self.closure(node.test)
        then = self.closure(node.then)
        otherwise = self.closure(node.otherwise)
        return lambda scope: then(scope) if test(scope) is True else otherwise(scope)


def compile_tree(tree: Node, limits: ExpressionLimits) -> Evaluator:
    """Compile ``tree`` into an evaluator bound to ``limits``."""
    return _Compiler(limits).closure(tree)


def returns_boolean(tree: Node) -> bool:
    """True when ``tree`` always evaluates to a boolean (so a test needs no ``is True``)."""
    if isinstance(tree, (Not, Compare, Shorthand, Logical)):
        return True
    if isinstance(tree, Literal):
        return isinstance(tree.value, bool)
    if isinstance(tree, Call):
        return tree.name in ("contains", "isNull")
    return False
