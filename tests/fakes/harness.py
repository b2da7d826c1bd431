"""The bot's server wired to the fake WeCom API and a fake WeCom user, for end-to-end tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import RUNTIME, WORKER, create_app
from bot.wecom.outbox import OutboxWorker
from core.clock import ManualClock
from core.messages import Incoming
from core.settings import Settings
from handlers.routing import Router
from tests.fakes.wecom_api import FakeWeComAPI
from tests.fakes.wecom_user import WeComUser

CORP_ID = "ww0123456789abcdef"
AGENT_ID = "1000002"
SECRET = "app-secret-0123456789"
TOKEN = "Tok3nForCallback"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
WEBHOOK_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"


def wecom_settings(database_url: str, api_base: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "wecom_corp_id": CORP_ID,
        "wecom_agent_id": AGENT_ID,
        "wecom_secret": SECRET,
        "wecom_token": TOKEN,
        "wecom_aes_key": AES_KEY,
        "wecom_api_base": api_base,
        "wecom_webhook_key": WEBHOOK_KEY,
    }
    return Settings(_env_file=None, **(values | overrides))


@asynccontextmanager
async def fake_api(clock: ManualClock) -> AsyncIterator[FakeWeComAPI]:
    api = FakeWeComAPI(
        clock=clock, corp_id=CORP_ID, secret=SECRET, agent_id=AGENT_ID, webhook_key=WEBHOOK_KEY
    )
    await api.start()
    try:
        yield api
    finally:
        await api.close()


@dataclass
class Harness:
    app: web.Application
    client: TestClient
    api: FakeWeComAPI
    user: WeComUser

    @property
    def worker(self) -> OutboxWorker:
        return self.app[WORKER]

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self.app[RUNTIME].sessions

    async def healthz(self) -> ClientResponse:
        response = await self.client.get("/healthz")
        await response.read()
        return response

    async def send_outbox(self) -> int:
        """One worker tick at the current (manual) time."""
        return await self.worker.run_once()

    async def core_says(self, user: str, text: str) -> str:
        """What the core answers `user` (fed to the dispatcher, not through WeCom)."""
        runtime = self.app[RUNTIME]
        message = Incoming(user, text, None, runtime.clock.now())
        result = await runtime.dispatcher.feed(message)
        return "\n\n".join(reply.text for reply in result.replies)


@asynccontextmanager
async def wecom_harness(
    database_url: str,
    clock: ManualClock,
    *,
    router: Router | None = None,
    run_worker: bool = False,
    **overrides: Any,
) -> AsyncIterator[Harness]:
    """Our server on 127.0.0.1 talking to the fake API; the outbox runs only when told
    (`send_outbox`) unless `run_worker`. It listens on a free port, or on `port=` when
    given (then the addresses it builds for itself, OAuth's redirect_uri, are real)."""
    async with fake_api(clock) as api:
        settings = wecom_settings(database_url, api.base_url, **overrides)
        app = create_app(settings, clock=clock, router=router, run_worker=run_worker)
        port = settings.port if "port" in overrides else 0
        async with TestClient(TestServer(app, host="127.0.0.1", port=port)) as client:
            user = WeComUser(
                client, clock, token=TOKEN, aes_key=AES_KEY, corp_id=CORP_ID, agent_id=AGENT_ID
            )
            yield Harness(app, client, api, user)
