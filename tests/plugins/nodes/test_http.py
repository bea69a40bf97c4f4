"""The ``http`` node against a real local server (127.0.0.1, started by the tests)."""

from __future__ import annotations

from typing import Any

import pytest

from thaiyyal import Engine, EngineConfig, InvalidWorkflow, RunResult

from .http_server import LocalServer, local_server


def local_engine(**config: Any) -> Engine:
    """An engine that may reach the test server: localhost explicitly allowed."""
    settings: dict[str, Any] = {"allow_http": True, "allow_localhost": True}
    settings.update(config)
    return Engine(EngineConfig(**settings))


async def run_one(engine: Engine, **data: Any) -> RunResult:
    return await engine.run({"nodes": [{"id": "h", "type": "http", "data": data}]})


async def call(server: LocalServer, path: str, **data: Any) -> Any:
    async with local_engine() as engine:
        result = await run_one(engine, url=server.url + path, **data)
    assert result.error is None, result.error
    return result.node_results["h"]


async def failure(engine: Engine, **data: Any) -> str:
    result = await run_one(engine, **data)
    assert result.error is not None, result.node_results
    return str(result.error)


async def test_json_response_numbers_are_ordinary_and_exact() -> None:
    async with local_server() as server:
        body = await call(server, "/json")
    assert body == {
        "big": 12345678901234567890123,
        "int": 7,
        "float": 2.5,
        "list": [1, 2.0],
        "s": "ü",
    }
    assert type(body["int"]) is int and type(body["float"]) is float


async def test_text_sniffed_and_charset_bodies() -> None:
    async with local_server() as server:
        assert await call(server, "/text") == "hello"
        assert await call(server, "/sniff") == {"a": 1}
        assert await call(server, "/latin1") == "café"


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "patch"])
async def test_any_method(method: str) -> None:
    async with local_server() as server:
        seen = await call(server, "/echo", method=method)
    assert seen["method"] == method.upper()


async def test_headers_query_and_json_body() -> None:
    async with local_server() as server:
        seen = await call(
            server,
            "/echo?a=1",
            method="POST",
            headers={"X-Trace": "abc", "Accept": "application/json"},
            query={"b": "2"},
            body={"count": 5, "ratio": 0.5, "tags": ["x"]},
        )
    assert seen["headers"]["X-Trace"] == "abc"
    assert seen["headers"]["Content-Type"] == "application/json"
    assert seen["query"] == [["a", "1"], ["b", "2"]]
    assert seen["body"] == '{"count":5,"ratio":0.5,"tags":["x"]}'


async def test_string_body_is_sent_as_is_with_its_own_content_type() -> None:
    async with local_server() as server:
        seen = await call(
            server,
            "/echo",
            method="PUT",
            body="a=1&b=2",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert seen["body"] == "a=1&b=2"
    assert seen["headers"]["Content-Type"] == "application/x-www-form-urlencoded"


async def test_non_2xx_fails_with_the_reference_message() -> None:
    async with local_server() as server, local_engine() as engine:
        for code in (404, 500, 204):
            result = await run_one(engine, url=f"{server.url}/status/{code}")
            if code == 204:
                assert result.node_results["h"] == ""
            else:
                assert str(result.error) == (
                    f"error executing node h: HTTP request returned error status: {code}"
                )


async def test_declared_json_that_does_not_parse_fails() -> None:
    async with local_server() as server, local_engine() as engine:
        message = await failure(engine, url=server.url + "/badjson")
    assert "failed to parse JSON response:" in message


async def test_redirects_are_followed_up_to_the_limit() -> None:
    async with local_server() as server:
        assert await call(server, "/chain/3") == {"done": True}
        async with local_engine(max_http_redirects=2) as engine:
            message = await failure(engine, url=server.url + "/chain/3")
    assert f'HTTP request failed: Get "{server.url}/chain/0": too many redirects (max 2)' in message


async def test_303_after_post_becomes_get_without_body() -> None:
    async with local_server() as server:
        seen = await call(server, "/redirect?code=303&to=/echo", method="POST", body={"x": 1})
        assert seen["method"] == "GET" and seen["body"] == ""
        seen = await call(server, "/redirect?code=307&to=/echo", method="POST", body="keep")
        assert seen["method"] == "POST" and seen["body"] == "keep"


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://10.0.0.1/", "IP validation failed for 10.0.0.1: private IP addresses are blocked"),
        ("http://169.254.169.254/latest/", "link-local addresses are blocked"),
        ("http://2130706433:1/", "localhost"),
        ("ftp://127.0.0.1/", "URL scheme not allowed: ftp"),
    ],
)
async def test_redirect_to_a_blocked_address_is_refused(target: str, reason: str) -> None:
    async with local_server() as server:
        engine = (
            local_engine()
            if "2130706433" not in target
            else Engine(EngineConfig(allow_http=True, allow_localhost=False))
        )
        async with engine:
            if "2130706433" in target:
                # the first hop itself is refused when localhost is not allowed
                message = await failure(engine, url=f"{server.url}/redirect?to={target}")
                assert "IP validation failed for 127.0.0.1" in message
                return
            message = await failure(engine, url=f"{server.url}/redirect?to={target}")
    assert "redirect URL validation failed: " in message
    assert reason in message


async def test_slow_response_times_out() -> None:
    async with local_server() as server, local_engine(http_timeout=0.3) as engine:
        message = await failure(engine, url=server.url + "/slow?delay=5")
    assert message.startswith(
        f'error executing node h: HTTP request failed: Get "{server.url}/slow'
    )
    assert "timed out after 300ms" in message


async def test_response_size_limit_exactly_and_one_over() -> None:
    async with local_server() as server, local_engine(max_response_size=1000) as engine:
        ok = await run_one(engine, url=server.url + "/sized?n=1000")
        assert ok.node_results["h"] == "y" * 1000
        message = await failure(engine, url=server.url + "/sized?n=1001")
        assert message.endswith("response too large (exceeds 1000 bytes limit)")
        ok = await run_one(engine, url=server.url + "/big?n=1000")
        assert ok.error is None
        message = await failure(engine, url=server.url + "/big?n=1001")
        assert message.endswith("response too large (exceeds 1000 bytes limit)")


async def test_huge_streamed_response_stops_reading_early() -> None:
    huge = 200 * 1024 * 1024
    async with local_server() as server, local_engine(max_response_size=256 * 1024) as engine:
        message = await failure(engine, url=f"{server.url}/big?n={huge}")
        assert message.endswith("response too large (exceeds 262144 bytes limit)")
    # the server could only push what the socket buffers held before the client hung up
    assert server.bytes_sent < huge // 4


async def test_connections_are_reused_across_nodes() -> None:
    nodes = [{"id": f"h{i}", "type": "http", "data": {"url": ""}} for i in range(10)]
    edges = [{"source": f"h{i}", "target": f"h{i + 1}"} for i in range(9)]
    async with local_server() as server:
        for node in nodes:
            node["data"]["url"] = server.url + "/text"
        async with local_engine() as engine:
            for _ in range(3):
                result = await engine.run({"nodes": nodes, "edges": edges})
                assert result.error is None
    assert len(server.peers) == 1


async def test_checks_run_in_the_reference_order() -> None:
    async with local_server() as server:
        engine = Engine(EngineConfig(allow_http=False))
        message = await failure(engine, url="http://nowhere.test/")
        assert message == (
            "error executing node h: HTTP requests are not allowed (AllowHTTP=false). "
            "Enable AllowHTTP in config to make HTTP requests"
        )
        nodes = [
            {"id": f"h{i}", "type": "http", "data": {"url": server.url + "/text"}} for i in range(3)
        ]
        edges = [{"source": "h0", "target": "h1"}, {"source": "h1", "target": "h2"}]
        async with local_engine(max_http_calls_per_exec=2) as engine:
            result = await engine.run({"nodes": nodes, "edges": edges})
        assert str(result.error) == (
            "error executing node h2: maximum HTTP calls per execution exceeded: 3 (limit: 2)"
        )
        server.peers.clear()
        async with Engine(EngineConfig(allow_http=True)) as engine:
            message = await failure(engine, url=server.url + "/text")
        assert message == (
            "error executing node h: URL validation failed: IP validation failed for "
            "127.0.0.1: localhost addresses are blocked (set allow_localhost=true to permit)"
        )
    assert server.peers == set()  # the refused request never connected


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"url": "ftp://x/"}, "url", "URL validation failed: URL scheme not allowed: ftp"),
        ({"url": "http:///x"}, "url", "URL validation failed: URL missing hostname"),
        ({"url": "http://x/", "method": "GE T"}, "method", "invalid HTTP method"),
        ({"url": "http://x/", "headers": {"X": "a\r\nB: c"}}, "headers", "line breaks"),
        ({"url": "http://x/", "headers": {"Bad Name": "v"}}, "headers", "invalid header name"),
        ({"url": "http://x/", "headers": {"X": 1}}, "headers", "expected a string"),
    ],
)
def test_impossible_configs_are_load_time_errors(
    data: dict[str, Any], field: str, text: str
) -> None:
    with pytest.raises(InvalidWorkflow) as info:
        Engine(EngineConfig.server()).load({"nodes": [{"id": "h", "type": "http", "data": data}]})
    problem = info.value.problems[0]
    assert problem.node_id == "h" and problem.field and problem.field.startswith(field)
    assert text in problem.message


def test_allowed_domains_are_checked_at_load_time() -> None:
    engine = Engine(EngineConfig(allow_http=True, allowed_domains=("api.example.com",)))
    with pytest.raises(InvalidWorkflow) as info:
        engine.load({"nodes": [{"id": "h", "type": "http", "data": {"url": "http://evil.test/"}}]})
    assert "URL validation failed: domain not in allowlist: evil.test" in str(info.value)


def test_templated_urls_wait_for_the_run() -> None:
    Engine(EngineConfig.server()).load(
        {"nodes": [{"id": "h", "type": "http", "data": {"url": "{{ const.base }}/x"}}]}
    )


async def test_engine_aclose_closes_the_shared_session() -> None:
    async with local_server() as server:
        engine = local_engine()
        await run_one(engine, url=server.url + "/text")
        session = engine.resources.peek("http.session")
        assert session is not None and not session.closed
        await engine.aclose()
        assert session.closed


def test_run_sync_works_and_the_request_is_inferred() -> None:
    import asyncio

    async def scenario() -> Any:
        async with local_server() as server, local_engine() as engine:
            return await engine.run({"nodes": [{"id": "h", "data": {"url": server.url + "/json"}}]})

    result = asyncio.run(scenario())
    assert result.node_results["h"]["int"] == 7


async def test_templates_are_filled_from_context_values() -> None:
    async with local_server() as server, local_engine() as engine:
        body = {
            "nodes": [
                {
                    "id": "a_ctx",
                    "type": "context_constant",
                    "data": {
                        "context_values": [{"name": "base", "value": server.url, "type": "string"}]
                    },
                },
                {"id": "h", "type": "http", "data": {"url": "{{ const.base }}/text"}},
            ]
        }
        plan = engine.load(body)
        assert plan.by_id["h"].stateful
        result = await engine.run(plan)
    assert result.error is None, result.error
    assert result.node_results["h"] == "hello"


def test_untemplated_requests_are_not_stateful() -> None:
    plan = Engine(EngineConfig.server()).load(
        {"nodes": [{"id": "h", "type": "http", "data": {"url": "https://example.com/x"}}]}
    )
    assert not plan.by_id["h"].stateful
