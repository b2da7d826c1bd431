"""End to end through the callback: WeCom's user → our server → the fake WeCom API."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from knowledge.answers import answer
from sqlalchemy import func, select

from bot.app import DELIVERY
from bot.events import Button
from handlers import texts
from handlers.context import Context
from handlers.help import handle_global_words
from handlers.routing import Router
from storage.models import InboundMessage, OutboxMessage
from tests.fakes.harness import wecom_harness

LONG_ANSWER = "\n".join(
    f"第{i:02d}条：营商环境指标专班负责统筹协调各成员单位，推进指标提升。" for i in range(1, 55)
)


async def long_answer(ctx: Context) -> bool:
    if ctx.text != "长答案":
        return False
    ctx.reply(LONG_ANSWER)
    return True


async def yes_no(ctx: Context) -> bool:
    if ctx.text == "问我":
        ctx.reply("是否确认提交？回复“是”或“否”。", buttons=(Button("是", "是"), Button("否", "否")))
        return True
    if ctx.text in ("是", "否"):
        ctx.reply(f"您选择了：{ctx.text}")
        return True
    return False


TEST_ROUTER = Router(flows={}, commands=(handle_global_words, long_answer, yes_no))


def test_long_answer_is_about_5000_bytes():
    assert 4900 <= len(LONG_ANSWER.encode()) <= 5100


async def count(sessions, model) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_url_verification_echoes_the_plaintext(database_url, engine, clock):
    async with wecom_harness(database_url, clock) as h:
        response = await h.user.verify_url(echo="1616140317555161061")
        assert response.status == 200
        assert await response.text() == "1616140317555161061"


async def test_question_answered_passively(database_url, engine, clock, kb):
    question = "谁牵头获得电力？"
    async with wecom_harness(database_url, clock) as h:
        reply = await h.user.say("zhangsan", question)
        assert reply == answer(kb, question).text
        assert await h.user.say("zhangsan", "帮助") == texts.HELP
        assert h.api.requests == []  # nothing went through message/send


async def test_passive_reply_is_addressed_and_encrypted_for_the_user(database_url, engine, clock):
    async with wecom_harness(database_url, clock) as h:
        response = await h.user.post(h.user.text_xml("LiSi", "帮助"))
        reply = h.user.read_passive(await response.text())
        assert (reply.to_user, reply.from_user, reply.msg_type) == ("LiSi", h.user.corp_id, "text")


async def test_question_answered_actively_when_the_core_misses_the_budget(
    database_url, engine, clock, kb
):
    question = "纳税有哪些二级指标？"
    async with wecom_harness(database_url, clock, wecom_reply_budget=0.0) as h:
        assert await h.user.say("zhangsan", question) == ""  # an empty 200 at once
        await _settle(h)
        await h.send_outbox()
        assert [s.text for s in h.api.seen_by("zhangsan")] == [answer(kb, question).text]


async def _settle(h) -> None:
    """Let background handlers queue their replies (waits for work, not for time)."""
    await h.app[DELIVERY].drain()


async def test_one_msgid_delivered_four_times_is_answered_once_passively(
    database_url, engine, clock
):
    async with wecom_harness(database_url, clock) as h:
        delivery = h.user.prepare(h.user.text_xml("zhangsan", "帮助", msg_id="CAIQg/PKxgYY2sC9tpuAgAMg9"))
        first = await h.user.deliver(delivery)
        rest = await asyncio.gather(*(h.user.deliver(delivery) for _ in range(3)))
        replies = [h.user.read_passive(await r.text()).content for r in (first, *rest)]
        # Each redelivery means WeCom lost our answer: it gets the same one, handled once.
        assert replies == [texts.HELP] * 4
        assert await count(h.sessions, InboundMessage) == 1


async def test_one_msgid_delivered_four_times_is_answered_once_actively(
    database_url, engine, clock
):
    async with wecom_harness(
        database_url, clock, router=TEST_ROUTER, wecom_reply_budget=0.0
    ) as h:
        delivery = h.user.prepare(h.user.text_xml("zhangsan", "帮助"))
        responses = await asyncio.gather(*(h.user.deliver(delivery) for _ in range(4)))
        assert [r.status for r in responses] == [200] * 4
        assert [await r.text() for r in responses] == [""] * 4
        await _settle(h)
        await h.send_outbox()
        assert [s.text for s in h.api.seen_by("zhangsan")] == [texts.HELP]
        assert await count(h.sessions, OutboxMessage) == 1


async def test_5000_byte_answer_arrives_as_three_ordered_parts(database_url, engine, clock):
    async with wecom_harness(database_url, clock, router=TEST_ROUTER) as h:
        assert await h.user.say("zhangsan", "长答案") == ""  # too long for a passive reply
        await h.send_outbox()
        parts = [s.text for s in h.api.seen_by("zhangsan")]
        assert len(parts) == 3
        assert all(len(p.encode()) <= 2048 for p in parts)
        assert [p.split("\n", 1)[0] for p in parts] == ["(1/3)", "(2/3)", "(3/3)"]
        assert "\n".join(p.split("\n", 1)[1] for p in parts) == LONG_ANSWER


async def test_token_expiring_mid_run_is_survived(database_url, engine, clock):
    async with wecom_harness(database_url, clock, router=TEST_ROUTER) as h:
        await h.user.say("zhangsan", "问我")
        await h.send_outbox()
        h.api.expire_tokens()  # WeCom ends the token early: 42001 on the next call
        await h.user.say("lisi", "长答案")
        await h.send_outbox()
        clock.advance(timedelta(hours=2, minutes=1))  # and the normal expiry
        await h.user.say("wangwu", "长答案")
        await h.send_outbox()
        h.api.revoke_tokens()  # 40014
        await h.user.say("zhangsan", "长答案")
        await h.send_outbox()
        assert len(h.api.seen_by("zhangsan")) == 1 + 3
        assert len(h.api.seen_by("lisi")) == 3
        assert len(h.api.seen_by("wangwu")) == 3
        assert h.api.gettoken_calls == 4
        async with h.sessions() as session:
            statuses = set(await session.scalars(select(OutboxMessage.status)))
        assert statuses == {"sent"}


async def test_ten_minute_outage_delays_messages_but_loses_none(database_url, engine, clock):
    async with wecom_harness(database_url, clock, router=TEST_ROUTER) as h:
        await h.user.say("zhangsan", "问我")
        await h.send_outbox()  # a token and one card before the outage
        h.api.down = True
        outage_started = clock.now()
        for user in ("zhangsan", "lisi"):
            for question in ("长答案", "问我"):  # neither fits a passive reply
                assert await h.user.say(user, question) == ""
        while clock.now() - outage_started < timedelta(minutes=10):
            clock.advance(timedelta(seconds=30))
            await h.send_outbox()
        attempts_during_outage = len(h.api.requests) - 2
        assert len(h.api.seen) == 1
        h.api.down = False
        for _ in range(20):  # retries back off at most 5 minutes
            clock.advance(timedelta(seconds=30))
            await h.send_outbox()
        assert attempts_during_outage > 10
        for user, earlier in (("zhangsan", 1), ("lisi", 0)):
            seen = h.api.seen_by(user)[earlier:]
            assert [s.msgtype for s in seen] == ["text"] * 3 + ["template_card"]
            assert [s.text.split("\n", 1)[0] for s in seen[:3]] == ["(1/3)", "(2/3)", "(3/3)"]
            assert "\n".join(s.text.split("\n", 1)[1] for s in seen[:3]) == LONG_ANSWER
        async with h.sessions() as session:
            statuses = list(await session.scalars(select(OutboxMessage.status)))
        assert statuses == ["sent"] * 5
        assert h.api.dropped == [] and h.api.suppressed == []
