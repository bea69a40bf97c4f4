"""``paginator``: fetch page after page of an HTTP API and collect the items.

Every page is one request of the ``http`` node's machinery: same SSRF checks, named clients,
limits and messages, and each page counts against ``max_http_calls_per_exec``. Config:

* ``url`` (required): the first page (absolute, or relative to the client's ``base_url``);
  ``method``, ``headers``, ``query``, ``body``, ``http_client_uid`` as for ``http``.
* ``pagination_strategy`` (required):

  - ``offset_limit`` (or ``offset``): sends ``offset_param`` (default ``offset``, from 0)
    and, when ``page_size`` is set, ``limit_param`` (default ``limit``);
  - ``page_number`` (or ``page``): sends ``page_param`` (default ``page``, from
    ``start_page``, default 1) and, when ``page_size`` is set, ``per_page_param``
    (default ``per_page``);
  - ``cursor``: reads the next cursor at ``next_cursor_path`` (required) and sends it as
    ``cursor_param`` (default ``cursor``);
  - ``link_header`` (or ``link``): follows the ``rel="next"`` URL of the ``link_header``
    response header (default ``Link``, RFC 8288).

* ``results_path``: dotted path of the items array in each page (``data.items``); without
  it each page must be an array. ``total_count_path``: dotted path of the total item count,
  used to stop early. ``max_pages`` (default 10) bounds the number of requests.

Paging stops at an empty page, a short page (fewer than ``page_size`` items), the total
count, a missing or repeated cursor / next link, or ``max_pages``. Result:
``{"items": [...], "pages": <requests made>, "total": <items collected>}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from yarl import URL

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.values import is_number
from thaiyyal_http.exchange import (
    NOT_ALLOWED,
    RequestSpec,
    client_profile,
    decode_body,
    fetch,
    join_base_url,
    strip_credentials,
)
from thaiyyal_http.guard import UrlRejected

from .http import (
    RequestConfig,
    build_request,
    check_request_config,
    check_request_engine,
    reads_context,
)

__all__ = ["Paginator", "PaginatorConfig", "next_link"]

_STRATEGIES = {
    "offset_limit": "offset",
    "offset": "offset",
    "page_number": "page",
    "page": "page",
    "cursor": "cursor",
    "link_header": "link",
    "link": "link",
}
_MISSING = object()


@node_config
class PaginatorConfig(RequestConfig):
    """The request of the first page (``url`` and the other request fields), then:"""

    #: ``offset_limit``, ``page_number``, ``cursor`` or ``link_header``
    pagination_strategy: str
    offset_param: str = "offset"
    limit_param: str = "limit"
    page_size: int | None = None
    max_pages: int = 10
    page_param: str = "page"
    per_page_param: str = "per_page"
    start_page: int = 1
    cursor_param: str = "cursor"
    next_cursor_path: str | None = None
    #: name of the response header holding the links
    link_header: str = "Link"
    total_count_path: str | None = None
    results_path: str | None = None


def lookup(value: Any, path: str | None) -> Any:
    """The value at a dotted path (``data.items``, ``pages.0.next``); a missing step gives
    ``_MISSING``. An empty path is the value itself."""
    if not path:
        return value
    for step in path.split("."):
        if isinstance(value, dict):
            value = value.get(step, _MISSING)
        elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return value


_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")


def next_link(header: str | None) -> str | None:
    """The ``rel="next"`` target of a Link header, or None."""
    if not header:
        return None
    for found in _LINK.finditer(header):
        target, params = found.group(1), found.group(2)
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "rel" and "next" in value.strip().strip('"').lower().split():
                return target
    return None


class Paginator(NodeType[PaginatorConfig]):
    """Fetches pages of an HTTP API and collects their items."""

    type_name = "paginator"
    category = "network"
    Config = PaginatorConfig
    array_key = "items"

    def check_config(self, config: PaginatorConfig) -> Iterable[ConfigError]:
        strategy = _STRATEGIES.get(config.pagination_strategy)
        if strategy is None:
            yield ConfigError(
                f"unsupported pagination strategy: {config.pagination_strategy} "
                "(supported: offset_limit, page_number, cursor, link_header)",
                field="pagination_strategy",
            )
        elif strategy == "cursor" and not config.next_cursor_path:
            yield ConfigError(
                "cursor pagination requires next_cursor_path", field="next_cursor_path"
            )
        if config.max_pages < 1:
            yield ConfigError(
                f"max_pages must be at least 1, got {config.max_pages}", field="max_pages"
            )
        if config.page_size is not None and config.page_size < 1:
            yield ConfigError(
                f"page_size must be at least 1, got {config.page_size}", field="page_size"
            )
        yield from check_request_config(
            config.method, config.headers, config.query, config.url, config.http_client_uid
        )

    def check_engine(self, config: PaginatorConfig, load: Any) -> Iterable[ConfigError]:
        yield from check_request_engine(
            load.config, load.services, config.url, config.http_client_uid
        )

    def is_stateful(self, config: PaginatorConfig) -> bool:
        return reads_context(config)

    async def run(self, config: PaginatorConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        if not ctx.config.allow_http:
            raise NodeError(NOT_ALLOWED)
        strategy = _STRATEGIES[config.pagination_strategy]
        profile = client_profile(ctx, config.http_client_uid)
        first = build_request(
            ctx,
            profile.client,
            config.method,
            config.url,
            config.headers,
            config.query,
            config.body,
        )
        max_items = ctx.config.max_array_length
        items: list[Any] = []
        pages = 0
        offset = 0
        page = config.start_page
        cursor: Any = None
        seen: set[str] = set()
        link: str | None = None
        while pages < config.max_pages:
            spec = first
            if strategy == "offset":
                spec = _with_query(
                    spec, config.offset_param, offset, config.limit_param, config.page_size
                )
            elif strategy == "page":
                spec = _with_query(
                    spec, config.page_param, page, config.per_page_param, config.page_size
                )
            elif strategy == "cursor" and cursor is not None:
                spec = _with_query(spec, config.cursor_param, cursor, None, None)
            elif strategy == "link" and link is not None:
                spec = _follow(first, link, profile.client)
            ctx.count_http_call()
            response = await fetch(ctx, profile, spec)
            pages += 1
            body = decode_body(response)
            found = lookup(body, config.results_path)
            if not isinstance(found, list):
                where = f"results_path {config.results_path}" if config.results_path else "the page"
                raise NodeError(
                    f"paginator: {where} is not an array in page {pages}"
                    + ("" if config.results_path else " (set results_path)")
                )
            items.extend(found)
            if max_items and len(items) > max_items:
                raise NodeError(
                    f"paginator: array too large: {len(items)} elements (limit: {max_items})"
                )
            if not found:
                break
            if strategy in ("offset", "page"):
                offset += len(found)
                page += 1
                if config.page_size is not None and len(found) < config.page_size:
                    break
                total = lookup(body, config.total_count_path) if config.total_count_path else None
                if is_number(total) and offset >= total:  # type: ignore[operator]
                    break
            elif strategy == "cursor":
                cursor = lookup(body, config.next_cursor_path)
                if cursor is _MISSING or cursor in (None, "", False):
                    break
                cursor = _text(cursor)
                if cursor in seen:
                    break
                seen.add(cursor)
            else:
                target = next_link(response.headers.get(config.link_header))
                if target is None:
                    break
                link = str(response.url.join(URL(target)))
                if link in seen:
                    break
                seen.add(link)
        return {"items": items, "pages": pages, "total": len(items)}


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _with_query(
    spec: RequestSpec, name: str, value: Any, size_name: str | None, size: int | None
) -> RequestSpec:
    params = [(name, _text(value))]
    if size_name and size is not None:
        params.append((size_name, str(size)))
    names = {n for n, _ in params}
    kept = [(k, v) for k, v in spec.url.query.items() if k not in names]
    url = spec.url.with_query(kept + params)
    return RequestSpec(spec.method, url, spec.headers, spec.body)


def _follow(spec: RequestSpec, link: str, client: Any) -> RequestSpec:
    """The request for a ``rel="next"`` link: same method, headers and credentials."""
    try:
        url = URL(join_base_url(client, link))
    except (UrlRejected, ValueError) as exc:
        raise NodeError(f"URL validation failed: {exc}") from None
    headers = spec.headers.copy()
    if url.raw_host != spec.url.raw_host:
        headers = strip_credentials(headers, client)  # credentials stay with their host
    return RequestSpec(spec.method, url, headers, spec.body)


@hookimpl
def register_node_types(register: Any) -> None:
    register(Paginator)
