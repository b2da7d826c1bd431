"""A forward HTTP proxy on 127.0.0.1 that records each request it relays (for HTTP(S)_PROXY)."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer


class RecordingProxy:
    def __init__(self) -> None:
        self.relayed: list[str] = []
        self._server: TestServer | None = None
        self._client: aiohttp.ClientSession | None = None
        self.url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._relay)
        self._server = TestServer(app, host="127.0.0.1", port=0)
        await self._server.start_server()
        self._client = aiohttp.ClientSession()  # trust_env off: never through itself
        self.url = f"http://127.0.0.1:{self._server.port}"
        return self.url

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
        if self._server is not None:
            await self._server.close()

    async def _relay(self, request: web.Request) -> web.Response:
        """A proxied request names its target in full; relay it and pass the answer back."""
        target = str(request.url)
        self.relayed.append(target)
        assert self._client is not None
        async with self._client.request(
            request.method,
            target,
            data=await request.read(),
            headers={"Content-Type": request.content_type},
        ) as response:
            return web.Response(
                status=response.status, body=await response.read(), content_type="application/json"
            )
