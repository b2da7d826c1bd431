"""The outbox worker delivering to the fake WeCom API (tests/fakes): a rig for the outbox's own
tests, and one whose WeCom knows the check-in roster's people (tests/checkin_support.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from sqlalchemy import select

from bot.wecom.client import WeComClient
from bot.wecom.outbox import OutboxWorker
from core.messages import Address, Body, Outbound, Text, ToUsers
from handlers import texts
from storage.models import OutboxMessage
from storage.repositories import Repositories
from tests.checkin_support import CONTACT, LEADER, MARKET, OFFICE, RESPONSIBLE, SECOND_CONTACT
from tests.fakes.harness import fake_api, wecom_settings
from tests.fakes.wecom_api import FakeWeComAPI

ROSTER_USERIDS = (CONTACT, SECOND_CONTACT, LEADER, MARKET, RESPONSIBLE, "LiuJiu", *OFFICE)
"""Everyone `seed_roster` adds."""
CHASED = texts.OFFICE_CHASE_MESSAGE.split("：")[0]
"""How a 催报 begins: 【催报】区营商环境办公室提醒."""


@dataclass
class Rig:
    api: FakeWeComAPI
    worker: OutboxWorker
    sessions: Any

    async def enqueue(
        self, text: str = "", *, to: Address | None = None, body: Body | None = None
    ):
        message = Outbound(to or ToUsers.of("zhangsan"), body or Text(text))
        async with self.sessions() as session, session.begin():
            await Repositories(session).outbox.enqueue(
                message, source="test", now=self.worker._clock.now()
            )

    async def rows(self) -> list[OutboxMessage]:
        async with self.sessions() as session:
            return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@asynccontextmanager
async def outbox_rig(database_url, sessions, clock, **overrides) -> AsyncIterator[Rig]:
    async with fake_api(clock) as api, aiohttp.ClientSession() as http:
        settings = wecom_settings(database_url, api.base_url, **overrides)
        worker = OutboxWorker(sessions, WeComClient(http, settings, clock), clock, settings)
        yield Rig(api, worker, sessions)


@asynccontextmanager
async def roster_rig(database_url, sessions, clock) -> AsyncIterator[Rig]:
    """The outbox worker and a fake WeCom that knows the roster's people."""
    async with outbox_rig(database_url, sessions, clock) as rig:
        rig.api.users.update(userid.lower() for userid in ROSTER_USERIDS)
        yield rig
