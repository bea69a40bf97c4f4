"""``paginator`` against the local server: four strategies, bounds, checks shared with http."""

from __future__ import annotations

from typing import Any

import pytest

from thaiyyal import Engine, EngineConfig, InvalidWorkflow

from .http_server import local_server


def pager(**data: Any) -> dict[str, Any]:
    return {"nodes": [{"id": "p", "type": "paginator", "data": data}]}


def local_engine(**config: Any) -> Engine:
    settings: dict[str, Any] = {"allow_http": True, "allow_localhost": True}
    settings.update(config)
    return Engine(EngineConfig(**settings))


async def run(**data: Any) -> Any:
    async with local_server() as server:
        data["url"] = server.url + data["url"]
        async with local_engine() as engine:
            result = await engine.run(pager(**data))
    return result, server


async def test_offset_limit() -> None:
    result, server = await run(
        url="/items",
        pagination_strategy="offset_limit",
        page_size=10,
        results_path="data",
        total_count_path="total",
    )
    out = result.node_results["p"]
    assert out == {"items": list(range(30)), "pages": 3, "total": 30}
    assert [r["query"] for r in server.requests][1] == [("offset", "10"), ("limit", "10")]


async def test_page_number_stops_on_a_short_page() -> None:
    result, _ = await run(
        url="/items", pagination_strategy="page_number", page_size=12, results_path="data"
    )
    assert result.node_results["p"]["pages"] == 3
    assert result.node_results["p"]["items"] == list(range(30))


async def test_cursor() -> None:
    result, _ = await run(
        url="/cursor",
        pagination_strategy="cursor",
        next_cursor_path="meta.next",
        results_path="items",
    )
    assert result.node_results["p"] == {"items": ["a", "b", "c", "d", "e"], "pages": 3, "total": 5}


async def test_link_header() -> None:
    result, _ = await run(url="/linked", pagination_strategy="link_header")
    assert result.node_results["p"]["items"] == [10, 11, 20, 21, 30, 31]


async def test_max_pages_bounds_the_requests() -> None:
    result, server = await run(
        url="/items", pagination_strategy="offset", page_size=5, results_path="data", max_pages=2
    )
    assert result.node_results["p"]["pages"] == 2 and len(server.requests) == 2


async def test_each_page_counts_as_an_http_call() -> None:
    async with local_server() as server, local_engine(max_http_calls_per_exec=2) as engine:
        result = await engine.run(
            pager(
                url=server.url + "/items",
                pagination_strategy="page",
                page_size=5,
                results_path="data",
            )
        )
    assert "maximum HTTP calls per execution exceeded: 3 (limit: 2)" in str(result.error)


async def test_pages_go_through_the_ssrf_checks() -> None:
    async with local_server() as server, Engine(EngineConfig(allow_http=True)) as engine:
        result = await engine.run(pager(url=server.url + "/items", pagination_strategy="page"))
    assert "URL validation failed: IP validation failed for 127.0.0.1" in str(result.error)


async def test_a_page_that_is_not_an_array() -> None:
    result, _ = await run(url="/items", pagination_strategy="page")
    assert "paginator: the page is not an array in page 1 (set results_path)" in str(result.error)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"pagination_strategy": "offset_limit"}, "missing required field: url"),
        (
            {"pagination_strategy": "zigzag", "url": "http://x/"},
            "unsupported pagination strategy: zigzag",
        ),
        (
            {"pagination_strategy": "cursor", "url": "http://x/"},
            "cursor pagination requires next_cursor_path",
        ),
        (
            {"pagination_strategy": "page", "url": "http://x/", "max_pages": 0},
            "max_pages must be at least 1",
        ),
        ({"pagination_strategy": "page", "url": "gopher://x/"}, "URL scheme not allowed: gopher"),
    ],
)
def test_load_time_checks(data: dict[str, Any], text: str) -> None:
    with pytest.raises(InvalidWorkflow) as info:
        Engine(EngineConfig.server()).load(pager(**data))
    assert text in str(info.value)


def test_next_link_parsing() -> None:
    from thaiyyal_nodes.paginator import next_link

    assert next_link('<https://a/2>; rel="next", <https://a/9>; rel="last"') == "https://a/2"
    assert next_link('<https://a/1>; rel="prev first"') is None
    assert next_link(None) is None


def test_templated_first_pages_wait_for_the_context_nodes() -> None:
    from thaiyyal import Engine, EngineConfig

    plan = Engine(EngineConfig.server()).load(
        {
            "nodes": [
                {
                    "id": "p",
                    "type": "paginator",
                    "data": {"pagination_strategy": "page_number", "url": "{{ const.api }}/items"},
                }
            ]
        }
    )
    assert plan.by_id["p"].stateful
