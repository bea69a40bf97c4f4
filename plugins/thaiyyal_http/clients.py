"""Named HTTP clients: their configuration, its JSON form, and the registry that holds them.

An embedding application registers clients in code::

    registry = HttpClientRegistry()
    registry.register(HttpClientConfig(uid="github", base_url="https://api.github.com",
                                       auth=AuthConfig.bearer("ghp_...")))
    engine = Engine(config, services={CLIENTS_SERVICE: registry})

or loads them from a JSON file (``HttpClientRegistry.from_file``; the CLI and server read
the file named by ``THAIYYAL_HTTP_CLIENTS``). The JSON form is the reference's: durations
in integer nanoseconds, ``headers``/``query_params`` as ``[{"key", "value"}]`` lists.

Credentials are held as :class:`Secret` values: their ``str``/``repr`` and their JSON form
are ``***REDACTED***``, so they cannot reach a log line, an error message or a result by
accident; only the request builder calls :meth:`Secret.reveal`.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

from thaiyyal.durations import DurationError, parse_go_duration

__all__ = [
    "CLIENTS_ENV",
    "REDACTED",
    "ApiKeyAuth",
    "AuthConfig",
    "BasicAuth",
    "HttpClientConfig",
    "HttpClientConfigError",
    "HttpClientRegistry",
    "KeyValue",
    "NetworkConfig",
    "Secret",
    "SecurityConfig",
    "TokenAuth",
]

REDACTED = "***REDACTED***"
#: Environment variable naming a JSON file of client configs (read when no registry is given).
CLIENTS_ENV = "THAIYYAL_HTTP_CLIENTS"
SECOND = 1_000_000_000
MIB = 1024 * 1024
_AUTH_TYPES = ("none", "basic", "bearer", "apikey")
_SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


class HttpClientConfigError(ValueError):
    """A client configuration that cannot be used; the message starts ``invalid config:``."""


@attrs.frozen(repr=False)
class Secret:
    """A credential. Shown as ``***REDACTED***`` everywhere except :meth:`reveal`."""

    _value: str = attrs.field(alias="value")

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return REDACTED

    __str__ = __repr__


def _secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


@attrs.frozen(kw_only=True)
class BasicAuth:
    username: str = ""
    password: Secret = attrs.field(default=Secret(""), converter=_secret)


@attrs.frozen(kw_only=True)
class TokenAuth:
    token: Secret = attrs.field(default=Secret(""), converter=_secret)


@attrs.frozen(kw_only=True)
class ApiKeyAuth:
    #: header or query parameter name
    key: str = ""
    value: Secret = attrs.field(default=Secret(""), converter=_secret)
    #: ``header`` or ``query``
    location: str = "header"


@attrs.frozen(kw_only=True)
class AuthConfig:
    type: str = "none"
    basic_auth: BasicAuth | None = None
    token: TokenAuth | None = None
    api_key: ApiKeyAuth | None = None

    @classmethod
    def basic(cls, username: str, password: str) -> AuthConfig:
        return cls(type="basic", basic_auth=BasicAuth(username=username, password=password))  # type: ignore[arg-type]

    @classmethod
    def bearer(cls, token: str) -> AuthConfig:
        return cls(type="bearer", token=TokenAuth(token=token))  # type: ignore[arg-type]

    @classmethod
    def apikey(cls, key: str, value: str, location: str = "header") -> AuthConfig:
        return cls(type="apikey", api_key=ApiKeyAuth(key=key, value=value, location=location))  # type: ignore[arg-type]

    def secrets(self) -> list[str]:
        """Every credential value (for scrubbing text that might echo one back)."""
        out = []
        if self.basic_auth is not None and self.basic_auth.password:
            out.append(self.basic_auth.password.reveal())
        if self.token is not None and self.token.token:
            out.append(self.token.token.reveal())
        if self.api_key is not None and self.api_key.value:
            out.append(self.api_key.value.reveal())
        return out


@attrs.frozen(kw_only=True)
class NetworkConfig:
    """Connection settings; durations in integer nanoseconds, as in the JSON form."""

    timeout: int = 30 * SECOND
    max_idle_conns: int = 100
    max_idle_conns_per_host: int = 10
    max_conns_per_host: int = 100
    idle_conn_timeout: int = 90 * SECOND
    tls_handshake_timeout: int = 10 * SECOND
    disable_keep_alives: bool = False


@attrs.frozen(kw_only=True)
class SecurityConfig:
    """Per-client limits and address switches (the SSRF checks always run)."""

    max_redirects: int = 10
    max_response_size: int = 10 * MIB
    follow_redirects: bool = False
    allow_private_ips: bool = False
    allow_localhost: bool = False
    allow_link_local: bool = False
    allow_cloud_metadata: bool = False
    allowed_domains: tuple[str, ...] = ()
    blocked_domains: tuple[str, ...] = ()


@attrs.frozen
class KeyValue:
    key: str
    value: str


@attrs.frozen(kw_only=True)
class HttpClientConfig:
    """One named client. ``uid`` is what nodes name in ``http_client_uid``."""

    uid: str
    description: str = ""
    auth: AuthConfig = AuthConfig()
    network: NetworkConfig = NetworkConfig()
    security: SecurityConfig = SecurityConfig()
    headers: tuple[KeyValue, ...] = ()
    query_params: tuple[KeyValue, ...] = ()
    #: applied to relative node URLs; absolute URLs must keep its scheme, host and port
    base_url: str = ""

    def validate(self) -> None:
        """Raise :class:`HttpClientConfigError` (``invalid config: <reason>``)."""
        problem = _problem(self)
        if problem is not None:
            raise HttpClientConfigError(f"invalid config: {problem}")

    # ------------------------------------------------------------------ JSON

    @classmethod
    def from_json(cls, data: Any) -> HttpClientConfig:
        """Structure and validate the JSON form; raises :class:`HttpClientConfigError`."""
        if not isinstance(data, Mapping):
            raise HttpClientConfigError("invalid config: a client config must be a JSON object")
        if not data.get("uid"):
            raise HttpClientConfigError("invalid config: uid is required")
        try:
            config = _converter.structure(dict(data), cls)
        except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
            raise HttpClientConfigError(f"invalid config: {_describe(exc)}") from None
        config.validate()
        return config

    def to_json(self) -> dict[str, Any]:
        """The JSON form with every credential masked as ``***REDACTED***``."""
        out: dict[str, Any] = _converter.unstructure(self)
        for item in out.get("headers", []):
            if item["key"].lower() in _SENSITIVE_HEADERS:
                item["value"] = REDACTED
        return out


def _problem(c: HttpClientConfig) -> str | None:
    if not c.uid:
        return "uid is required"
    auth = c.auth
    if auth.type not in _AUTH_TYPES:
        return f"invalid auth type: {auth.type} (must be one of: {', '.join(_AUTH_TYPES)})"
    if auth.type == "basic":
        if auth.basic_auth is None or not auth.basic_auth.username:
            return "username is required for basic auth"
        if not auth.basic_auth.password:
            return "password is required for basic auth"
    if auth.type == "bearer" and (auth.token is None or not auth.token.token):
        return "token is required for bearer auth"
    if auth.type == "apikey":
        key = auth.api_key
        if key is None or not key.key:
            return "api key name is required for apikey auth"
        if not key.value:
            return "api key value is required for apikey auth"
        if key.location not in ("header", "query"):
            return f"invalid api key location: {key.location} (must be header or query)"
    for name in (
        "timeout",
        "max_idle_conns",
        "max_idle_conns_per_host",
        "max_conns_per_host",
        "idle_conn_timeout",
        "tls_handshake_timeout",
    ):
        if getattr(c.network, name) < 0:
            return f"{name} cannot be negative"
    if c.security.max_redirects < 0:
        return "max_redirects cannot be negative"
    if c.security.max_response_size < 0:
        return "max_response_size cannot be negative"
    for item in (*c.headers, *c.query_params):
        if not item.key:
            return "header and query parameter keys must not be empty"
    for item in c.headers:
        if any(ch in item.key + item.value for ch in "\r\n\0"):
            return f"header {item.key!r} contains a line break"
    if c.base_url:
        from yarl import URL

        try:
            base = URL(c.base_url)
        except ValueError as exc:
            return f"invalid base_url: {exc}"
        if base.scheme not in ("http", "https") or not base.raw_host:
            return "base_url must be an absolute http or https URL"
        if base.user or base.password:
            return "base_url must not carry credentials (use auth)"
    from .patterns import DomainRule, PatternError

    for entry in (*c.security.allowed_domains, *c.security.blocked_domains):
        try:
            DomainRule.parse(entry)
        except PatternError as exc:
            return str(exc)
    return None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, cattrs.BaseValidationError):
        messages = cattrs.transform_error(exc)
        return "; ".join(messages)
    return str(exc)


def _structure_duration(value: Any, _: type) -> int:
    """Integer nanoseconds (the reference format); a Go duration string is accepted too."""
    if isinstance(value, bool):
        raise TypeError("expected integer nanoseconds")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return parse_go_duration(value)
        except DurationError as exc:
            raise ValueError(str(exc)) from None
    raise TypeError("expected integer nanoseconds")


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _strict_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=False)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(Secret, lambda v, _: Secret(_strict_str(v, str)))
    conv.register_unstructure_hook(Secret, lambda s: REDACTED if s else "")
    durations = {
        name: override(struct_hook=_structure_duration)
        for name in ("timeout", "idle_conn_timeout", "tls_handshake_timeout")
    }
    network_hook = make_dict_structure_fn(NetworkConfig, conv, **durations)  # type: ignore[arg-type]
    conv.register_structure_hook(NetworkConfig, network_hook)
    return conv


_converter = _make_converter()


class HttpClientRegistry:
    """Named client configs by uid; safe to share between engines and threads."""

    def __init__(self, configs: Iterable[HttpClientConfig] = ()) -> None:
        self._lock = threading.Lock()
        self._clients: dict[str, HttpClientConfig] = {}
        for config in configs:
            self.register(config)

    def register(self, config: HttpClientConfig) -> None:
        config.validate()
        with self._lock:
            if config.uid in self._clients:
                raise HttpClientConfigError(f'client with UID "{config.uid}" already exists')
            self._clients[config.uid] = config

    def register_json(self, data: Any) -> HttpClientConfig:
        config = HttpClientConfig.from_json(data)
        self.register(config)
        return config

    def unregister(self, uid: str) -> None:
        with self._lock:
            if self._clients.pop(uid, None) is None:
                raise KeyError(f'client with UID "{uid}" not found')

    def get(self, uid: str) -> HttpClientConfig | None:
        return self._clients.get(uid)

    def __contains__(self, uid: object) -> bool:
        return uid in self._clients

    def uids(self) -> list[str]:
        return sorted(self._clients)

    def __len__(self) -> int:
        return len(self._clients)

    def to_json(self) -> dict[str, Any]:
        """``{"clients": [...]}`` with credentials masked (a backup that holds no secret)."""
        return {"clients": [self._clients[uid].to_json() for uid in self.uids()]}

    @classmethod
    def from_json(cls, data: Any) -> HttpClientRegistry:
        """Accepts ``{"clients": [...]}`` or a bare list of client configs."""
        items = data.get("clients") if isinstance(data, Mapping) else data
        if not isinstance(items, list):
            raise HttpClientConfigError(
                'invalid config: expected {"clients": [...]} or a list of client configs'
            )
        registry = cls()
        for index, item in enumerate(items):
            try:
                registry.register_json(item)
            except HttpClientConfigError as exc:
                raise HttpClientConfigError(f"clients[{index}]: {exc}") from None
        return registry

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> HttpClientRegistry:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise HttpClientConfigError(f"cannot read HTTP client file {path}: {exc}") from None
        return cls.from_json(data)


_FILE_CACHE: dict[str, tuple[float, HttpClientRegistry]] = {}


def registry_from_environment() -> HttpClientRegistry | None:
    """The registry in the file named by ``THAIYYAL_HTTP_CLIENTS`` (re-read when it changes)."""
    path = os.environ.get(CLIENTS_ENV)
    if not path:
        return None
    try:
        mtime = os.stat(path).st_mtime
    except OSError as exc:
        raise HttpClientConfigError(f"cannot read HTTP client file {path}: {exc}") from None
    cached = _FILE_CACHE.get(path)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    registry = HttpClientRegistry.from_file(path)
    _FILE_CACHE[path] = (mtime, registry)
    return registry
