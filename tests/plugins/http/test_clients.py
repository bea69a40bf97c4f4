"""Named HTTP clients: config format, registry, credentials that never leak, SSRF always on."""

from __future__ import annotations

import json
from typing import Any

import pytest

from thaiyyal import Engine, EngineConfig, InvalidWorkflow
from thaiyyal_http import (
    CLIENTS_SERVICE,
    REDACTED,
    RESOLVER_SERVICE,
    AuthConfig,
    HttpClientConfig,
    HttpClientConfigError,
    HttpClientRegistry,
    KeyValue,
    SecurityConfig,
    StaticResolver,
)

from ...helpers import captured_logs
from ..nodes.http_server import local_server

TOKEN = "tok-5ecret-value"
LOCAL = SecurityConfig(allow_localhost=True, follow_redirects=True)


def engine_with(*clients: HttpClientConfig, **config: Any) -> Engine:
    settings: dict[str, Any] = {"allow_http": True}
    settings.update(config)
    services = {
        CLIENTS_SERVICE: HttpClientRegistry(clients),
        RESOLVER_SERVICE: StaticResolver({"localhost": ["127.0.0.1"]}),
    }
    return Engine(EngineConfig(**settings), services=services)


def http_node(uid: str, url: str, **data: Any) -> dict[str, Any]:
    return {
        "nodes": [{"id": "h", "type": "http", "data": {"url": url, "http_client_uid": uid, **data}}]
    }


async def test_bearer_base_url_headers_and_query() -> None:
    async with local_server() as server:
        client = HttpClientConfig(
            uid="api",
            base_url=server.url + "/",
            auth=AuthConfig.bearer(TOKEN),
            headers=(KeyValue("X-Client", "thaiyyal"), KeyValue("X-Client", "twice")),
            query_params=(KeyValue("v", "2"),),
            security=LOCAL,
        )
        async with engine_with(client) as engine:
            result = await engine.run(http_node("api", "echo", headers={"X-Node": "n"}))
    seen = result.node_results["h"]
    assert seen["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert seen["headers"]["X-Node"] == "n"
    assert seen["query"] == [["v", "2"]]


@pytest.mark.parametrize("location", ["header", "query"])
async def test_api_key(location: str) -> None:
    async with local_server() as server:
        client = HttpClientConfig(
            uid="k", auth=AuthConfig.apikey("X-Key", TOKEN, location), security=LOCAL
        )
        async with engine_with(client) as engine:
            result = await engine.run(http_node("k", server.url + "/echo"))
    seen = result.node_results["h"]
    if location == "header":
        assert seen["headers"]["X-Key"] == TOKEN
    else:
        assert seen["query"] == [["X-Key", TOKEN]]


async def test_basic_auth() -> None:
    async with local_server() as server:
        client = HttpClientConfig(uid="b", auth=AuthConfig.basic("ann", TOKEN), security=LOCAL)
        async with engine_with(client) as engine:
            result = await engine.run(http_node("b", server.url + "/echo"))
    assert result.node_results["h"]["headers"]["Authorization"].startswith("Basic ")


async def test_named_clients_never_bypass_the_ssrf_checks() -> None:
    async with local_server() as server:
        strict = HttpClientConfig(uid="strict", auth=AuthConfig.bearer(TOKEN))
        # the engine allows localhost; the client does not: the client's switches decide
        async with engine_with(strict, allow_localhost=True) as engine:
            result = await engine.run(http_node("strict", server.url + "/echo"))
    assert "URL validation failed: IP validation failed for 127.0.0.1: localhost" in str(
        result.error
    )
    assert server.requests == []


async def test_credentials_never_appear_in_errors_results_or_logs() -> None:
    with captured_logs(format="{message} {extra}") as lines:
        async with local_server() as server:
            clients = [
                HttpClientConfig(
                    uid="q", auth=AuthConfig.apikey("key", TOKEN, "query"), security=LOCAL
                ),
                HttpClientConfig(uid="h", auth=AuthConfig.bearer(TOKEN), security=LOCAL),
            ]
            async with engine_with(*clients, max_response_size=10) as engine:
                outcomes = [
                    await engine.run(http_node("q", "http://127.0.0.1:1/closed")),
                    await engine.run(http_node("q", server.url + "/status/500")),
                    await engine.run(http_node("q", server.url + "/chain/30")),
                    await engine.run(http_node("q", server.url + "/redirect?to=http://10.0.0.1/")),
                    await engine.run(http_node("h", server.url + "/text")),
                    await engine.run(http_node("q", server.url + "/big?n=100")),
                ]
    texts = [str(o.error) for o in outcomes] + [json.dumps(o.node_results) for o in outcomes]
    assert all(o.error is not None or o.node_results for o in outcomes)
    for text in texts + lines:
        assert TOKEN not in text, text
    assert any(REDACTED in t for t in texts)  # the query key was shown masked
    assert repr(clients[1]).count(TOKEN) == 0 and str(clients[1].auth).count(TOKEN) == 0


async def test_cross_host_redirect_drops_credentials() -> None:
    async with local_server() as server:
        client = HttpClientConfig(uid="c", auth=AuthConfig.bearer(TOKEN), security=LOCAL)
        port = server.url.rsplit(":", 1)[1]
        async with engine_with(client) as engine:
            same = await engine.run(http_node("c", server.url + "/redirect?to=/echo"))
            other = await engine.run(
                http_node("c", server.url + f"/redirect?to=http://localhost:{port}/echo")
            )
    assert same.node_results["h"]["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert "Authorization" not in other.node_results["h"]["headers"]


async def test_named_clients_do_not_follow_redirects_unless_told() -> None:
    async with local_server() as server:
        client = HttpClientConfig(uid="n", security=SecurityConfig(allow_localhost=True))
        async with engine_with(client) as engine:
            result = await engine.run(http_node("n", server.url + "/redirect?to=/text"))
    assert str(result.error).endswith("HTTP request returned error status: 302")


def test_unknown_uid_is_a_load_time_error() -> None:
    engine = engine_with(HttpClientConfig(uid="known"))
    with pytest.raises(InvalidWorkflow) as info:
        engine.load(http_node("missing", "http://example.com/"))
    problem = info.value.problems[0]
    assert problem.node_id == "h" and problem.field == "http_client_uid"
    assert "unknown http_client_uid: missing (registered clients: known)" in problem.message


def test_base_url_keeps_credentials_on_its_host() -> None:
    client = HttpClientConfig(
        uid="gh", base_url="https://api.example.com/v1", auth=AuthConfig.bearer(TOKEN)
    )
    engine = engine_with(client)
    engine.load(http_node("gh", "users?page=2"))
    with pytest.raises(InvalidWorkflow) as info:
        engine.load(http_node("gh", "https://evil.example.net/steal"))
    assert "is outside the base_url of client gh" in str(info.value)
    assert TOKEN not in str(info.value)


def test_json_format_round_trip_and_redaction() -> None:
    data = {
        "uid": "svc",
        "description": "a service",
        "auth": {"type": "basic", "basic_auth": {"username": "u", "password": TOKEN}},
        "network": {"timeout": 5_000_000_000, "idle_conn_timeout": "1m30s"},
        "security": {"follow_redirects": True, "allowed_domains": ["*.example.com"]},
        "headers": [{"key": "Authorization", "value": "x"}, {"key": "X-A", "value": "1"}],
        "query_params": [{"key": "a", "value": "1"}],
        "base_url": "https://api.example.com",
        "unknown_key": "ignored",
    }
    config = HttpClientConfig.from_json(data)
    assert config.network.timeout == 5_000_000_000
    assert config.network.idle_conn_timeout == 90_000_000_000
    assert config.auth.basic_auth is not None
    assert config.auth.basic_auth.password.reveal() == TOKEN
    out = config.to_json()
    text = json.dumps(out)
    assert TOKEN not in text and out["auth"]["basic_auth"]["password"] == REDACTED
    assert out["network"]["tls_handshake_timeout"] == 10_000_000_000
    assert out["headers"][0]["value"] == REDACTED and out["headers"][1]["value"] == "1"
    registry = HttpClientRegistry.from_json({"clients": [data]})
    assert registry.uids() == ["svc"]
    assert TOKEN not in json.dumps(registry.to_json())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "invalid config: uid is required"),
        ({"uid": "x", "auth": {"type": "oauth"}}, "invalid auth type: oauth"),
        ({"uid": "x", "auth": {"type": "basic"}}, "username is required for basic auth"),
        ({"uid": "x", "auth": {"type": "bearer", "token": {"token": ""}}}, "token is required"),
        (
            {
                "uid": "x",
                "auth": {
                    "type": "apikey",
                    "api_key": {"key": "k", "value": "v", "location": "body"},
                },
            },
            "invalid api key location",
        ),
        ({"uid": "x", "network": {"timeout": -1}}, "timeout cannot be negative"),
        ({"uid": "x", "network": {"timeout": "soon"}}, "invalid config:"),
        ({"uid": "x", "base_url": "ftp://x"}, "base_url must be an absolute http or https URL"),
        ({"uid": "x", "security": {"max_redirects": "3"}}, "invalid config:"),
    ],
)
def test_invalid_configs(data: dict[str, Any], message: str) -> None:
    with pytest.raises(HttpClientConfigError) as info:
        HttpClientConfig.from_json(data)
    assert message in str(info.value)


def test_duplicate_uid_and_file_loading(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = HttpClientRegistry([HttpClientConfig(uid="a")])
    with pytest.raises(HttpClientConfigError, match='client with UID "a" already exists'):
        registry.register(HttpClientConfig(uid="a"))
    path = tmp_path / "clients.json"
    path.write_text(json.dumps([{"uid": "from-file"}]))
    assert HttpClientRegistry.from_file(path).uids() == ["from-file"]
    monkeypatch.setenv("THAIYYAL_HTTP_CLIENTS", str(path))
    Engine(EngineConfig.server()).load(http_node("from-file", "http://example.com/"))
