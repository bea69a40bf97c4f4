"""``variable``: set or get a workflow variable.

Variables form one flat namespace per run (``scope`` is accepted and ignored), readable by
expressions as ``variables.<name>``. ``set`` stores the first input; the run state checks the
value against the engine's value limits (``variable validation failed: ...``) and the number
of names against ``max_variables``. ``get`` fails for a name no earlier node set: stateful
nodes run in canonical order, so "earlier" is well defined (parentless nodes run in id
order, before every node with an incoming edge).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config

_MISSING: Any = object()


@node_config
class VariableConfig:
    #: The variable's name.
    var_name: str
    #: ``set`` or ``get``.
    var_op: str
    #: Accepted and ignored: every variable is run-global.
    scope: str | None = None


class Variable(NodeType[VariableConfig]):
    """Store the input in a workflow variable (``set``) or read one (``get``)."""

    type_name = "variable"
    category = "state"
    Config = VariableConfig
    stateful = True

    def check_config(self, config: VariableConfig) -> Iterable[ConfigError]:
        if config.var_op not in ("get", "set"):
            yield ConfigError(
                f"unsupported variable operation: {config.var_op} (use 'get' or 'set')",
                field="var_op",
            )

    def run(self, config: VariableConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        name = config.var_name
        if config.var_op == "set":
            if not inputs:
                raise NodeError("variable set operation requires input value")
            value = inputs[0]
            ctx.state.set_variable(name, value)
        else:
            value = ctx.state.variables.get(name, _MISSING)
            if value is _MISSING:
                raise NodeError(f"variable '{name}' not found")
        return {"var_name": name, "operation": config.var_op, "value": value}


@hookimpl
def register_node_types(register: Any) -> None:
    register(Variable)
