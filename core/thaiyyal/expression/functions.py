"""The built-in functions whose arguments are evaluated first (spec/expressions.md section 8).

``map`` and ``coalesce`` evaluate their arguments lazily and live in the compiler; every
other function is a plain callable here, taking the evaluated arguments and the limits.
:func:`call_function` calls one by name, for tests and for code that already holds values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from types import MappingProxyType

from thaiyyal.expression.catalog import FUNCTIONS, arity_problem
from thaiyyal.expression.dates import (
    epoch_milliseconds,
    epoch_seconds,
    from_epoch,
    parse_datetime,
)
from thaiyyal.expression.errors import ExpressionEvaluationError, ExpressionLimitError
from thaiyyal.expression.limits import DEFAULT_LIMITS, ExpressionLimits
from thaiyyal.values import (
    Value,
    go_format,
    go_type_name,
    to_number,
)

__all__ = [
    "EAGER_FUNCTIONS",
    "FunctionImpl",
    "call_function",
    "check_array_length",
    "go_round",
    "sort_values",
]

#: An eagerly evaluated built-in: evaluated arguments and limits in, value out.
FunctionImpl = Callable[[Sequence[Value], ExpressionLimits], Value]

# The reference's exchange sort is quadratic (2 000 elements take about half a second); past
# this many elements of a mixed array sort() refuses instead of stalling the run.
MAX_EXCHANGE_SORT = 2_000


def _fail(message: str) -> ExpressionEvaluationError:
    return ExpressionEvaluationError(message)


def _is_array(value: Value) -> bool:
    return isinstance(value, (list, tuple))


def check_array_length(function: str, length: int, limits: ExpressionLimits) -> None:
    """Refuse to build an array longer than ``limits.max_array_length``."""
    if limits.max_array_length and length > limits.max_array_length:
        raise ExpressionLimitError(
            f"{function} would build an array of {length} elements "
            f"(limit {limits.max_array_length})",
            limit="max_array_length",
            value=length,
            maximum=limits.max_array_length,
        )


# ------------------------------------------------------------------------------ numbers


def go_round(number: float) -> float:
    """Round half away from zero (Go ``math.Round``; Python's ``round`` rounds half to even)."""
    if not math.isfinite(number):
        return number
    whole = float(math.trunc(number))
    if abs(number - whole) >= 0.5:
        whole += math.copysign(1.0, number)
    return math.copysign(whole, number)


def _floor(number: float) -> float:
    if not math.isfinite(number):
        return number
    return math.copysign(float(math.floor(number)), number)


def _ceil(number: float) -> float:
    if not math.isfinite(number):
        return number
    return math.copysign(float(math.ceil(number)), number)


def _numbers_of_array(name: str, array: Sequence[Value]) -> list[float]:
    numbers: list[float] = []
    for element in array:
        number = to_number(element)
        if number is None:
            raise _fail(f"{name}() encountered non-numeric element: {go_type_name(element)}")
        numbers.append(number)
    return numbers


def _numbers_of_args(name: str, args: Sequence[Value]) -> list[float]:
    numbers: list[float] = []
    for arg in args:
        number = to_number(arg)
        if number is None:
            raise _fail(f"{name}() requires numeric values, got {go_type_name(arg)}")
        numbers.append(number)
    return numbers


def _total(numbers: Sequence[float]) -> float:
    total = 0.0
    for number in numbers:  # left to right, like the reference (not math.fsum)
        total += number
    return total


def _sum(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    if len(args) == 1 and _is_array(args[0]):
        return _total(_numbers_of_array("sum", args[0]))
    return _total(_numbers_of_args("sum", args))


def _avg(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    if len(args) == 1 and _is_array(args[0]):
        if not args[0]:
            raise _fail("avg() on empty array")
        numbers = _numbers_of_array("avg", args[0])
    else:
        numbers = _numbers_of_args("avg", args)
    return _total(numbers) / len(numbers)


def _extreme(name: str, pick: Callable[[Sequence[float]], float]) -> FunctionImpl:
    def extreme(args: Sequence[Value], limits: ExpressionLimits) -> Value:
        if len(args) == 1:
            if not _is_array(args[0]):
                raise _fail(
                    f"{name}() requires at least 2 arguments or an array, got 1 non-array value"
                )
            if not args[0]:
                raise _fail(f"{name}() on empty array")
            return pick(_numbers_of_array(name, args[0]))
        return pick(_numbers_of_args(name, args))

    return extreme


def _element_wise(name: str, operation: Callable[[float], float]) -> FunctionImpl:
    def apply(args: Sequence[Value], limits: ExpressionLimits) -> Value:
        value = args[0]
        if _is_array(value):
            return [operation(number) for number in _numbers_of_array(name, value)]
        number = to_number(value)
        if number is None:
            raise _fail(f"{name}() requires numeric value, got {go_type_name(value)}")
        return operation(number)

    return apply


def _go_pow(base: float, exponent: float) -> float:
    """``base ** exponent`` with Go's answers where Python raises (NaN, infinities)."""
    try:
        return math.pow(base, exponent)
    except OverflowError:
        odd = exponent.is_integer() and int(exponent) % 2 == 1
        return -math.inf if base < 0 and odd else math.inf
    except ValueError:
        if base == 0 and exponent < 0:
            odd = exponent.is_integer() and int(exponent) % 2 == 1
            return math.copysign(math.inf, base) if odd else math.inf
        return math.nan


def _pow(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    base, exponent = _numbers_of_args("pow", args)
    return _go_pow(base, exponent)


def _sqrt(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    (number,) = _numbers_of_args("sqrt", args)
    if number < 0:
        raise _fail("sqrt() of negative number")
    return math.sqrt(number)


# ------------------------------------------------------------------------------- arrays


def _require_array(name: str, value: Value) -> Sequence[Value]:
    if not _is_array(value):
        raise _fail(f"{name}() requires an array, got {go_type_name(value)}")
    return value  # type: ignore[no-any-return]


def _exchange_sort(items: list[Value]) -> list[Value]:
    """The reference's exact procedure: for i < j, swap when compare(a[i], a[j]) > 0."""
    count = len(items)
    numbers = [to_number(item) for item in items]
    texts: list[str | None] = [None] * count

    def text(position: int) -> str:
        cached = texts[position]
        if cached is None:
            cached = texts[position] = go_format(items[position])
        return cached

    def greater(i: int, j: int) -> bool:
        a, b = numbers[i], numbers[j]
        if a is not None and b is not None:
            return a > b
        x, y = items[i], items[j]
        if isinstance(x, str) and isinstance(y, str):
            return x > y
        return text(i) > text(j)

    for i in range(count):
        for j in range(i + 1, count):
            if greater(i, j):
                items[i], items[j] = items[j], items[i]
                numbers[i], numbers[j] = numbers[j], numbers[i]
                texts[i], texts[j] = texts[j], texts[i]
    return items


def _tie_free_key(items: Sequence[Value]) -> Callable[[Value], object] | None:
    """A sort key when the exchange procedure and a plain sort must give the same result.

    That holds when the compare rule is a total order on the array and elements that
    compare equal are indistinguishable (same kind and same text): then element order
    among ties cannot show. Otherwise None.
    """
    numbers = [to_number(item) for item in items]
    if all(number is not None for number in numbers):
        seen: dict[float, tuple[bool, str]] = {}
        for item, number in zip(items, numbers, strict=True):
            assert number is not None
            if number != number:
                return None
            identity = (isinstance(item, str), go_format(item))
            if seen.setdefault(number, identity) != identity:
                return None
        return to_number
    if all(isinstance(item, str) for item in items) and not any(
        number is not None for number in numbers
    ):
        return str
    return None


def sort_values(values: Sequence[Value]) -> list[Value]:
    """``sort()``: the reference's compare rule and exchange procedure, fast when possible."""
    items = list(values)
    if len(items) < 2:
        return items
    key = _tie_free_key(items)
    if key is not None:
        return sorted(items, key=key)  # type: ignore[arg-type]
    if len(items) > MAX_EXCHANGE_SORT:
        raise ExpressionLimitError(
            f"sort() of a mixed-type array is limited to {MAX_EXCHANGE_SORT} elements, "
            f"got {len(items)}",
            limit="max_mixed_sort_length",
            value=len(items),
            maximum=MAX_EXCHANGE_SORT,
        )
    return _exchange_sort(items)


def _sort(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return sort_values(_require_array("sort", args[0]))


def _reverse(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return list(reversed(_require_array("reverse", args[0])))


def _unique(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    seen: set[str] = set()
    result: list[Value] = []
    for element in _require_array("unique", args[0]):
        text = go_format(element)
        if text not in seen:
            seen.add(text)
            result.append(element)
    return result


def _flatten(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    result: list[Value] = []
    limit = limits.max_array_length
    stack = [iter(_require_array("flatten", args[0]))]
    while stack:
        for element in stack[-1]:
            if _is_array(element):
                stack.append(iter(element))
                break
            result.append(element)
            if limit and len(result) > limit:
                check_array_length("flatten()", len(result), limits)
        else:
            stack.pop()
    return result


def _truncated_index(number: float, length: int) -> int:
    """A slice bound: truncated toward zero, negative counts from the end, clamped."""
    if math.isnan(number):
        position = 0
    elif math.isinf(number):
        position = length if number > 0 else 0
    else:
        position = int(number)
        if position < 0:
            position += length
    return max(0, min(position, length))


def _slice(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    array = args[0]
    if not _is_array(array):
        raise _fail(f"slice() first argument must be an array, got {go_type_name(array)}")
    length = len(array)
    start = to_number(args[1])
    if start is None:
        raise _fail(f"slice() start must be numeric, got {go_type_name(args[1])}")
    end = float(length)
    if len(args) == 3:
        given_end = to_number(args[2])
        if given_end is None:
            raise _fail(f"slice() end must be numeric, got {go_type_name(args[2])}")
        end = given_end
    first = _truncated_index(start, length)
    last = _truncated_index(end, length)
    return list(array[first:last]) if first < last else []


def _sample(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    array = args[0]
    if not _is_array(array):
        raise _fail(f"sample() first argument must be an array, got {go_type_name(array)}")
    requested = to_number(args[1])
    if requested is None:
        raise _fail(f"sample() n must be numeric, got {go_type_name(args[1])}")
    length = len(array)
    if math.isnan(requested):
        count = 0
    elif math.isinf(requested):
        count = length if requested > 0 else -1
    else:
        count = int(requested)
    if count < 0:
        raise _fail(f"sample() n must be non-negative, got {count}")
    if count == 0:
        return []
    if count >= length:
        shuffled = list(array)
        for i in range(length - 1, 0, -1):
            j = (i + 1) // 2
            shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
        return shuffled
    step = length // count
    return [array[i * step] for i in range(count)]


def _zip(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    for position, arg in enumerate(args, start=1):
        if not _is_array(arg):
            raise _fail(f"zip() argument {position} must be an array, got {go_type_name(arg)}")
    longest = max(len(arg) for arg in args)
    check_array_length("zip()", longest, limits)
    return [[arg[i] if i < len(arg) else None for arg in args] for i in range(longest)]


# ------------------------------------------------------------------- conditions, dates


def _contains(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return go_format(args[1]) in go_format(args[0])


def _is_null(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return args[0] is None


def _coalesce(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    for arg in args:
        if arg is not None:
            return arg
    return None


def _now(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return datetime.now(timezone.utc)


def _parse_date(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return parse_datetime(args[0])


def _to_epoch(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return float(epoch_seconds(parse_datetime(args[0])))


def _to_epoch_millis(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    return float(epoch_milliseconds(parse_datetime(args[0])))


def _from_epoch_function(name: str, scale: int) -> FunctionImpl:
    def convert(args: Sequence[Value], limits: ExpressionLimits) -> Value:
        number = to_number(args[0])
        if number is None:
            raise _fail(f"{name}() requires a numeric value, got {go_type_name(args[0])}")
        return from_epoch(number, function=name, scale=scale)

    return convert


def _date_diff(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    later, earlier = parse_datetime(args[0]), parse_datetime(args[1])
    return (later - earlier) / timedelta(seconds=1)


def _date_add(args: Sequence[Value], limits: ExpressionLimits) -> Value:
    moment = parse_datetime(args[0])
    seconds = to_number(args[1])
    if seconds is None:
        raise _fail(f"dateAdd() requires a numeric number of seconds, got {go_type_name(args[1])}")
    try:
        return moment + timedelta(seconds=int(seconds))
    except (OverflowError, ValueError):
        raise _fail(f"dateAdd() result out of range: {go_format(seconds)}") from None


def _calendar_field(name: str, read: Callable[[datetime], int]) -> FunctionImpl:
    def field(args: Sequence[Value], limits: ExpressionLimits) -> Value:
        return float(read(parse_datetime(args[0])))

    field.__name__ = name
    return field


EAGER_FUNCTIONS: Mapping[str, FunctionImpl] = MappingProxyType(
    {
        "avg": _avg,
        "sum": _sum,
        "min": _extreme("min", min),
        "max": _extreme("max", max),
        "round": _element_wise("round", go_round),
        "floor": _element_wise("floor", _floor),
        "ceil": _element_wise("ceil", _ceil),
        "abs": _element_wise("abs", abs),
        "sort": _sort,
        "reverse": _reverse,
        "unique": _unique,
        "flatten": _flatten,
        "slice": _slice,
        "sample": _sample,
        "zip": _zip,
        "pow": _pow,
        "sqrt": _sqrt,
        "contains": _contains,
        "isNull": _is_null,
        "coalesce": _coalesce,
        "now": _now,
        "parseDate": _parse_date,
        "toEpoch": _to_epoch,
        "toEpochMillis": _to_epoch_millis,
        "fromEpoch": _from_epoch_function("fromEpoch", 1),
        "fromEpochMillis": _from_epoch_function("fromEpochMillis", 1000),
        "dateDiff": _date_diff,
        "dateAdd": _date_add,
        "year": _calendar_field("year", lambda moment: moment.year),
        "month": _calendar_field("month", lambda moment: moment.month),
        "day": _calendar_field("day", lambda moment: moment.day),
        "hour": _calendar_field("hour", lambda moment: moment.hour),
        "minute": _calendar_field("minute", lambda moment: moment.minute),
    }
)


def call_function(
    name: str, args: Sequence[Value], *, limits: ExpressionLimits = DEFAULT_LIMITS
) -> Value:
    """Call the built-in ``name`` with already-evaluated ``args``.

    ``map`` needs an expression, not a value, so it cannot be called this way.
    Raises :class:`ExpressionEvaluationError` for an unknown name, a wrong argument count
    or any failure of the function itself.
    """
    implementation = EAGER_FUNCTIONS.get(name)
    if implementation is None:
        raise _fail(f"unknown function '{name}'")
    problem = arity_problem(name, FUNCTIONS[name], len(args))
    if problem:
        raise _fail(problem)
    return implementation(list(args), limits)
