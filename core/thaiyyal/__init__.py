"""Thaiyyal: a plugin-based workflow engine.

The public API, and nothing else::

    from thaiyyal import Engine
    result = Engine().run_sync('{"nodes": [...], "edges": [...]}')
"""

from __future__ import annotations

from loguru import logger as _logger

from .clock import Clock, ManualClock, SystemClock
from .config import EngineConfig
from .engine import Engine
from .errors import (
    Cancelled,
    ConfigError,
    InvalidWorkflow,
    LimitExceeded,
    NodeError,
    NodeFailed,
    PluginError,
    Problem,
    RunTimeout,
    ThaiyyalError,
)
from .hookspecs import hookimpl
from .model import Edge, Node, Workflow
from .nodes import EmptyConfig, LoadContext, NodeType, Outcome, node_config
from .plan import Plan, PlannedNode
from .plugins import PluginSet, default_plugins, load_plugins
from .results import RunResult
from .runtime import NodeContext, RunInfo
from .state import MemoryRunState, RunState

# The library stays silent until the application (CLI, server) enables its logs.
_logger.disable("thaiyyal")

__version__ = "0.1.0"

__all__ = [
    "Cancelled",
    "Clock",
    "ConfigError",
    "Edge",
    "EmptyConfig",
    "Engine",
    "EngineConfig",
    "InvalidWorkflow",
    "LimitExceeded",
    "LoadContext",
    "ManualClock",
    "MemoryRunState",
    "Node",
    "NodeContext",
    "NodeError",
    "NodeFailed",
    "NodeType",
    "Outcome",
    "Plan",
    "PlannedNode",
    "PluginError",
    "PluginSet",
    "Problem",
    "RunInfo",
    "RunResult",
    "RunState",
    "RunTimeout",
    "SystemClock",
    "ThaiyyalError",
    "Workflow",
    "__version__",
    "default_plugins",
    "hookimpl",
    "load_plugins",
    "node_config",
]
