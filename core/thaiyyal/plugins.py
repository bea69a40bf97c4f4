"""Plugin discovery: entry points, environment switches, and the registries they fill.

Every built-in node type, middleware and storage backend is a plugin with its own entry
point in the ``thaiyyal`` group, loaded the same way as a third-party plugin installed with
``pip``. Two environment variables choose what loads:

* ``THAIYYAL_PLUGINS=node-number,node-operation`` loads only the named plugins;
* ``THAIYYAL_DISABLE_PLUGINS=node-http`` loads everything except the named plugins.

A plugin that fails to import or registers something invalid is reported with a
:class:`~thaiyyal.PluginError` naming it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import attrs
import pluggy

from . import hookspecs
from .errors import PluginError
from .nodes import NodeTypeRegistry

__all__ = [
    "DISABLE_ENV",
    "ENTRY_POINT_GROUP",
    "ONLY_ENV",
    "MiddlewareEntry",
    "MiddlewareRegistry",
    "PluginSet",
    "StorageRegistry",
    "default_plugins",
    "load_plugins",
]

ENTRY_POINT_GROUP = "thaiyyal"
ONLY_ENV = "THAIYYAL_PLUGINS"
DISABLE_ENV = "THAIYYAL_DISABLE_PLUGINS"

#: Observer hook names; the engine calls each only when some plugin implements it.
OBSERVER_HOOKS = (
    "run_started",
    "node_started",
    "node_finished",
    "node_failed",
    "node_skipped",
    "run_finished",
)


@attrs.frozen
class MiddlewareEntry:
    name: str
    factory: Callable[..., Any]
    order: int
    plugin: str
    #: when set, only nodes whose ``data`` holds this key are offered to the factory
    data_key: str | None = None


class MiddlewareRegistry:
    """Middleware factories in wrapping order (lowest ``order`` outermost)."""

    def __init__(self) -> None:
        self._entries: dict[str, MiddlewareEntry] = {}

    def registrar(self, plugin: str) -> Callable[..., None]:
        def register(
            name: str, factory: Callable[..., Any], order: int = 100, data_key: str | None = None
        ) -> None:
            if not callable(factory):
                raise PluginError(
                    f"plugin {plugin!r}: middleware {name!r} factory is not callable",
                    plugin=plugin,
                )
            existing = self._entries.get(name)
            if existing is not None:
                raise PluginError(
                    f"middleware {name!r} is registered by two plugins: "
                    f"{existing.plugin!r} and {plugin!r}",
                    plugin=plugin,
                )
            self._entries[name] = MiddlewareEntry(name, factory, order, plugin, data_key)

        return register

    @property
    def entries(self) -> list[MiddlewareEntry]:
        return sorted(self._entries.values(), key=lambda e: (e.order, e.name))


class StorageRegistry:
    """Storage backend factories by URL scheme."""

    def __init__(self) -> None:
        self._factories: dict[str, tuple[Callable[..., Any], str]] = {}

    def registrar(self, plugin: str) -> Callable[[str, Callable[..., Any]], None]:
        def register(scheme: str, factory: Callable[..., Any]) -> None:
            key = scheme.lower().rstrip(":")
            existing = self._factories.get(key)
            if existing is not None:
                raise PluginError(
                    f"storage scheme {key!r} is registered by two plugins: "
                    f"{existing[1]!r} and {plugin!r}",
                    plugin=plugin,
                )
            self._factories[key] = (factory, plugin)

        return register

    def factory(self, scheme: str) -> Callable[..., Any] | None:
        found = self._factories.get(scheme.lower().rstrip(":"))
        return found[0] if found else None

    @property
    def schemes(self) -> list[str]:
        return sorted(self._factories)


@attrs.frozen
class PluginSet:
    """The loaded plugins and what they registered; shared by every engine built from it."""

    manager: pluggy.PluginManager
    names: tuple[str, ...]
    node_types: NodeTypeRegistry
    middleware: MiddlewareRegistry
    storage: StorageRegistry

    def observers(self) -> frozenset[str]:
        """Names of the observer hooks at least one plugin implements."""
        return frozenset(
            name for name in OBSERVER_HOOKS if getattr(self.manager.hook, name).get_hookimpls()
        )

    def plugin_of(self, name: str) -> object | None:
        return self.manager.get_plugin(name)


def _split(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def _select(
    eps: Iterable[EntryPoint], only: frozenset[str] | None, disable: frozenset[str]
) -> list[EntryPoint]:
    chosen: dict[str, EntryPoint] = {}
    for ep in eps:
        if only is not None and ep.name not in only:
            continue
        if ep.name in disable:
            continue
        chosen.setdefault(ep.name, ep)
    return [chosen[name] for name in sorted(chosen)]


def _call_register_hook(
    manager: pluggy.PluginManager, hook_name: str, registrar: Callable[[str], Any]
) -> None:
    """Call one registration hook plugin by plugin, so each gets a callback bound to its name."""
    hook = getattr(manager.hook, hook_name)
    for impl in hook.get_hookimpls():
        plugin = impl.plugin_name
        try:
            impl.function(register=registrar(plugin))
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(
                f"plugin {plugin!r} failed in {hook_name}: {type(exc).__name__}: {exc}",
                plugin=plugin,
            ) from exc


def load_plugins(
    *,
    only: Iterable[str] | None = None,
    disable: Iterable[str] = (),
    extra: Mapping[str, object] | Iterable[object] = (),
    use_entry_points: bool = True,
    environ: Mapping[str, str] | None = None,
) -> PluginSet:
    """Load plugins and build their registries.

    :param only: load only these entry-point names (default: ``THAIYYAL_PLUGINS`` if set).
    :param disable: entry-point names to skip, added to ``THAIYYAL_DISABLE_PLUGINS``.
    :param extra: plugin objects registered directly (tests, embedding applications); a
        mapping gives them names.
    :param use_entry_points: set to False to load nothing from entry points.
    """
    env = os.environ if environ is None else environ
    only_set = frozenset(only) if only is not None else _split(env.get(ONLY_ENV))
    disable_set = frozenset(disable) | (_split(env.get(DISABLE_ENV)) or frozenset())

    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    names: list[str] = []
    if use_entry_points:
        for ep in _select(entry_points(group=ENTRY_POINT_GROUP), only_set, disable_set):
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(
                    f"plugin {ep.name!r} ({ep.value}) could not be loaded: "
                    f"{type(exc).__name__}: {exc}",
                    plugin=ep.name,
                ) from exc
            _register(manager, plugin, ep.name)
            names.append(ep.name)
    items = extra.items() if isinstance(extra, Mapping) else ((None, p) for p in extra)
    for name, plugin in items:
        label = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        _register(manager, plugin, label)
        names.append(label)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"invalid plugin: {exc}") from exc

    node_types = NodeTypeRegistry()
    middleware = MiddlewareRegistry()
    storage = StorageRegistry()
    _call_register_hook(manager, "register_node_types", node_types.registrar)
    _call_register_hook(manager, "register_middleware", middleware.registrar)
    _call_register_hook(manager, "register_storage", storage.registrar)
    return PluginSet(manager, tuple(names), node_types, middleware, storage)


def _register(manager: pluggy.PluginManager, plugin: object, name: str) -> None:
    try:
        manager.register(plugin, name=name)
    except ValueError as exc:
        raise PluginError(f"plugin {name!r} could not be registered: {exc}", plugin=name) from exc
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {name!r} is invalid: {exc}", plugin=name) from exc


@lru_cache(maxsize=8)
def _default_plugins(only: str | None, disable: str | None) -> PluginSet:
    return load_plugins(environ={k: v for k, v in ((ONLY_ENV, only), (DISABLE_ENV, disable)) if v})


def default_plugins() -> PluginSet:
    """The plugin set chosen by the environment, loaded once per process per setting."""
    return _default_plugins(os.environ.get(ONLY_ENV), os.environ.get(DISABLE_ENV))
