"""``try_catch``: turns the failure of the node feeding it into a value, and routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from thaiyyal import NodeContext, NodeError, NodeFailed, NodeType, Outcome, hookimpl, node_config
from thaiyyal.resilience import NOT_AN_ERROR, error_value
from thaiyyal.values import go_format


@node_config
class TryCatchConfig:
    #: the value reported when the wrapped node failed
    fallback_value: Any = None
    #: false: a caught failure still fails the run (``error caught: <message>``)
    continue_on_error: bool = True
    #: the route taken on failure (default ``error``)
    error_output_path: str = ""


class TryCatch(NodeType[TryCatchConfig]):
    """Catches the failure of the node feeding it (or an error-shaped result) and routes:
    edges with handle ``success`` fire when nothing was caught, ``error`` (or the
    configured ``error_output_path``) when something was."""

    type_name = "try_catch"
    category = "resilience"
    Config = TryCatchConfig
    guards_upstream = True
    routes = True

    async def guard(
        self, config: TryCatchConfig, attempt: Callable[[], Awaitable[Any]], ctx: NodeContext
    ) -> Outcome:
        started = ctx.clock.monotonic()
        try:
            value = await attempt()
        except NodeFailed as exc:
            return Outcome(None, exc, 1, ctx.clock.monotonic() - started)
        found = error_value(value)
        elapsed = ctx.clock.monotonic() - started
        if found is NOT_AN_ERROR:
            return Outcome(value, None, 1, elapsed)
        message = found if isinstance(found, str) else go_format(found)
        return Outcome(None, NodeError(message), 1, elapsed)

    def run(self, config: TryCatchConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        outcome = ctx.outcome
        if outcome is None:  # pragma: no cover - the engine always sets it
            raise NodeError("try-catch node requires at least one input")
        if outcome.ok:
            return {"value": outcome.value, "error_caught": False, "output_path": "success"}
        if not config.continue_on_error:
            raise NodeError(f"error caught: {outcome.message}")
        result = {
            "value": config.fallback_value,
            "error_caught": True,
            "error_message": outcome.message,
            "output_path": config.error_output_path or "error",
        }
        if config.error_output_path:
            result["error_output_path"] = config.error_output_path
        return result


@hookimpl
def register_node_types(register: Any) -> None:
    register(TryCatch)
