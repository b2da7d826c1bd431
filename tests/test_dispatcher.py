"""The core's guarantees: one handling per message key, state kept across turns."""

from __future__ import annotations

from datetime import timedelta

from storage.repositories import Repositories
from tests.chat import incoming


async def test_redelivery_gets_the_stored_reply_not_a_second_handling(dispatcher, clock, sessions):
    first = await dispatcher.feed(incoming(clock, "ZhangSan", "谁牵头纳税", "m-1"))
    clock.advance(timedelta(seconds=5))
    again = await dispatcher.feed(incoming(clock, "ZhangSan", "谁牵头纳税", "m-1"))
    assert not first.duplicate
    assert again.duplicate
    assert [r.text for r in again.replies] == [r.text for r in first.replies]
    async with sessions() as session:
        rows = (await Repositories(session).inbox.many_replies(["m-1"]))["m-1"]
    assert len(rows) == len(first.replies) >= 1


async def test_distinct_messages_are_each_handled(dispatcher, clock):
    a = await dispatcher.feed(incoming(clock, "ZhangSan", "帮助", "m-a"))
    b = await dispatcher.feed(incoming(clock, "ZhangSan", "帮助", "m-b"))
    assert not a.duplicate and not b.duplicate
    assert a.intent == b.intent == "help"
