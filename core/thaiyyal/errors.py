"""The one exception hierarchy of Thaiyyal.

Every failure the engine reports is a :class:`ThaiyyalError`. Subclasses carry structured
fields (node id, field, limit, ...) so callers never have to parse message text, while
``str(error)`` stays the human-readable text (the reference engine's wording where the same
situation exists there, so clients matching on substrings keep working).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "Cancelled",
    "ConfigError",
    "InvalidWorkflow",
    "LimitExceeded",
    "NodeError",
    "NodeFailed",
    "PluginError",
    "Problem",
    "RunTimeout",
    "ThaiyyalError",
]


class ThaiyyalError(Exception):
    """Base class of every error raised by Thaiyyal."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@attrs.frozen
class Problem:
    """One thing wrong with a workflow, found before anything runs.

    ``node_id``/``field`` locate the problem; ``edge_index`` is set for edge problems.
    ``message`` is complete on its own (it already names the node and field).
    """

    message: str
    node_id: str | None = None
    field: str | None = None
    edge_index: int | None = None
    node_index: int | None = None

    def __str__(self) -> str:
        return self.message


class InvalidWorkflow(ThaiyyalError):
    """The payload was rejected at load time; ``problems`` lists everything found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(p.message for p in self.problems) or "invalid workflow")


class ConfigError(ThaiyyalError):
    """A node configuration value is impossible (raised by node config checks at load time).

    ``field`` names the offending config field when one is to blame.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NodeError(ThaiyyalError):
    """Raised by node code when a node cannot produce a result.

    The engine wraps it into :class:`NodeFailed` with the node id; node authors only write
    what went wrong (``"division by zero"``).
    """


class LimitExceeded(NodeError):
    """A configured limit was exceeded (``limit`` names it, ``value``/``maximum`` give figures)."""

    def __init__(
        self, message: str, limit: str, value: object = None, maximum: object = None
    ) -> None:
        super().__init__(message)
        self.limit = limit
        self.value = value
        self.maximum = maximum


class NodeFailed(ThaiyyalError):
    """A node failed while the workflow ran; the message is ``error executing node <id>: ...``."""

    def __init__(self, node_id: str, node_type: str, cause: BaseException) -> None:
        self.node_id = node_id
        self.node_type = node_type
        self.cause = cause
        self.reason = describe(cause)
        super().__init__(f"error executing node {node_id}: {self.reason}")


class RunTimeout(ThaiyyalError):
    """The whole run exceeded its deadline (``MaxExecutionTime``)."""

    def __init__(self, message: str, limit_seconds: float) -> None:
        super().__init__(message)
        self.limit_seconds = limit_seconds


class Cancelled(ThaiyyalError):
    """The run was cancelled by its caller."""


class PluginError(ThaiyyalError):
    """A plugin could not be loaded or registered something invalid; ``plugin`` names it."""

    def __init__(self, message: str, plugin: str | None = None) -> None:
        super().__init__(message)
        self.plugin = plugin


def describe(error: BaseException) -> str:
    """The text to show for an exception raised inside a node.

    Our own errors are shown as they are; anything else (a bug in a plugin) is shown with its
    type name so the report is still useful.
    """
    if isinstance(error, ThaiyyalError):
        return error.message
    text = str(error)
    name = type(error).__name__
    return f"{name}: {text}" if text else name


def join_messages(messages: Iterable[str]) -> str:
    return "; ".join(messages)
