"""Throwaway node types for engine tests (registered through a class-based plugin)."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from thaiyyal import LimitExceeded, NodeContext, NodeError, NodeType, node_config


@node_config
class ConstConfig:
    value: Any = None


class Const(NodeType[ConstConfig]):
    """Returns its configured value."""

    type_name = "const"
    category = "input"
    Config = ConstConfig

    def run(self, config: ConstConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return config.value


@node_config
class SumConfig:
    add: float = 0.0
    yields: int = 0


class Sum(NodeType[SumConfig]):
    """Sum of numeric inputs plus ``add``."""

    type_name = "sum"
    category = "operation"
    Config = SumConfig

    def run(self, config: SumConfig, inputs: list[Any], ctx: NodeContext) -> float:
        return float(sum(i for i in inputs if isinstance(i, (int, float)))) + config.add


class AsyncSum(NodeType[SumConfig]):
    """Like ``sum``, but yields to the event loop ``yields`` times first."""

    type_name = "async_sum"
    category = "operation"
    Config = SumConfig

    async def run(self, config: SumConfig, inputs: list[Any], ctx: NodeContext) -> float:
        for _ in range(config.yields):
            await asyncio.sleep(0)
        return float(sum(i for i in inputs if isinstance(i, (int, float)))) + config.add


class Echo(NodeType[ConstConfig]):
    """Returns the list of its inputs."""

    type_name = "echo"
    Config = ConstConfig

    def run(self, config: ConstConfig, inputs: list[Any], ctx: NodeContext) -> list[Any]:
        return list(inputs)


@node_config
class FailConfig:
    message: str = "boom"


class Fail(NodeType[FailConfig]):
    """Always fails."""

    type_name = "fail"
    Config = FailConfig

    def run(self, config: FailConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        raise NodeError(config.message)


class Crash(NodeType[FailConfig]):
    """Fails with an unexpected Python exception (a plugin bug)."""

    type_name = "crash"
    Config = FailConfig

    def run(self, config: FailConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return {}["missing"]


@node_config
class RouteConfig:
    path: str = "a"


class Route(NodeType[RouteConfig]):
    """Routes by ``path``."""

    type_name = "route"
    category = "control"
    routes = True
    Config = RouteConfig

    def run(self, config: RouteConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return {"path": config.path, "value": inputs[0] if inputs else None}


@node_config
class AppendConfig:
    yields: int = 0


class Append(NodeType[AppendConfig]):
    """Stateful: appends its id to the ``log`` variable; returns the log so far."""

    type_name = "append"
    category = "state"
    stateful = True
    Config = AppendConfig

    async def run(self, config: AppendConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        for _ in range(config.yields):
            await asyncio.sleep(0)
        log = list(ctx.state.variables.get("log", []))
        log.append(ctx.node_id)
        ctx.state.set_variable("log", log)
        return list(log)


@node_config
class SleepConfig:
    seconds: float = 1.0


class Sleep(NodeType[SleepConfig]):
    """Waits on the run's clock (bounded by the run deadline)."""

    type_name = "sleep"
    Config = SleepConfig

    async def run(self, config: SleepConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        await ctx.sleep(config.seconds)
        return config.seconds


class Hang(NodeType[SleepConfig]):
    """Waits on the real clock, ignoring the run's clock (for cancellation tests)."""

    type_name = "hang"
    Config = SleepConfig

    async def run(self, config: SleepConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        await asyncio.sleep(config.seconds)
        return config.seconds


class Peek(NodeType[ConstConfig]):
    """Returns the ids of the nodes that had finished when it ran."""

    type_name = "peek"
    Config = ConstConfig

    def run(self, config: ConstConfig, inputs: list[Any], ctx: NodeContext) -> list[str]:
        return sorted(ctx.results)


ALL = (Const, Sum, AsyncSum, Echo, Fail, Crash, Route, Append, Sleep, Hang, Peek)


def count_call(calls: dict[tuple[str, str], int], ctx: NodeContext) -> int:
    """Count one more call of ``ctx``'s node in its run; returns the call's number (from 1)."""
    key = (ctx.execution_id, ctx.node_id)
    count = calls[key] = calls.get(key, 0) + 1
    return count


@node_config
class FlakyConfig:
    #: fail this many times (per run), then return ``value``
    fail_times: int = 1
    value: Any = "ok"
    message: str = "temporary failure"
    #: return an error-shaped value instead of raising
    soft: bool = False


class Flaky(NodeType[FlakyConfig]):
    """Fails ``fail_times`` times in a run, then succeeds; ``calls`` counts per run."""

    type_name = "flaky"
    Config = FlakyConfig
    calls: ClassVar[dict[tuple[str, str], int]] = {}

    def run(self, config: FlakyConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        count = count_call(Flaky.calls, ctx)
        if count <= config.fail_times:
            if config.soft:
                return {"error": config.message}
            raise NodeError(f"{config.message} #{count}")
        return config.value


ALL = (*ALL, Flaky)


class Wrap(NodeType[ConstConfig]):
    """An array node: returns ``{"items": value, "count": ...}``."""

    type_name = "wrap"
    array_key = "items"
    Config = ConstConfig

    def run(self, config: ConstConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return {"items": config.value, "count": 0}


class Unwrap(NodeType[ConstConfig]):
    """Returns its first input as array consumers see it."""

    type_name = "unwrap"
    Config = ConstConfig

    def run(self, config: ConstConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return ctx.array_input(inputs)


ALL = (*ALL, Wrap, Unwrap)


def scheduled(node_type: type[NodeType[Any]], *, yields: bool = False) -> type[NodeType[Any]]:
    """An async twin of ``node_type``, named ``async_<name>``: a plan holding it runs on
    the scheduled path instead of inline. With ``yields`` it gives the event loop one turn
    before doing its work (so it fails, say, after the first wait rather than before)."""

    class Twin(node_type):  # type: ignore[valid-type,misc]
        type_name = f"async_{node_type.type_name}"

        async def run(self, config: Any, inputs: list[Any], ctx: NodeContext) -> Any:
            if yields:
                await asyncio.sleep(0)
            return node_type.run(self, config, inputs, ctx)

    Twin.__name__ = Twin.__qualname__ = f"Async{node_type.__name__}"
    Twin.__doc__ = f"Like ``{node_type.type_name}``, but async: it runs on the scheduled path."
    return Twin


AsyncConst = scheduled(Const)


class Recurse(NodeType[ConstConfig]):
    """Runs the workflow it belongs to again, as a sub-workflow: recursion found at run time."""

    type_name = "recurse"
    Config = ConstConfig

    refused: ClassVar[list[LimitExceeded]] = []

    async def run(self, config: ConstConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        try:
            child = await ctx.run_workflow(ctx.run.plan)
        except LimitExceeded as exc:
            self.refused.append(exc)
            raise
        if not child.success:
            raise NodeError(str(child.error))
        return child.final_output


ALL = (*ALL, AsyncConst, Recurse)
