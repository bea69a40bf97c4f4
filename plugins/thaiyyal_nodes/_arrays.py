"""What the array-processing node types share: input resolution, the SOFT error value, limits.

Not a plugin (it registers nothing and has no entry point); the array node modules import it
so that every one of them resolves its input, reports a non-array and enforces
``max_array_length`` the same way.
"""

from __future__ import annotations

import math
from typing import Any

from thaiyyal import LimitExceeded, NodeContext, NodeError
from thaiyyal.values import go_type_name, is_number

__all__ = [
    "check_length",
    "config_int",
    "config_number",
    "not_an_array",
    "require_input",
    "resolve_array",
]


def require_input(inputs: list[Any], type_name: str) -> None:
    """Fail the way the reference does when nothing feeds an array node."""
    if not inputs:
        raise NodeError(f"{type_name} node needs at least 1 input")


def not_an_array(value: Any) -> dict[str, Any]:
    """The SOFT result for a non-array input: a success value carrying an ``error`` key.

    Downstream ``try_catch``/``retry`` read it as an error, while the run goes on.
    """
    return {"error": "input is not an array", "input": value, "original_type": go_type_name(value)}


def resolve_array(inputs: list[Any], ctx: NodeContext, type_name: str) -> list[Any] | None:
    """The node's array: ``inputs[0]``, unwrapped when another array node produced it.

    Fails without inputs; returns None when the (unwrapped) input is not an array, in which
    case the node returns :func:`not_an_array` of ``inputs[0]``.
    """
    require_input(inputs, type_name)
    value = ctx.array_input(inputs)
    return value if isinstance(value, list) else None


def config_number(value: Any) -> int | None:
    """An untyped numeric config value as the reference reads it: truncated toward zero.

    None when it is not a number (strings, booleans, objects are ignored by the reference);
    a non-finite float, which only a Python caller can pass, has no integer and counts as
    not a number too.
    """
    if not is_number(value) or not math.isfinite(value):
        return None
    return int(value)


def config_int(value: Any, default: int) -> int:
    """:func:`config_number`, or ``default`` when the value is not a number."""
    number = config_number(value)
    return default if number is None else number


def check_length(ctx: NodeContext, length: int, what: str) -> None:
    """Refuse to build an array longer than ``max_array_length`` (0 = unlimited).

    Called before the array is built, so an oversized result never takes the memory; the
    engine still checks every result it stores.
    """
    limit = ctx.config.max_array_length
    if limit and length > limit:
        raise LimitExceeded(
            f"{what} would be too large: {length} elements (limit: {limit})",
            limit="max_array_length",
            value=length,
            maximum=limit,
        )
