"""``{{ variable.NAME }}`` / ``{{ const.NAME }}`` placeholders in node data.

A placeholder is ``{{``, optional white space, ``variable.`` or ``const.``, a name of ASCII
letters, digits and underscores, optional white space, ``}}``. ``variable.`` reads context
*variables* only and ``const.`` context *constants* only (the values ``context_variable`` and
``context_constant`` nodes set). A found value is written with Go's ``%v`` rendering (``3``
for 3.0, ``true``, ``<nil>``, ``map[a:1]``, ``[1 2]``); an unknown name leaves the
placeholder as it is. Strings inside lists and objects are interpolated too (object keys are
not).

Substitution is a single pass: a substituted value that itself looks like a placeholder is
not expanded again, so values from the context can never inject further lookups.

Built-in nodes use their data literally unless their spec says otherwise; node plugins that
want placeholders call ``ctx.interpolate(value)``, and declare themselves stateful (see
:func:`has_placeholders`) so they run after the context nodes they read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .values import go_format

__all__ = ["PLACEHOLDER", "has_placeholders", "interpolate", "interpolate_text"]

#: The placeholder pattern (Go's ``\s`` and ``\w`` are ASCII-only, hence the explicit classes).
PLACEHOLDER = re.compile(r"\{\{[\t\n\f\r ]*(variable|const)\.([A-Za-z0-9_]+)[\t\n\f\r ]*\}\}")


def interpolate_text(text: str, variables: Mapping[str, Any], constants: Mapping[str, Any]) -> str:
    """``text`` with every known placeholder replaced."""
    if "{{" not in text or not (variables or constants):
        return text

    def replace(match: re.Match[str]) -> str:
        source = variables if match.group(1) == "variable" else constants
        name = match.group(2)
        if name not in source:
            return match.group(0)
        return go_format(source[name])

    return PLACEHOLDER.sub(replace, text)


def interpolate(value: Any, variables: Mapping[str, Any], constants: Mapping[str, Any]) -> Any:
    """``value`` with placeholders replaced in every string it holds.

    Returns ``value`` itself when nothing changed (so unchanged data is not copied), else a
    new value; the input is never modified.
    """
    if not (variables or constants):
        return value
    return _walk(value, variables, constants)


def _walk(value: Any, variables: Mapping[str, Any], constants: Mapping[str, Any]) -> Any:
    if isinstance(value, str):
        return interpolate_text(value, variables, constants)
    if isinstance(value, Mapping):
        changed = False
        out: dict[Any, Any] = {}
        for key, item in value.items():
            new = _walk(item, variables, constants)
            changed = changed or new is not item
            out[key] = new
        return out if changed else value
    if isinstance(value, (list, tuple)):
        items = [_walk(item, variables, constants) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items
    return value


def has_placeholders(value: Any) -> bool:
    """Whether ``value`` (a string, or strings inside lists/objects) holds a placeholder.

    Node types use it in ``is_stateful(config)``: a node whose config reads the context
    must run after the context nodes, in canonical order.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "{{" in item and PLACEHOLDER.search(item):
                return True
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False
