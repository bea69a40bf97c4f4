"""``context_constant``: set context constants (``context.<name>``, ``{{ const.<name> }}``).

Same config forms and conversions as ``context_variable`` (see that module). Expressions
read constants overlaid by variables of the same name; a later constant node may overwrite
a constant (as it always could).
"""

from __future__ import annotations

from typing import Any

from thaiyyal import RunState, hookimpl
from thaiyyal_nodes.context_variable import ContextNode


class ContextConstant(ContextNode):
    """Set context constants (typed ``context_values`` or legacy ``context_name``/``value``)."""

    type_name = "context_constant"
    kind = "const"
    result_key = "constants"

    def store(self, state: RunState, name: str, value: Any) -> None:
        state.set_context_constant(name, value)


@hookimpl
def register_node_types(register: Any) -> None:
    register(ContextConstant)
