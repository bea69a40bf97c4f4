"""Hook specifications: everything a Thaiyyal plugin can provide or observe.

A plugin is a module (or any object) with functions decorated by :data:`hookimpl` whose
names match the specifications below; it is found through the ``thaiyyal`` entry-point
group, exactly like the built-in plugins::

    [project.entry-points.thaiyyal]
    node-reverse-string = "thaiyyal_reverse_string"

Registration hooks (``register_*``) run once, when a plugin set is loaded; they hand the
plugin a ``register`` callback so the engine owns the registry and can report collisions
naming both plugins. Observer hooks are called during runs, and only when at least one
plugin implements them; they are plain functions (they cannot await) and must be quick.
An observer that raises is logged and never fails the run.

Every hook below is documented by its docstring; ``docs/hooks.md`` is generated from them.
"""

from __future__ import annotations

from typing import Any

import pluggy

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "thaiyyal"

hookspec = pluggy.HookspecMarker(PROJECT)
#: Decorator that marks a plugin function as the implementation of a hook.
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_node_types(register: Any) -> None:
    """Add node types.

    :param register: call ``register(NodeTypeSubclass)`` once per node type. Registering a
        type string that another plugin already registered is an error naming both plugins.
    """


@hookspec
def register_middleware(register: Any) -> None:
    """Add middleware that wraps node calls.

    :param register: call ``register(name, factory, order=100, data_key=None)``. When a
        workflow is planned,
        ``factory(node, config)`` is called once per node with the planned node (its ``id``,
        ``type_name``, ``config`` and ``data``) and the :class:`~thaiyyal.EngineConfig`; it
        returns ``None`` when the middleware does not apply to that node, else an async
        callable ``middleware(ctx, inputs, call_next)`` that returns the node's result,
        usually by awaiting ``call_next(inputs)``. Lower ``order`` values wrap outside
        higher ones. With ``data_key``, only nodes whose ``data`` holds that key are offered
        to the factory (cheap planning for opt-in settings such as ``policy``). Nodes without
        middleware are called directly, at no cost.
    """


@hookspec
def register_storage(register: Any) -> None:
    """Add storage backends, selected by the scheme of a storage URL.

    :param register: call ``register(scheme, factory)``; ``factory(url, config)`` returns the
        backend for a URL such as ``sqlite:///runs.db`` (scheme ``sqlite``).
    """


@hookspec
def run_started(run: Any) -> None:
    """A run is about to execute its first node.

    :param run: the :class:`~thaiyyal.RunInfo` (``execution_id``, ``workflow_id``).
    """


@hookspec
def node_started(run: Any, node: Any) -> None:
    """A node is about to run (it was not skipped).

    :param run: the :class:`~thaiyyal.RunInfo`.
    :param node: the planned node (``id``, ``type_name``).
    """


@hookspec
def node_finished(run: Any, node: Any, result: Any, duration: float) -> None:
    """A node produced its result.

    :param run: the :class:`~thaiyyal.RunInfo`.
    :param node: the planned node.
    :param result: the node's result (treat as read-only).
    :param duration: seconds the node took.
    """


@hookspec
def node_failed(run: Any, node: Any, error: Any, duration: float) -> None:
    """A node failed.

    :param run: the :class:`~thaiyyal.RunInfo`.
    :param node: the planned node.
    :param error: the :class:`~thaiyyal.ThaiyyalError` describing the failure.
    :param duration: seconds the node ran before failing.
    """


@hookspec
def node_skipped(run: Any, node: Any) -> None:
    """A node did not run because no live edge reached it (routing).

    :param run: the :class:`~thaiyyal.RunInfo`.
    :param node: the planned node.
    """


@hookspec
def run_finished(run: Any, result: Any) -> None:
    """A run ended, successfully or not.

    :param run: the :class:`~thaiyyal.RunInfo`.
    :param result: the :class:`~thaiyyal.RunResult`.
    """
