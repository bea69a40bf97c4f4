"""Sending one request the way node plugins need it: checked, bounded, credential-safe.

``fetch`` is shared by the ``http`` and ``paginator`` nodes. It

* judges the URL with the SSRF checker and pins the connection to the approved addresses,
* sends through one pooled ``aiohttp`` session per engine and client (an engine resource,
  closed by ``Engine.aclose()``): no cookie jar (runs must not share cookies), no proxy
  from the environment (a proxy would connect to addresses nobody checked),
* follows redirects itself, re-checking every hop, up to the client's limit,
* bounds the whole exchange by the client's timeout and stops reading the body as soon as
  it passes the size limit (a body of exactly the limit is accepted),
* and fails with the reference's messages, with credentials scrubbed from every text.

Which client a node uses is a :class:`ClientProfile`: the engine's default client (its
settings come from :class:`~thaiyyal.EngineConfig`) or a named client from the registry.
"""

from __future__ import annotations

import asyncio
import base64
import codecs
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import aiohttp
import attrs
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from thaiyyal import NodeContext, NodeError
from thaiyyal.durations import format_seconds

from .clients import (
    REDACTED,
    HttpClientConfig,
    HttpClientConfigError,
    HttpClientRegistry,
    registry_from_environment,
)
from .dns import PinnedResolver, Resolver, pinned_addresses
from .guard import AddressPolicy, Target, UrlGuard, UrlPolicy, UrlRejected, parse_url
from .patterns import PatternError

__all__ = [
    "CLIENTS_SERVICE",
    "NOT_ALLOWED",
    "RESOLVER_SERVICE",
    "ClientProfile",
    "HttpResponse",
    "RequestSpec",
    "client_profile",
    "decode_body",
    "fetch",
    "find_registry",
    "join_base_url",
    "strip_credentials",
]

#: ``Engine(services={CLIENTS_SERVICE: HttpClientRegistry(...)})`` provides named clients.
CLIENTS_SERVICE = "http.clients"
#: ``Engine(services={RESOLVER_SERVICE: resolver})`` replaces DNS for the SSRF checks.
RESOLVER_SERVICE = "http.resolver"

NOT_ALLOWED = (
    "HTTP requests are not allowed (AllowHTTP=false). "
    "Enable AllowHTTP in config to make HTTP requests"
)
USER_AGENT = "thaiyyal/0.1"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SENSITIVE = ("authorization", "proxy-authorization", "cookie")
_CHUNK = 64 * 1024
_NS = 1_000_000_000


@attrs.frozen
class ClientProfile:
    """The effective settings of one client (default or named) for one engine."""

    name: str  # "default" or the client's uid
    guard: UrlGuard
    timeout: float  # seconds for the whole exchange; 0 = none
    follow_redirects: bool
    max_redirects: int
    max_response_size: int  # 0 = unlimited
    session_key: str
    client: HttpClientConfig | None = None

    @property
    def secrets(self) -> list[str]:
        return self.client.auth.secrets() if self.client is not None else []


@attrs.frozen
class RequestSpec:
    method: str
    url: URL
    headers: CIMultiDict[str]
    body: bytes | None = None


@attrs.frozen
class HttpResponse:
    status: int
    headers: CIMultiDictProxy[str]
    body: bytes
    url: URL


# ----------------------------------------------------------------------------- clients


def find_registry(services: Mapping[str, Any]) -> HttpClientRegistry | None:
    """The named-client registry: the engine's service, else the ``THAIYYAL_HTTP_CLIENTS`` file."""
    found = services.get(CLIENTS_SERVICE)
    if found is not None:
        if not isinstance(found, HttpClientRegistry):
            raise NodeError(f"service {CLIENTS_SERVICE!r} is not an HttpClientRegistry")
        return found
    try:
        return registry_from_environment()
    except HttpClientConfigError as exc:
        raise NodeError(str(exc)) from None


def unknown_client_message(uid: str, registry: HttpClientRegistry | None) -> str:
    known = ", ".join(registry.uids()) if registry is not None and len(registry) else "none"
    return f"unknown http_client_uid: {uid} (registered clients: {known})"


def _engine_policy(
    config: Any,
    addresses: AddressPolicy,
    extra_domains: Sequence[str] = (),
    blocked: Sequence[str] = (),
) -> UrlPolicy:
    try:
        return UrlPolicy.build(
            addresses,
            allowed_domains=(tuple(config.allowed_domains), tuple(extra_domains)),
            blocked_domains=blocked,
            url_patterns=tuple(config.allowed_url_patterns),
        )
    except PatternError as exc:
        raise NodeError(f"URL validation failed: {exc}") from None


def build_profile(
    engine_config: Any, client: HttpClientConfig | None, resolver: Resolver | None
) -> ClientProfile:
    """Combine the engine's settings with a named client's (None: the default client).

    A named client brings its own address switches (an explicit operator decision, never a
    bypass: the checks always run); domain allow-lists of engine and client both apply, URL
    patterns are the engine's; size and redirect limits are the smaller of the two.
    """
    if client is None:
        addresses = AddressPolicy(
            allow_localhost=engine_config.allow_localhost,
            allow_private_ips=engine_config.allow_private_ips,
            allow_link_local=engine_config.allow_link_local,
            allow_cloud_metadata=engine_config.allow_cloud_metadata,
        )
        policy = _engine_policy(engine_config, addresses)
        timeout = float(engine_config.http_timeout)
        return ClientProfile(
            name="default",
            guard=UrlGuard(policy, resolver, dns_timeout=timeout),
            timeout=timeout,
            follow_redirects=True,
            max_redirects=engine_config.max_http_redirects,
            max_response_size=engine_config.max_response_size,
            session_key="http.session",
        )
    security = client.security
    addresses = AddressPolicy(
        allow_localhost=security.allow_localhost,
        allow_private_ips=security.allow_private_ips,
        allow_link_local=security.allow_link_local,
        allow_cloud_metadata=security.allow_cloud_metadata,
    )
    policy = _engine_policy(
        engine_config, addresses, security.allowed_domains, security.blocked_domains
    )
    timeout = client.network.timeout / _NS
    sizes = [s for s in (engine_config.max_response_size, security.max_response_size) if s]
    return ClientProfile(
        name=client.uid,
        guard=UrlGuard(policy, resolver, dns_timeout=timeout),
        timeout=timeout,
        follow_redirects=security.follow_redirects,
        max_redirects=min(security.max_redirects, engine_config.max_http_redirects),
        max_response_size=min(sizes) if sizes else 0,
        session_key=f"http.session:{client.uid}:{id(client)}",
        client=client,
    )


def client_profile(ctx: NodeContext, uid: str | None) -> ClientProfile:
    """The profile for ``uid`` (None: the default client), cached per engine."""
    resolver = ctx.services.get(RESOLVER_SERVICE)
    client: HttpClientConfig | None = None
    if uid:
        registry = find_registry(ctx.services)
        client = registry.get(uid) if registry is not None else None
        if client is None:
            raise NodeError(unknown_client_message(uid, registry))
    cache: dict[Any, ClientProfile] = ctx.resource("http.profiles", dict)
    key = (id(client), id(resolver), id(ctx.config))
    profile = cache.get(key)
    if profile is None or profile.client is not client:
        profile = cache[key] = build_profile(ctx.config, client, resolver)
    return profile


def join_base_url(client: HttpClientConfig | None, url: str) -> str:
    """Apply a named client's ``base_url`` to a relative URL (plain path joining).

    ``base_url`` ``https://api.example.com/v1`` and ``users?page=2`` (or ``/users?page=2``)
    give ``https://api.example.com/v1/users?page=2``; an empty URL gives ``base_url``. An
    absolute URL must keep the base's scheme, host and port, so a client's credentials are
    never sent to another host by a workflow. Raises :class:`UrlRejected`.
    """
    if client is None or not client.base_url:
        return url
    base = URL(client.base_url)
    parsed = parse_url(url) if url else URL()
    if parsed.is_absolute() or parsed.scheme:
        if (parsed.scheme, parsed.raw_host, parsed.port) != (base.scheme, base.raw_host, base.port):
            raise UrlRejected(
                f"URL {_display(parsed, [])} is outside the base_url of client {client.uid} "
                f"({client.base_url})"
            )
        return url
    if not url:
        return client.base_url
    base_text = str(base.with_query(None).with_fragment(None)).rstrip("/")
    return base_text + "/" + url.lstrip("/")


# ----------------------------------------------------------------------------- sessions


def _session_factory(profile: ClientProfile) -> Any:
    def make() -> aiohttp.ClientSession:
        keepalive: float | None
        if profile.client is None:
            limit, per_host, keepalive, force_close = 100, 100, 30.0, False
        else:
            network = profile.client.network
            per_host = network.max_conns_per_host
            limit = max(network.max_idle_conns, per_host, 1)
            keepalive = network.idle_conn_timeout / _NS or None
            force_close = network.disable_keep_alives
        connector = aiohttp.TCPConnector(
            limit=limit,
            limit_per_host=per_host,
            use_dns_cache=False,  # every connection asks the pinned resolver
            resolver=PinnedResolver(),
            keepalive_timeout=None if force_close else keepalive,
            force_close=force_close,
        )
        return aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,
            headers={"User-Agent": USER_AGENT},
            timeout=aiohttp.ClientTimeout(total=None),
        )

    return make


# ----------------------------------------------------------------------------- requests


def authorise(spec: RequestSpec, client: HttpClientConfig | None) -> RequestSpec:
    """Add a named client's default headers, query parameters and credentials."""
    if client is None:
        return spec
    headers: CIMultiDict[str] = CIMultiDict()
    for item in client.headers:
        headers.add(item.key, item.value)
    for name in {k.lower(): k for k in spec.headers}.values():
        headers.popall(name, None)
    headers.extend(spec.headers)
    url = spec.url
    if client.query_params:
        url = url.extend_query([(q.key, q.value) for q in client.query_params])
    auth = client.auth
    if auth.type == "basic" and auth.basic_auth is not None:
        pair = f"{auth.basic_auth.username}:{auth.basic_auth.password.reveal()}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    elif auth.type == "bearer" and auth.token is not None:
        headers["Authorization"] = "Bearer " + auth.token.token.reveal()
    elif auth.type == "apikey" and auth.api_key is not None:
        key = auth.api_key
        if key.location == "query":
            url = url.extend_query([(key.key, key.value.reveal())])
        else:
            headers[key.key] = key.value.reveal()
    return attrs.evolve(spec, url=url, headers=headers)


def _operation(method: str) -> str:
    """``Get``, ``Post``: how the reference names the operation in transport errors."""
    return method[:1].upper() + method[1:].lower()


def _display(url: URL, secrets: Iterable[str]) -> str:
    text = str(url.with_user(None).with_password(None).with_fragment(None))
    return scrub(text, secrets)


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Replace every credential (plain or URL-encoded) in ``text`` by ``***REDACTED***``."""
    for secret in secrets:
        if not secret:
            continue
        for form in {secret, URL.build(query={"x": secret}).raw_query_string[2:]}:
            if form:
                text = text.replace(form, REDACTED)
    return text


async def fetch(ctx: NodeContext, profile: ClientProfile, spec: RequestSpec) -> HttpResponse:
    """Send ``spec`` (already authorised) and return the 2xx response with its whole body.

    Raises :class:`NodeError` with the reference's texts: ``URL validation failed: ...``,
    ``HTTP request failed: ...``, ``HTTP request returned error status: <code>``,
    ``response too large (exceeds <n> bytes limit)``.
    """
    secrets = profile.secrets
    try:
        target = await profile.guard.check(spec.url)
    except UrlRejected as exc:
        raise NodeError(scrub(f"URL validation failed: {exc}", secrets)) from None
    session: aiohttp.ClientSession = ctx.resource(profile.session_key, _session_factory(profile))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + profile.timeout if profile.timeout else math.inf
    method, headers, body = spec.method, spec.headers, spec.body
    origin_host = target.url.raw_host
    redirects = 0
    while True:
        outcome = await _send(session, target, method, headers, body, deadline, profile, secrets)
        if isinstance(outcome, HttpResponse):
            return outcome
        status, location = outcome
        op = _operation(method)
        try:
            next_url = target.url.join(URL(location))
        except ValueError as exc:
            shown = _display(target.url, secrets)
            raise NodeError(
                scrub(f'HTTP request failed: {op} "{shown}": invalid redirect: {exc}', secrets)
            ) from None
        shown = _display(next_url, secrets)
        if redirects >= profile.max_redirects:
            raise NodeError(
                f'HTTP request failed: {op} "{shown}": '
                f"too many redirects (max {profile.max_redirects})"
            )
        try:
            target = await profile.guard.check(next_url)
        except UrlRejected as exc:
            raise NodeError(
                scrub(
                    f'HTTP request failed: {op} "{shown}": redirect URL validation failed: {exc}',
                    secrets,
                )
            ) from None
        redirects += 1
        if status in (301, 302, 303) and method not in ("GET", "HEAD"):
            method, body = "GET", None
            headers = CIMultiDict((k, v) for k, v in headers.items() if k.lower() != "content-type")
        if target.url.raw_host != origin_host:
            headers = strip_credentials(headers, profile.client)


def strip_credentials(
    headers: CIMultiDict[str], client: HttpClientConfig | None
) -> CIMultiDict[str]:
    """Headers for a hop to another host: no credentials follow a redirect off the origin."""
    drop = set(_SENSITIVE)
    if client is not None and client.auth.api_key is not None:
        drop.add(client.auth.api_key.key.lower())
    return CIMultiDict((k, v) for k, v in headers.items() if k.lower() not in drop)


async def _send(
    session: aiohttp.ClientSession,
    target: Target,
    method: str,
    headers: CIMultiDict[str],
    body: bytes | None,
    deadline: float,
    profile: ClientProfile,
    secrets: list[str],
) -> HttpResponse | tuple[int, str]:
    """One hop: the final response, or ``(status, location)`` for a redirect to follow."""
    loop = asyncio.get_running_loop()
    remaining = deadline - loop.time()
    op = _operation(method)
    if remaining <= 0:
        shown = _display(target.url, secrets)
        raise NodeError(f'HTTP request failed: {op} "{shown}": {_timed_out(profile)}')
    timeout = aiohttp.ClientTimeout(
        total=None if math.isinf(remaining) else remaining,
        sock_connect=profile.timeout or None,
        sock_read=profile.timeout or None,
    )
    try:
        with pinned_addresses(target.host, target.addresses):
            async with session.request(
                method,
                target.url,
                headers=headers,
                data=body,
                allow_redirects=False,
                timeout=timeout,
            ) as resp:
                location = resp.headers.get("Location")
                if resp.status in _REDIRECTS and profile.follow_redirects and location:
                    resp.release()
                    return resp.status, location
                if not 200 <= resp.status < 300:
                    resp.close()
                    raise NodeError(f"HTTP request returned error status: {resp.status}")
                data = await _read_limited(resp, profile.max_response_size)
                return HttpResponse(resp.status, resp.headers, data, target.url)
    except NodeError:
        raise
    except asyncio.TimeoutError:
        shown = _display(target.url, secrets)
        raise NodeError(f'HTTP request failed: {op} "{shown}": {_timed_out(profile)}') from None
    except aiohttp.ClientPayloadError as exc:
        raise NodeError(scrub(f"failed to read response body: {exc}", secrets)) from None
    except (aiohttp.ClientError, OSError, ValueError) as exc:
        detail = str(exc) or type(exc).__name__
        shown = _display(target.url, secrets)
        raise NodeError(scrub(f'HTTP request failed: {op} "{shown}": {detail}', secrets)) from None


def _timed_out(profile: ClientProfile) -> str:
    return f"request timed out after {format_seconds(profile.timeout)} (Client.Timeout exceeded)"


async def _read_limited(resp: aiohttp.ClientResponse, limit: int) -> bytes:
    """The body, read in chunks; stops (and drops the connection) past ``limit`` bytes."""
    declared = resp.content_length
    if (
        limit
        and declared is not None
        and declared > limit
        and not resp.headers.get("Content-Encoding")
    ):
        resp.close()
        raise NodeError(f"response too large (exceeds {limit} bytes limit)")
    chunks: list[bytes] = []
    total = 0
    async for chunk in resp.content.iter_chunked(_CHUNK):
        total += len(chunk)
        if limit and total > limit:
            resp.close()
            raise NodeError(f"response too large (exceeds {limit} bytes limit)")
        chunks.append(chunk)
    return b"".join(chunks)


# ----------------------------------------------------------------------------- bodies


def media_type(headers: Mapping[str, str]) -> tuple[str, str | None]:
    """``(media type, charset)`` from Content-Type: lower-cased, parameters split off."""
    raw = headers.get("Content-Type", "")
    parts = raw.split(";")
    mtype = parts[0].strip().lower()
    charset = None
    for param in parts[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return mtype, charset


def is_json_type(mtype: str) -> bool:
    return mtype == "application/json" or (
        mtype.startswith("application/") and mtype.endswith("+json")
    )


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid number {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text}")
    return value


def parse_json(text: str) -> Any:
    """JSON with ordinary numbers: integers exact (``int``), others ``float``; no NaN/Inf."""
    return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)


def _text(data: bytes, charset: str | None) -> str:
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = None
    return data.decode(charset or "utf-8", errors="replace")


def decode_body(response: HttpResponse) -> Any:
    """The node result: decoded JSON for JSON responses (declared or sniffed), else text.

    Declared JSON that does not parse fails with ``failed to parse JSON response: ...``;
    a body that only looks like JSON (no Content-Type) falls back to text.
    """
    mtype, charset = media_type(response.headers)
    text = _text(response.body, charset)
    if text.startswith("\ufeff"):
        text = text[1:]
    if is_json_type(mtype):
        try:
            return parse_json(text)
        except (ValueError, RecursionError) as exc:
            raise NodeError(f"failed to parse JSON response: {exc}") from None
    if not mtype and text.strip()[:1] in ("{", "["):
        try:
            return parse_json(text)
        except (ValueError, RecursionError):
            return text
    return text
