"""``http``: one HTTP request, behind the SSRF checks, through a pooled client.

The node sends ``method`` (default ``GET``) to ``url`` with optional ``headers``, ``query``
parameters and ``body`` (a string is sent as it is; any other JSON value is sent as JSON
with ``Content-Type: application/json`` unless a content type is set). ``{{ }}`` templates
in the URL, header values, query values and body are filled from the run's context values.
``http_client_uid`` selects a named client (base URL, credentials, default headers, limits).

The result is the response body: decoded JSON (numbers as ordinary numbers, integers exact)
for JSON responses, else text. Checks in the reference's order: HTTP allowed at all, the
per-run call budget, the URL checks, then the exchange (status, size, timeouts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from multidict import CIMultiDict
from yarl import URL

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.jsonout import dumps
from thaiyyal.templates import has_placeholders
from thaiyyal_http.exchange import (
    NOT_ALLOWED,
    RequestSpec,
    authorise,
    build_profile,
    client_profile,
    decode_body,
    fetch,
    find_registry,
    join_base_url,
    unknown_client_message,
)
from thaiyyal_http.guard import UrlGuard, UrlPolicy, UrlRejected
from thaiyyal_http.patterns import PatternError

__all__ = ["Http", "HttpConfig", "build_request", "interpolate", "static_url_problem"]

_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_TEMPLATE = "{{"


@node_config
class RequestConfig:
    """The request fields shared by the nodes that call HTTP APIs (``http``, ``paginator``)."""

    #: absolute URL, or relative to the named client's ``base_url``
    url: str
    #: a named client (credentials, base URL, limits); unknown uids are load-time errors
    http_client_uid: str | None = None
    #: any HTTP method (a token), upper-cased
    method: str = "GET"
    #: request headers (values may hold ``{{ }}`` templates)
    headers: dict[str, str] | None = None
    #: query parameters added to the URL
    query: dict[str, str] | None = None
    #: a string is sent as it is; any other JSON value is sent JSON-encoded
    body: Any = None


@node_config
class HttpConfig(RequestConfig):
    """Config of the ``http`` node: one request."""


def reads_context(config: RequestConfig) -> bool:
    """Whether the request's templates read context values (then the node is stateful: it
    runs after the context nodes before it, in canonical order)."""
    return any(
        has_placeholders(part) for part in (config.url, config.headers, config.query, config.body)
    )


def interpolate(ctx: NodeContext, value: Any) -> Any:
    """Fill ``{{ variable.x }}`` / ``{{ const.x }}`` templates from the run's context."""
    return ctx.interpolate(value)


def _header_problems(headers: Mapping[str, str] | None, field: str) -> Iterable[ConfigError]:
    for name, value in (headers or {}).items():
        if not _TOKEN.fullmatch(name):
            yield ConfigError(f"invalid header name: {name!r}", field=field)
        elif any(ch in value for ch in "\r\n\0"):
            yield ConfigError(
                f"invalid value for header {name}: line breaks are not allowed", field=field
            )


def static_url_problem(url: str, guard: UrlGuard | None = None) -> str | None:
    """The load-time URL problem (syntax, scheme, host, domain lists, patterns), if any."""
    if _TEMPLATE in url:
        return None  # known only when the run fills the template
    try:
        (guard or UrlGuard(UrlPolicy())).check_static(url)
    except UrlRejected as exc:
        return f"URL validation failed: {exc}"
    return None


def check_request_config(
    method: str,
    headers: Mapping[str, str] | None,
    query: Mapping[str, str] | None,
    url: str,
    uid: str | None,
) -> Iterable[ConfigError]:
    """Config-only checks shared with the paginator."""
    if not _TOKEN.fullmatch(method):
        yield ConfigError(f"invalid HTTP method: {method!r}", field="method")
    yield from _header_problems(headers, "headers")
    if not uid:
        problem = static_url_problem(url)
        if problem is not None:
            yield ConfigError(problem, field="url")


def check_request_engine(
    ctx_config: Any, services: Mapping[str, Any], url: str, uid: str | None
) -> Iterable[ConfigError]:
    """Checks that need the engine: the named client exists; URL against the engine's lists."""
    client = None
    if uid:
        try:
            registry = find_registry(services)
        except NodeError as exc:
            yield ConfigError(str(exc), field="http_client_uid")
            return
        client = registry.get(uid) if registry is not None else None
        if client is None:
            yield ConfigError(unknown_client_message(uid, registry), field="http_client_uid")
            return
    if _TEMPLATE in url:
        return
    try:
        profile = build_profile(ctx_config, client, None)
        full = join_base_url(client, url)
    except NodeError as exc:
        yield ConfigError(str(exc), field="url")
        return
    except (UrlRejected, PatternError) as exc:
        yield ConfigError(f"URL validation failed: {exc}", field="url")
        return
    problem = static_url_problem(full, profile.guard)
    if problem is not None:
        yield ConfigError(problem, field="url")


def build_request(
    ctx: NodeContext,
    client: Any,
    method: str,
    url: str,
    headers: Mapping[str, str] | None,
    query: Mapping[str, str] | None,
    body: Any,
) -> RequestSpec:
    """Fill templates, apply the base URL, encode the body; raises :class:`NodeError`."""
    url = str(interpolate(ctx, url))
    try:
        full = join_base_url(client, url)
        target = URL(full)
    except UrlRejected as exc:
        raise NodeError(f"URL validation failed: {exc}") from None
    except ValueError as exc:
        raise NodeError(f"URL validation failed: invalid URL: {exc}") from None
    if query:
        target = target.extend_query([(k, str(interpolate(ctx, v))) for k, v in query.items()])
    merged: CIMultiDict[str] = CIMultiDict()
    for name, value in (headers or {}).items():
        filled = str(interpolate(ctx, value))
        if any(ch in filled for ch in "\r\n\0"):
            raise NodeError(f"invalid value for header {name}: line breaks are not allowed")
        merged[name] = filled
    data: bytes | None = None
    if body is not None:
        filled_body = interpolate(ctx, body)
        if isinstance(filled_body, str):
            data = filled_body.encode("utf-8")
        else:
            data = dumps(filled_body).encode("utf-8")
            if "Content-Type" not in merged:
                merged["Content-Type"] = "application/json"
    spec = RequestSpec(method=method.upper(), url=target, headers=merged, body=data)
    return authorise(spec, client)


class Http(NodeType[HttpConfig]):
    """Sends one HTTP request and returns the response body (JSON decoded)."""

    type_name = "http"
    category = "network"
    Config = HttpConfig

    def check_config(self, config: HttpConfig) -> Iterable[ConfigError]:
        yield from check_request_config(
            config.method, config.headers, config.query, config.url, config.http_client_uid
        )

    def check_engine(self, config: HttpConfig, load: Any) -> Iterable[ConfigError]:
        """Load-time checks against the engine the workflow is loaded into."""
        yield from check_request_engine(
            load.config, load.services, config.url, config.http_client_uid
        )

    def is_stateful(self, config: HttpConfig) -> bool:
        return reads_context(config)

    async def run(self, config: HttpConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        if not ctx.config.allow_http:
            raise NodeError(NOT_ALLOWED)
        ctx.count_http_call()
        profile = client_profile(ctx, config.http_client_uid)
        spec = build_request(
            ctx,
            profile.client,
            config.method,
            config.url,
            config.headers,
            config.query,
            config.body,
        )
        response = await fetch(ctx, profile, spec)
        return decode_body(response)


@hookimpl
def register_node_types(register: Any) -> None:
    register(Http)
