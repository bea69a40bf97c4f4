"""The ``thaiyyal`` command line.

Exit status: 0 success, 1 the run failed, 2 the workflow (or the command's input) is
invalid, 3 the installation is broken (a plugin failed to load).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from time import perf_counter
from typing import Any, TextIO

from loguru import logger

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .config import EngineConfig
from .converter import ConversionFailed, structure
from .durations import format_seconds
from .engine import Engine
from .errors import InvalidWorkflow, PluginError
from .jsonout import dumps
from .nodes import config_fields
from .plugins import PluginSet, default_plugins
from .results import RunResult, execute_body, invalid_body

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_BROKEN = 0, 1, 2, 3


class _InputError(Exception):
    pass


def _read(path: str) -> bytes:
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        return Path(path).read_bytes()
    except OSError as exc:
        raise _InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _load_config(path: str | None, base: EngineConfig) -> EngineConfig:
    if path is None:
        return base
    text = _read(path)
    try:
        data = tomllib.loads(text.decode()) if path.endswith(".toml") else json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _InputError(f"cannot parse config {path}: {exc}") from None
    if not isinstance(data, dict):
        raise _InputError(f"config {path} must hold an object of engine settings")
    merged = {**_config_dict(base), **data}
    try:
        return structure(merged, EngineConfig)
    except ConversionFailed as exc:
        raise _InputError(f"invalid config {path}: {exc}") from None


def _config_dict(config: EngineConfig) -> dict[str, Any]:
    from .converter import converter

    out: dict[str, Any] = converter.unstructure(config)
    return out


def _engine(args: argparse.Namespace) -> Engine:
    config = _load_config(args.config, EngineConfig.server())
    return Engine(config)


def _print_json(value: Any, out: TextIO) -> None:
    out.write(dumps(value) + "\n")


def _summary(result: RunResult, elapsed: float, out: TextIO) -> None:
    mark = "ok" if result.success else "FAILED"
    title = f"workflow {result.workflow_id}" if result.workflow_id else "workflow"
    out.write(
        f"{mark}: {title} ran {len(result.node_results)} node(s), skipped "
        f"{len(result.skipped)}, in {format_seconds(elapsed)} "
        f"(execution {result.execution_id})\n"
    )
    for node_id, value in result.node_results.items():
        micros = result.durations.get(node_id, 0.0) * 1e6
        out.write(f"  {node_id:<20} {micros:9.1f} µs  {_short(value)}\n")
    for node_id in result.skipped:
        out.write(f"  {node_id:<20} {'skipped':>12}\n")
    if result.error is not None:
        out.write(f"error: {result.error.message}\n")
    else:
        out.write(f"final output: {_short(result.final_output, 200)}\n")


def _short(value: Any, width: int = 70) -> str:
    text = dumps(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _problems(error: InvalidWorkflow, out: TextIO) -> None:
    out.write(f"invalid workflow: {len(error.problems)} problem(s)\n")
    for problem in error.problems:
        out.write(f"  - {problem.message}\n")


def cmd_run(args: argparse.Namespace) -> int:
    out = sys.stdout
    try:
        payload = _read(args.file)
    except _InputError as exc:
        if args.json:
            _print_json(
                {"success": False, "error": "Failed to read request body", "details": str(exc)},
                out,
            )
        else:
            sys.stderr.write(f"error: {exc}\n")
        return EXIT_INVALID
    engine = _engine(args)
    started = perf_counter()
    try:
        plan = engine.load(payload)
    except InvalidWorkflow as exc:
        if args.json:
            _print_json(invalid_body(exc), out)
        else:
            _problems(exc, sys.stderr)
        return EXIT_INVALID
    for warning in plan.warnings:
        logger.warning(warning.message)
    result = asyncio.run(engine.run(plan))
    elapsed = perf_counter() - started
    if args.json:
        _print_json(execute_body(result, elapsed), out)
    else:
        _summary(result, elapsed, out)
    return EXIT_OK if result.success else EXIT_FAILED


def cmd_validate(args: argparse.Namespace) -> int:
    engine = _engine(args)
    try:
        plan = engine.load(_read(args.file))
    except InvalidWorkflow as exc:
        if args.json:
            _print_json(
                {"valid": False, "error": exc.message, "problems": invalid_body(exc)["problems"]},
                sys.stdout,
            )
        else:
            _problems(exc, sys.stdout)
        return EXIT_INVALID
    if args.json:
        _print_json({"valid": True, "warnings": [w.message for w in plan.warnings]}, sys.stdout)
    else:
        sys.stdout.write(f"valid: {len(plan.nodes)} node(s)\n")
        for warning in plan.warnings:
            sys.stdout.write(f"  warning: {warning.message}\n")
    return EXIT_OK


def _node_rows(plugins: PluginSet) -> list[dict[str, Any]]:
    rows = []
    for registered in plugins.node_types:
        node_type = registered.node_type
        rows.append(
            {
                "type": registered.type_name,
                "plugin": registered.plugin,
                "category": node_type.category,
                "description": node_type.description(),
                "config": [
                    {"name": name, "type": type_name, "required": required}
                    | ({} if required else {"default": default})
                    for name, type_name, required, default in config_fields(node_type.Config)
                ],
            }
        )
    return rows


def cmd_nodes(args: argparse.Namespace) -> int:
    rows = _node_rows(default_plugins())
    if args.json:
        _print_json(rows, sys.stdout)
        return EXIT_OK
    for row in rows:
        fields = ", ".join(f["name"] + ("" if f["required"] else "?") for f in row["config"]) or "-"
        sys.stdout.write(f"{row['type']:<18} {row['category']:<11} {row['plugin']:<22} {fields}\n")
    sys.stdout.write(f"{len(rows)} node type(s)\n")
    return EXIT_OK


def cmd_plugins(args: argparse.Namespace) -> int:
    plugins = default_plugins()
    if args.json:
        _print_json(list(plugins.names), sys.stdout)
        return EXIT_OK
    for name in plugins.names:
        sys.stdout.write(f"{name}\n")
    sys.stdout.write(f"{len(plugins.names)} plugin(s)\n")
    return EXIT_OK


async def _bench(engine: Engine, payload: bytes, runs: int) -> dict[str, Any]:
    totals: list[float] = []
    loads: list[float] = []
    node_time: dict[str, float] = {}
    node_type: dict[str, str] = {}
    failures = 0
    for _ in range(runs):
        started = perf_counter()
        plan = engine.load(payload)
        loaded = perf_counter()
        result = await engine.run(plan)
        finished = perf_counter()
        totals.append(finished - started)
        loads.append(loaded - started)
        failures += not result.success
        for node_id, seconds in result.durations.items():
            node_time[node_id] = node_time.get(node_id, 0.0) + seconds
        for node in plan.nodes:
            node_type[node.id] = node.type_name
        del plan, result  # free this run's objects outside the next timed section
    slowest = sorted(node_time.items(), key=lambda kv: -kv[1])[:10]
    micros = [t * 1e6 for t in totals]
    return {
        "runs": runs,
        "nodes_in_workflow": len(node_type),
        "failed_runs": failures,
        "min_us": round(min(micros), 1),
        "median_us": round(statistics.median(micros), 1),
        "mean_us": round(statistics.fmean(micros), 1),
        "max_us": round(max(micros), 1),
        "load_median_us": round(statistics.median(loads) * 1e6, 1),
        "per_node_median_us": round(statistics.median(micros) / max(1, len(node_type)), 2),
        "nodes": [
            {"id": node_id, "type": node_type[node_id], "mean_us": round(total / runs * 1e6, 2)}
            for node_id, total in slowest
        ],
    }


def cmd_bench(args: argparse.Namespace) -> int:
    payload = _read(args.file)
    engine = _engine(args)
    try:
        engine.load(payload)
    except InvalidWorkflow as exc:
        _problems(exc, sys.stderr)
        return EXIT_INVALID
    figures = asyncio.run(_bench(engine, payload, args.runs))
    if args.json:
        _print_json(figures, sys.stdout)
        return EXIT_OK
    out = sys.stdout
    out.write(
        f"{figures['runs']} runs of {figures['nodes_in_workflow']} node(s) "
        "(load + plan + run each):\n"
        f"  min {figures['min_us']} µs  median {figures['median_us']} µs  "
        f"mean {figures['mean_us']} µs  max {figures['max_us']} µs\n"
        f"  load+plan median {figures['load_median_us']} µs; "
        f"{figures['per_node_median_us']} µs per node\n"
        "slowest nodes (mean per run):\n"
    )
    for row in figures["nodes"]:
        out.write(f"  {row['id']:<20} {row['type']:<16} {row['mean_us']:9.2f} µs\n")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thaiyyal", description="Run and inspect Thaiyyal workflows."
    )
    parser.add_argument(
        "--log-level",
        default=None,
        help="write logs to stderr at this level (DEBUG, INFO, WARNING, ...); off by default",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def with_config(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", help="engine settings as a JSON or TOML object")

    run = sub.add_parser("run", help="run a workflow file ('-' reads standard input)")
    run.add_argument("file")
    run.add_argument("--json", action="store_true", help="print one JSON object")
    with_config(run)
    run.set_defaults(func=cmd_run)

    validate = sub.add_parser("validate", help="check a workflow file without running it")
    validate.add_argument("file")
    validate.add_argument("--json", action="store_true")
    with_config(validate)
    validate.set_defaults(func=cmd_validate)

    nodes = sub.add_parser("nodes", help="list installed node types")
    nodes.add_argument("--json", action="store_true")
    nodes.set_defaults(func=cmd_nodes)

    plugins = sub.add_parser("plugins", help="list loaded plugins")
    plugins.add_argument("--json", action="store_true")
    plugins.set_defaults(func=cmd_plugins)

    bench = sub.add_parser("bench", help="load, plan and run a workflow many times")
    bench.add_argument("file")
    bench.add_argument("-n", "--runs", type=int, default=100)
    bench.add_argument("--json", action="store_true")
    with_config(bench)
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.log_level:
        logger.remove()
        logger.add(sys.stderr, level=args.log_level.upper())
        logger.enable("thaiyyal")
    try:
        code: int = args.func(args)
    except _InputError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_INVALID
    except PluginError as exc:
        sys.stderr.write(f"plugin error: {exc}\n")
        return EXIT_BROKEN
    except BrokenPipeError:
        # The reader went away (``thaiyyal nodes | head``): not a failure of the command.
        # Point stdout at /dev/null so the interpreter's final flush does not raise again.
        _silence_stdout()
        return EXIT_OK
    return code


def _silence_stdout() -> None:
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing flushes at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
