"""The core's group commit (SQLite's default): still exactly once, in order, isolated."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.dispatcher import Dispatcher
from handlers import texts
from handlers.context import Context
from handlers.routing import Router
from storage.models import InboundMessage
from tests.chat import incoming


async def remember(ctx: Context) -> bool:
    if ctx.text == "坏":
        raise RuntimeError("a handler bug")
    seen = [*ctx.state.data.get("seen", []), ctx.text]
    ctx.state.flow = None
    ctx.state.data["seen"] = seen
    ctx.reply(" ".join(seen))
    return True


@pytest.fixture(params=[True, False], ids=["group", "single"])
def core(request, sessions, kb, clock, settings) -> Dispatcher:
    router = Router(flows={}, commands=(remember,))
    return Dispatcher(sessions, kb, clock, settings, router, group_commit=request.param)


async def test_sqlite_groups_by_default(sessions, kb, clock, settings):
    core = Dispatcher(sessions, kb, clock, settings, Router({}, ()))
    assert (core._groups is not None) == settings.database_url.startswith("sqlite")


async def test_many_users_at_once_each_handled_once(core, sessions, clock):
    feeds = [incoming(clock, f"user{n}", f"问{n}", f"m{n}") for n in range(40)]
    results = await asyncio.gather(*(core.feed(m) for m in feeds + feeds))
    first, again = results[:40], results[40:]
    assert [r.replies[0].text for r in first] == [f"问{n}" for n in range(40)]
    assert [r.replies[0].text for r in again] == [f"问{n}" for n in range(40)]
    assert sum(r.duplicate for r in results) == 40
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(InboundMessage)) == 40


async def test_one_users_messages_keep_their_order(core, clock):
    feeds = [incoming(clock, "zhangsan", str(n), f"m{n}") for n in range(6)]
    results = await asyncio.gather(*(core.feed(m) for m in feeds))
    assert [r.replies[0].text for r in results] == [
        " ".join(str(k) for k in range(n + 1)) for n in range(6)
    ]


async def test_a_failing_handler_spoils_nothing_for_the_others(core, sessions, clock):
    feeds = [incoming(clock, f"user{n}", "坏" if n == 3 else "好", f"m{n}") for n in range(8)]
    results = await asyncio.gather(*(core.feed(m) for m in feeds))
    assert [r.replies[0].text for r in results] == [
        texts.INTERNAL_ERROR if n == 3 else "好" for n in range(8)
    ]
    async with sessions() as session:
        keys = set(await session.scalars(select(InboundMessage.msg_key)))
    # The failed one is recorded with its apology: acknowledged only once durable, and a
    # redelivery gets the same apology instead of failing again.
    assert keys == {f"m{n}" for n in range(8)}
    again = await core.feed(feeds[3])
    assert again.duplicate and [r.text for r in again.replies] == [texts.INTERNAL_ERROR]
    retried = await core.feed(incoming(clock, "user3", "好", "m3b"))
    assert not retried.duplicate and retried.replies[0].text == "好"
