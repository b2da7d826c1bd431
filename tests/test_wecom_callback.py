"""End to end through the callback: WeCom's user → our server → the fake WeCom API."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import aiohttp
from sqlalchemy import func, select

from bot.app import DELIVERY, RUNTIME
from core.messages import Button, Kind
from handlers import texts
from handlers.checkin import spec
from handlers.context import Context
from handlers.help import handle_global_words
from handlers.routing import Router
from knowledge.answers import answer
from storage.models import Attachment, InboundMessage, OutboxMessage
from tests.checkin_support import CONTACT, seed_roster
from tests.fakes.harness import wecom_harness
from tests.office_support import OFFICE

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
        ctx.reply(
            "是否确认提交？回复“是”或“否”。", buttons=(Button("是", "是"), Button("否", "否"))
        )
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
        assert "工信局" in reply
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
        assert "纳税次数" in h.api.seen_by("zhangsan")[0].text


async def _settle(h) -> None:
    """Let background handlers queue their replies (waits for work, not for time)."""
    await h.app[DELIVERY].drain()


async def test_one_msgid_delivered_four_times_is_answered_once_passively(
    database_url, engine, clock
):
    async with wecom_harness(database_url, clock) as h:
        delivery = h.user.prepare(
            h.user.text_xml("zhangsan", "帮助", msg_id="CAIQg/PKxgYY2sC9tpuAgAMg9")
        )
        first = await h.user.deliver(delivery)
        rest = await asyncio.gather(*(h.user.deliver(delivery) for _ in range(3)))
        replies = [h.user.read_passive(await r.text()).content for r in (first, *rest)]
        # Each redelivery means WeCom lost our answer: it gets the same one, handled once.
        assert replies == [texts.HELP] * 4
        assert await count(h.sessions, InboundMessage) == 1


async def test_one_msgid_delivered_four_times_is_answered_once_actively(
    database_url, engine, clock
):
    async with wecom_harness(database_url, clock, router=TEST_ROUTER, wecom_reply_budget=0.0) as h:
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


# -- refusals: 4xx and a log line, never a 500 ----------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
    "<xml><Encrypt>&lol9;</Encrypt></xml>"
)


async def test_hostile_or_forged_callbacks_are_refused(database_url, engine, clock, caplog):
    async with wecom_harness(database_url, clock) as h:
        user, post = h.user, h.client.post
        good = user.prepare(user.text_xml("zhangsan", "帮助"))

        forged = dict(good.params, msg_signature="0" * 40)
        assert (await post("/wecom/callback", params=forged, data=good.body)).status == 403

        stale = user.prepare(
            user.text_xml("zhangsan", "帮助"),
            timestamp=str(int((clock.now() - timedelta(minutes=6)).timestamp())),
        )
        assert (await user.deliver(stale)).status == 403

        huge = b"<xml><Encrypt>" + b"A" * (1024 * 1024) + b"</Encrypt></xml>"
        assert (await post("/wecom/callback", params=good.params, data=huge)).status == 413

        laughs = await post("/wecom/callback", params=good.params, data=BILLION_LAUGHS)
        assert laughs.status == 400

        assert (await post("/wecom/callback", params=good.params, data=b"<xml><Enc")).status == 400
        assert (await post("/wecom/callback", data=good.body)).status == 400  # no signature

        other_corp = good.body.replace(user.corp_id.encode(), b"ww9999999999999999")
        assert (await post("/wecom/callback", params=good.params, data=other_corp)).status == 403

        other_agent = user.prepare(user.text_xml("zhangsan", "帮助").replace("1000002", "1000099"))
        assert (await user.deliver(other_agent)).status == 403

        # Signed correctly, but encrypted for another corp, or not decryptable at all.
        encrypt = user.encrypt(user.text_xml("zhangsan", "帮助"), receive_id="ww9999999999999999")
        assert (await _signed(user, encrypt)).status == 403
        assert (await _signed(user, "bm90IGFlcw==")).status == 400

        # A hostile document inside a validly signed and encrypted envelope.
        assert (await _signed(user, user.encrypt(BILLION_LAUGHS))).status == 400

        # The same nonce again with another payload is a replay, not a redelivery.
        replay = user.prepare(user.text_xml("zhangsan", "你好"), nonce=good.params["nonce"])
        assert (await user.deliver(good)).status == 200
        assert (await user.deliver(replay)).status == 403
        assert (await user.deliver(good)).status == 200  # WeCom delivering again is fine

        refusals = [r for r in caplog.records if r.getMessage() == "callback refused"]
        assert len(refusals) == 12
        assert await count(h.sessions, InboundMessage) == 1
        assert await user.say("zhangsan", "帮助") == texts.HELP  # still serving


async def _signed(user, encrypt: str):
    params = user.signed_params(encrypt, nonce="n0nce42")
    return await user.http.post("/wecom/callback", params=params, data=user.envelope(encrypt))


async def test_url_verification_with_a_bad_signature_is_refused(database_url, engine, clock):
    async with wecom_harness(database_url, clock) as h:
        encrypt = h.user.encrypt("echo")
        params = {**h.user.signed_params(encrypt), "msg_signature": "f" * 40, "echostr": encrypt}
        assert (await h.client.get("/wecom/callback", params=params)).status == 403


# -- events -----------------------------------------------------------------------------------


async def test_opening_the_app_greets_at_most_once_a_day(database_url, engine, clock):
    async with wecom_harness(database_url, clock) as h:
        first = h.user.prepare(h.user.event_xml("zhangsan", "enter_agent"))
        assert _content(h, await h.user.deliver(first)) == texts.HELP
        # WeCom delivering the same event again (our answer was lost) gets it again.
        assert _content(h, await h.user.deliver(first)) == texts.HELP
        clock.advance(timedelta(minutes=20))
        assert _content(h, await h.user.post(h.user.event_xml("zhangsan", "enter_agent"))) == ""
        assert (
            _content(h, await h.user.post(h.user.event_xml("lisi", "enter_agent"))) == texts.HELP
        )
        clock.advance(timedelta(days=1))
        assert (
            _content(h, await h.user.post(h.user.event_xml("zhangsan", "enter_agent")))
            == texts.HELP
        )


async def test_the_office_is_greeted_with_its_commands(
    database_url, sessions, clock, office_people
):
    async with wecom_harness(database_url, clock) as h:
        h.api.users.add(OFFICE.lower())
        response = await h.user.post(h.user.event_xml(OFFICE, "enter_agent"))
        passive = _content(h, response)  # the office's list may outgrow a passive reply
        await _settle(h)
        await h.send_outbox()
        active = "".join(s.text for s in h.api.seen_by(OFFICE))
        greeting = passive or active
        assert all(usage in greeting for usage in texts.OFFICE_USAGE.values())


def _content(h, response) -> str:
    assert response.status == 200
    reply = h.user.read_passive(response._body.decode())
    return reply.content if reply else ""


async def test_menu_click_reaches_the_core_as_its_key(database_url, engine, clock):
    async with wecom_harness(database_url, clock) as h:
        response = await h.user.post(h.user.event_xml("zhangsan", "click", "帮助"))
        assert _content(h, response) == texts.HELP


async def test_files_reach_the_core_other_media_and_events_do_not(database_url, engine, clock):
    received: list[tuple[Kind, str]] = []

    async def start(ctx: Context) -> bool:
        ctx.state.flow = "collect"
        ctx.reply("请发送附件")
        return True

    async def collect(ctx: Context) -> None:
        received.append((ctx.message.kind, ctx.text))
        ctx.reply("收到")

    router = Router({"collect": collect}, (start,))
    async with wecom_harness(database_url, clock, router=router) as h:
        assert await h.user.say("zhangsan", "填报") == "请发送附件"
        image = h.user.message_xml(
            "zhangsan",
            "image",
            "<PicUrl><![CDATA[http://x]]></PicUrl><MediaId><![CDATA[M1]]></MediaId>",
        )
        assert _content(h, await h.user.post(image)) == "收到"
        document = h.user.message_xml("zhangsan", "file", "<MediaId><![CDATA[M2]]></MediaId>")
        assert _content(h, await h.user.post(document)) == "收到"
        voice = h.user.message_xml("zhangsan", "voice", "<MediaId><![CDATA[M3]]></MediaId>")
        assert _content(h, await h.user.post(voice)) == "收到"
        assert received == [(Kind.FILE, "M1"), (Kind.FILE, "M2"), (Kind.FILE, "M3")]
        place = h.user.message_xml("zhangsan", "location", "<Label><![CDATA[东丽]]></Label>")
        assert _content(h, await h.user.post(place)) == texts.TEXT_ONLY
        subscribe = h.user.event_xml("zhangsan", "subscribe")
        assert _content(h, await h.user.post(subscribe)) == ""
        assert await count(h.sessions, InboundMessage) == 4


async def test_a_file_outside_a_flow_is_kept_and_text_asked_for(database_url, engine, clock):
    async with wecom_harness(database_url, clock) as h:
        image = h.user.message_xml("zhangsan", "image", "<MediaId><![CDATA[M1]]></MediaId>")
        answer = _content(h, await h.user.post(image))
        assert texts.ATTACHMENT_TEXT_ONLY in answer
        assert await count(h.sessions, Attachment) == 1


# -- cards ------------------------------------------------------------------------------------


async def test_card_click_reaches_the_core_as_the_typed_answer(database_url, engine, clock):
    async with wecom_harness(database_url, clock, router=TEST_ROUTER) as h:
        assert await h.user.say("zhangsan", "问我") == ""  # buttons never go passively
        await h.send_outbox()
        [card] = h.api.seen_by("zhangsan")
        assert card.msgtype == "template_card"
        assert card.content["card_type"] == "button_interaction"
        assert card.content["sub_title_text"].startswith("是否确认提交")
        assert [b["text"] for b in card.content["button_list"]] == ["是", "否"]

        click = h.user.prepare(
            h.user.card_click_xml("zhangsan", *h.api.click(card.content["task_id"], 0))
        )
        assert _content(h, await h.user.deliver(click)) == ""
        await _settle(h)
        await h.send_outbox()
        assert [s.text for s in h.api.seen_by("zhangsan")[1:]] == ["您选择了：是"]
        assert h.api.cards[card.content["task_id"]].replaced_name == "已选择：是"

        # The same click delivered again, then a second click on the answered card: nothing.
        assert _content(h, await h.user.deliver(click)) == ""
        clock.advance(timedelta(seconds=3))
        other = h.user.card_click_xml("zhangsan", *h.api.click(card.content["task_id"], 1))
        assert _content(h, await h.user.post(other)) == ""
        await _settle(h)
        await h.send_outbox()
        assert len(h.api.seen_by("zhangsan")) == 2


async def test_card_survives_a_restart(database_url, engine, clock):
    async with wecom_harness(database_url, clock, router=TEST_ROUTER) as h:
        await h.user.say("zhangsan", "问我")
        await h.send_outbox()
        task_id = h.api.seen_by("zhangsan")[0].content["task_id"]
        _, key, code = h.api.click(task_id, 1)
    async with wecom_harness(database_url, clock, router=TEST_ROUTER) as h:
        response = await h.user.post(h.user.card_click_xml("zhangsan", task_id, key, code))
        assert response.status == 200
        await _settle(h)
        await h.send_outbox()
        assert [s.text for s in h.api.seen_by("zhangsan")] == ["您选择了：否"]


async def test_a_refused_card_falls_back_to_plain_text(database_url, engine, clock):
    async with wecom_harness(database_url, clock, router=TEST_ROUTER) as h:
        await h.user.say("zhangsan", "问我")
        h.api.fail("message/send", 40058, errmsg="template_card invalid")
        await h.send_outbox()
        assert [s.text for s in h.api.seen_by("zhangsan")] == ["是否确认提交？回复“是”或“否”。"]
        assert await h.user.say("zhangsan", "是") == "您选择了：是"  # typing still works


# -- durability of late replies -----------------------------------------------------------


async def test_a_late_reply_lost_in_a_crash_is_recovered(database_url, engine, clock, kb):
    """The state a crash leaves between the empty 200 and queueing the late reply: the
    message held as deferred, maybe handled, nothing queued. The worker finishes the job."""
    from bot.wecom.delivery import incoming_to_json
    from core.messages import Incoming
    from storage.repositories.deferred import DeferredReplyRepository

    async with wecom_harness(database_url, clock) as h:
        handled = Incoming("zhangsan", "帮助", "wecom:msg:1", clock.now())
        never_handled = Incoming("lisi", "谁牵头获得电力？", "wecom:msg:2", clock.now())
        await h.app[RUNTIME].dispatcher.feed(handled)
        async with h.sessions() as session, session.begin():
            for message in (handled, never_handled):
                await DeferredReplyRepository(session).hold(
                    message.msg_id, incoming_to_json(message), clock.now()
                )
        await h.send_outbox()
        assert h.api.seen == []  # a live handler may still be at work: wait a minute
        clock.advance(timedelta(seconds=61))
        await h.send_outbox()
        assert [s.text for s in h.api.seen_by("zhangsan")] == [texts.HELP]
        assert [s.text for s in h.api.seen_by("lisi")] == [answer(kb, "谁牵头获得电力？").text]
        await h.send_outbox()
        clock.advance(timedelta(minutes=5))
        await h.send_outbox()
        assert len(h.api.seen) == 2


async def test_redelivery_of_a_deferred_message_is_not_answered_passively(
    database_url, engine, clock
):
    """The first instance ran out of budget and answers through the outbox; WeCom delivers
    again to a second instance (a normal budget, same database): no passive copy."""
    async with wecom_harness(database_url, clock, wecom_reply_budget=0.0) as slow:
        delivery = slow.user.prepare(slow.user.text_xml("zhangsan", "帮助"))
        assert _content(slow, await slow.user.deliver(delivery)) == ""
        await _settle(slow)
    async with wecom_harness(database_url, clock) as h:
        assert _content(h, await h.user.deliver(delivery)) == ""
        await h.send_outbox()
        assert [s.text for s in h.api.seen_by("zhangsan")] == [texts.HELP]


async def test_shutdown_lets_running_handlers_finish_and_send(database_url, engine, clock):
    entered, gate = asyncio.Event(), asyncio.Event()

    async def slow(ctx: Context) -> bool:
        entered.set()
        await gate.wait()
        ctx.reply("处理完了")
        return True

    router = Router(flows={}, commands=(slow,))
    harness = wecom_harness(
        database_url, clock, router=router, run_worker=True, wecom_reply_budget=0.0
    )
    h = await harness.__aenter__()
    delivery = h.user.prepare(h.user.text_xml("zhangsan", "慢慢来"))
    # Its own connection: closing the test client must not cut this request off.
    async with aiohttp.ClientSession() as wecom:
        asking = asyncio.create_task(
            wecom.post(
                h.client.make_url("/wecom/callback"), params=delivery.params, data=delivery.body
            )
        )
        await entered.wait()
        closing = asyncio.create_task(harness.__aexit__(None, None, None))
        await asyncio.sleep(0)  # shutdown has begun while the handler still runs
        gate.set()
        response = await asking
        assert (response.status, await response.text()) == (200, "")
        await closing
    assert [s.text for s in h.api.seen_by("zhangsan")] == ["处理完了"]


async def test_health_check(database_url, engine, clock):
    async with wecom_harness(database_url, clock) as h:
        response = await h.client.get("/healthz")
        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_check_in_buttons_answer_like_typing(database_url, sessions, clock):
    """The real check-in flow through WeCom: its yes/no question arrives as a card, and a
    click on 否 moves the conversation exactly as typing 否 would."""
    await seed_roster(sessions, clock)
    async with wecom_harness(database_url, clock) as h:
        assert await h.user.say(CONTACT, "填报") == ""  # a question with buttons: a card
        await h.send_outbox()
        [card] = [s for s in h.api.seen_by(CONTACT) if s.msgtype == "template_card"]
        assert [b["text"] for b in card.content["button_list"]] == ["是", "否"]
        seen_before = len(h.api.seen_by(CONTACT))
        click = h.user.card_click_xml(CONTACT, *h.api.click(card.content["task_id"], 1))
        assert _content(h, await h.user.post(click)) == ""
        await _settle(h)
        await h.send_outbox()
        answer_texts = [s.text for s in h.api.seen_by(CONTACT)[seen_before:]]
        assert any(spec.question("meeting").field("reason").prompt in t for t in answer_texts)
        assert h.api.cards[card.content["task_id"]].replaced_name == "已选择：否"
