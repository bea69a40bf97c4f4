"""A local aiohttp server for HTTP node tests, bound to 127.0.0.1 on a free port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web


class LocalServer:
    """Routes the HTTP node tests need; records what it saw."""

    def __init__(self) -> None:
        self.peers: set[Any] = set()
        self.requests: list[dict[str, Any]] = []
        self.bytes_sent = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        app = web.Application()
        r = app.router
        r.add_route("*", "/echo", self.echo)
        r.add_get("/json", self.json)
        r.add_get("/text", self.text)
        r.add_get("/latin1", self.latin1)
        r.add_get("/sniff", self.sniff)
        r.add_get("/badjson", self.badjson)
        r.add_get("/status/{code}", self.status)
        r.add_route("*", "/redirect", self.redirect)
        r.add_get("/chain/{n}", self.chain)
        r.add_get("/slow", self.slow)
        r.add_get("/big", self.big)
        r.add_get("/sized", self.sized)
        r.add_get("/items", self.items)
        r.add_get("/cursor", self.cursor)
        r.add_get("/linked", self.linked)
        return app

    def _seen(self, request: web.Request) -> None:
        self.peers.add(request.transport.get_extra_info("peername") if request.transport else None)

    async def echo(self, request: web.Request) -> web.Response:
        self._seen(request)
        body = await request.text()
        seen = {
            "method": request.method,
            "headers": dict(request.headers),
            "query": list(request.query.items()),
            "body": body,
        }
        self.requests.append(seen)
        return web.json_response(seen)

    async def json(self, request: web.Request) -> web.Response:
        self._seen(request)
        text = (
            '{"big": 12345678901234567890123, "int": 7, "float": 2.5, "list": [1, 2.0], "s": "ü"}'
        )
        return web.Response(text=text, content_type="application/vnd.api+json")

    async def text(self, request: web.Request) -> web.Response:
        self._seen(request)
        return web.Response(text="hello", content_type="text/plain")

    async def latin1(self, request: web.Request) -> web.Response:
        return web.Response(
            body="café".encode("latin-1"),
            headers={"Content-Type": "text/plain; charset=iso-8859-1"},
        )

    async def sniff(self, request: web.Request) -> web.Response:
        self._seen(request)
        return web.Response(body=b' {"a": 1}', headers={"Content-Type": ""})

    async def badjson(self, request: web.Request) -> web.Response:
        return web.Response(text="{nope", content_type="application/json")

    async def status(self, request: web.Request) -> web.Response:
        return web.Response(status=int(request.match_info["code"]), text="status")

    async def redirect(self, request: web.Request) -> web.Response:
        self._seen(request)
        code = int(request.query.get("code", "302"))
        raise _redirect(code, request.query["to"])

    async def chain(self, request: web.Request) -> web.Response:
        self._seen(request)
        n = int(request.match_info["n"])
        if n == 0:
            return web.json_response({"done": True})
        raise _redirect(302, f"/chain/{n - 1}")

    async def slow(self, request: web.Request) -> web.Response:
        await asyncio.sleep(float(request.query.get("delay", "5")))
        return web.Response(text="late")

    async def big(self, request: web.Request) -> web.StreamResponse:
        """``n`` bytes, streamed without Content-Length."""
        total = int(request.query["n"])
        resp = web.StreamResponse(headers={"Content-Type": "text/plain"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        chunk = b"x" * 65536
        sent = 0
        try:
            while sent < total:
                part = chunk[: total - sent]
                await resp.write(part)
                sent += len(part)
                self.bytes_sent = sent
            await resp.write_eof()
        except (ConnectionError, asyncio.CancelledError):
            pass
        return resp

    async def sized(self, request: web.Request) -> web.Response:
        return web.Response(body=b"y" * int(request.query["n"]), content_type="text/plain")

    async def items(self, request: web.Request) -> web.Response:
        """30 items, paged by offset/limit or page/per_page."""
        self._seen(request)
        self.requests.append({"query": list(request.query.items())})
        data = list(range(30))
        if "offset" in request.query:
            start, size = int(request.query["offset"]), int(request.query.get("limit", "10"))
        else:
            size = int(request.query.get("per_page", "10"))
            start = (int(request.query.get("page", "1")) - 1) * size
        return web.json_response({"data": data[start : start + size], "total": len(data)})

    async def cursor(self, request: web.Request) -> web.Response:
        pages = {None: (["a", "b"], "c2"), "c2": (["c", "d"], "c3"), "c3": (["e"], None)}
        items, nxt = pages[request.query.get("cursor")]
        return web.json_response({"items": items, "meta": {"next": nxt}})

    async def linked(self, request: web.Request) -> web.Response:
        page = int(request.query.get("p", "1"))
        headers = {}
        if page < 3:
            headers["Link"] = f'</linked?p={page + 1}>; rel="next", </linked?p=1>; rel="first"'
        return web.json_response([page * 10, page * 10 + 1], headers=headers)

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app())
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def _redirect(code: int, location: str) -> web.HTTPException:
    classes = {
        301: web.HTTPMovedPermanently,
        302: web.HTTPFound,
        303: web.HTTPSeeOther,
        307: web.HTTPTemporaryRedirect,
        308: web.HTTPPermanentRedirect,
    }
    return classes[code](location)


@asynccontextmanager
async def local_server() -> AsyncIterator[LocalServer]:
    server = LocalServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
