"""Headless Chromium (the Debian `chromium` package) driven over the DevTools protocol.

No browser download and no WebDriver: Chromium is started with a debugging port, and one
page is driven through its WebSocket with aiohttp (navigate, evaluate, emulate a phone).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

START_TIMEOUT = 30.0
STEP_TIMEOUT = 15.0


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """The browser, or a skip — but only outside CI, where it must be installed."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs the Debian chromium package (installed by .ci/run)")
        pytest.skip("browser tests need chromium (apt-get install -y chromium)")
    return path


class Page:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data)
            elif "method" in data:
                await self._events.put(data)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._pending[call_id] = future
        await self._ws.send_json({"id": call_id, "method": method, "params": params})
        data = await asyncio.wait_for(future, STEP_TIMEOUT)
        if "error" in data:
            raise RuntimeError(f"{method}: {data['error']}")
        return data["result"]

    async def _event(self, method: str) -> dict[str, Any]:
        async with asyncio.timeout(STEP_TIMEOUT):
            while True:
                event = await self._events.get()
                if event["method"] == method:
                    return event

    def _drain(self) -> None:
        while not self._events.empty():
            self._events.get_nowait()

    async def goto(self, url: str) -> None:
        self._drain()
        await self.send("Page.navigate", url=url)
        await self._event("Page.loadEventFired")

    async def goto_through(self, url: str, away: str, answer: Callable[[str], str]) -> None:
        """Navigate to `url` where a redirect leads away to `away` (a site the test cannot
        reach: WeCom's); the browser is redirected from there to `answer(that address)`, as
        that site would, and the page it ends on is loaded."""
        await self.send("Fetch.enable", patterns=[{"urlPattern": away + "*"}])
        try:
            self._drain()
            # The navigation answers only once the paused request goes on.
            navigating = asyncio.create_task(self.send("Page.navigate", url=url))
            paused = (await self._event("Fetch.requestPaused"))["params"]
            await self.send(
                "Fetch.fulfillRequest",
                requestId=paused["requestId"],
                responseCode=302,
                responseHeaders=[{"name": "Location", "value": answer(paused["request"]["url"])}],
            )
            await navigating
            await self._event("Page.loadEventFired")
        finally:
            await self.send("Fetch.disable")

    async def download(self, selector: str, folder: Path) -> Path:
        """Click the link at `selector` and wait until the file it answers is saved in
        `folder`; its path."""
        await self.send("Page.setDownloadBehavior", behavior="allow", downloadPath=str(folder))
        self._drain()
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        begun = (await self._event("Page.downloadWillBegin"))["params"]
        async with asyncio.timeout(STEP_TIMEOUT):
            while True:
                progress = (await self._event("Page.downloadProgress"))["params"]
                if progress["state"] == "completed":
                    break
                if progress["state"] == "canceled":
                    raise RuntimeError(f"download canceled: {begun['url']}")
        return folder / begun["suggestedFilename"]

    async def upload(self, selector: str, *paths: Path) -> None:
        """Choose files for the file input at `selector`, as a person picking them does."""
        document = await self.send("DOM.getDocument")
        found = await self.send(
            "DOM.querySelector", nodeId=document["root"]["nodeId"], selector=selector
        )
        await self.send(
            "DOM.setFileInputFiles", nodeId=found["nodeId"], files=[str(p) for p in paths]
        )

    async def evaluate(self, expression: str) -> Any:
        result = await self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    async def submit(self, selector: str) -> None:
        """Click a submit button and wait for the page it leads to."""
        self._drain()
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        await self._event("Page.loadEventFired")

    async def wait_for(self, expression: str) -> Any:
        """The value of `expression` once it is truthy (a page's own script finishing, e.g.
        autosave), checked inside the page on every animation frame."""
        return await self.evaluate(
            "new Promise(resolve => { const check = () => { const value = (" + expression + ");"
            " if (value) { resolve(value); } else { requestAnimationFrame(check); } }; check(); })"
        )

    async def close(self) -> None:
        await self._ws.close()
        self._reader.cancel()


async def _devtools_url(process: asyncio.subprocess.Process) -> str:
    """Chromium prints `DevTools listening on ws://…` on stderr once it is ready."""
    assert process.stderr is not None
    async with asyncio.timeout(START_TIMEOUT):
        async for line in process.stderr:
            text = line.decode(errors="replace").strip()
            if text.startswith("DevTools listening on "):
                return text.removeprefix("DevTools listening on ")
    raise RuntimeError("chromium exited before its DevTools port was open")


@asynccontextmanager
async def phone(width: int = 375, height: int = 812, user_agent: str = "") -> AsyncIterator[Page]:
    """A headless Chromium page emulating a phone `width` CSS pixels wide (with that
    `user_agent`, when given: the WeCom client's, say)."""
    binary = require_chromium()
    profile = Path(tempfile.mkdtemp(prefix="zhuanban-chromium-"))
    process = await asyncio.create_subprocess_exec(
        binary,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        browser_ws = await _devtools_url(process)
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(browser_ws) as browser:
                await browser.send_json(
                    {"id": 1, "method": "Target.createTarget", "params": {"url": "about:blank"}}
                )
                reply = await asyncio.wait_for(browser.receive_json(), START_TIMEOUT)
            target = reply["result"]["targetId"]
            origin = browser_ws.split("/devtools/")[0]
            async with http.ws_connect(f"{origin}/devtools/page/{target}", max_msg_size=0) as ws:
                page = Page(ws)
                await page.send("Page.enable")
                await page.send(
                    "Emulation.setDeviceMetricsOverride",
                    width=width,
                    height=height,
                    deviceScaleFactor=2,
                    mobile=True,
                )
                if user_agent:
                    await page.send("Emulation.setUserAgentOverride", userAgent=user_agent)
                try:
                    yield page
                finally:
                    await page.close()
    finally:
        process.terminate()
        await process.communicate()  # drains stderr so the process can exit
        shutil.rmtree(profile, ignore_errors=True)
