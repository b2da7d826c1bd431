"""Faults that can fail: WeCom answering each errcode class, and the database gone and back.

Against the loopback fake WeCom API and the real databases; time is the injected clock.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.wecom.delivery import incoming_to_json
from bot.wecom.outbox import BACKOFF_CAP, CONFIG_PAUSE, RATE_LIMIT_PAUSE
from bot.wecom.spool import Spool
from core.messages import Incoming, Outbound, Text, ToRobot, ToTag, ToUsers
from handlers import texts
from storage.models import InboundMessage, OutboxMessage
from storage.repositories import Repositories
from tests.fakes.harness import wecom_harness
from tests.fakes.tcp_proxy import TcpProxy
from tests.office_support import OFFICE, add_people


async def queue(h, *messages: tuple[str, str]) -> None:
    """Queue texts (userid, text) in this order."""
    async with h.sessions() as session, session.begin():
        for userid, text in messages:
            await Repositories(session).outbox.enqueue(
                Outbound(ToUsers.of(userid), Text(text)), source="test", now=h.user.clock.now()
            )


async def rows(h) -> list[OutboxMessage]:
    async with h.sessions() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def drain(h, clock, step: timedelta, ticks: int) -> None:
    for _ in range(ticks):
        await h.send_outbox()
        clock.advance(step)


# -- WeCom's error classes ------------------------------------------------------------------


@pytest.mark.parametrize("errcode", [45009, 45033, -1])
async def test_frequency_limits_back_off_with_jitter_and_keep_order(
    database_url, engine, clock, errcode
):
    async with wecom_harness(database_url, clock) as h:
        await queue(h, ("zhangsan", "一"), ("zhangsan", "二"), ("zhangsan", "三"))
        h.api.fail("message/send", errcode, times=2)
        await h.send_outbox()
        first = (await rows(h))[0]
        assert (first.status, first.attempts) == ("queued", 1)
        wait = (first.next_attempt_at - clock.now()).total_seconds()
        assert wait >= (RATE_LIMIT_PAUSE if errcode == 45009 else 2.5)
        assert h.api.seen == []  # 二 and 三 wait behind 一
        await drain(h, clock, timedelta(minutes=2), 6)
        assert [s.text for s in h.api.seen_by("zhangsan")] == ["一", "二", "三"]
        assert {row.status for row in await rows(h)} == {"sent"}


@pytest.mark.parametrize("errcode", [40014, 42001, 41001])
async def test_token_errors_refresh_the_token_once_and_retry(database_url, engine, clock, errcode):
    async with wecom_harness(database_url, clock) as h:
        await queue(h, ("zhangsan", "一"))
        h.api.fail("message/send", errcode)
        await h.send_outbox()
        assert [s.text for s in h.api.seen_by("zhangsan")] == ["一"]
        assert h.api.gettoken_calls == 2 and h.api.calls("message/send") == 2
        [row] = await rows(h)
        assert (row.status, row.attempts) == ("sent", 1)


@pytest.mark.parametrize(
    ("errcode", "errmsg", "fix_word"),
    [
        (
            60020,
            "not allow to access from your ip, from ip: 203.0.113.7, more info",
            "203.0.113.7",
        ),
        (48002, "api forbidden", "接口权限"),
        (60011, "no privilege to access/modify contact/party/agent", "接口权限"),
    ],
)
async def test_refusals_block_the_route_keep_messages_alert_and_resume(
    database_url, engine, sessions, clock, caplog, errcode, errmsg, fix_word
):
    await add_people(sessions, clock.now())
    async with wecom_harness(database_url, clock) as h:
        await queue(h, ("zhangsan", "一"), ("lisi", "二"), ("wangwu", "三"))
        h.api.refuse("message/send", errcode, errmsg=errmsg)
        with caplog.at_level(logging.ERROR):
            await drain(h, clock, timedelta(minutes=1), 1)
            refused = h.api.calls("message/send")  # the rows that were on their way at once
            await drain(h, clock, timedelta(minutes=1), 8)
        # Then nothing is tried in a loop while the route is blocked.
        assert 1 <= refused <= 3 and h.api.calls("message/send") == refused
        members = [row for row in await rows(h) if row.channel == ToUsers.kind]
        assert [(row.status, row.attempts) for row in members] == [("queued", 0)] * 3
        # The office group hears it through the robot (no trusted IP needed there).
        [alert] = h.api.seen_by("robot:" + h.api.webhook_key)
        assert "【发送受阻】" in alert.text and fix_word in alert.text
        health = await (await h.client.get("/healthz")).json()
        assert health["status"] == "degraded"
        assert [b["errcode"] for b in health["delivery_blocked"]] == [errcode, errcode]
        if errcode == 60020:
            assert any("企业可信IP" in r.getMessage() for r in caplog.records)
            assert sum("delivery blocked" in r.getMessage() for r in caplog.records) == 1
        # The office asks what is going on.
        status = await h.core_says(OFFICE, "发送情况")
        assert texts.DELIVERY_CHANNELS["users"] in status and str(errcode) in status

        h.api.allow("message/send")
        await drain(h, clock, timedelta(seconds=30), 2)  # up to 10:17, ten minutes on
        assert h.api.seen_by("zhangsan") == []  # nobody probed before ten minutes
        await drain(h, clock, CONFIG_PAUSE, 3)
        seen = [s.text for who in ("zhangsan", "lisi", "wangwu") for s in h.api.seen_by(who)]
        assert seen == ["一", "二", "三"]
        assert (await (await h.client.get("/healthz")).json()) == {"status": "ok"}
        robot = [s.text for s in h.api.seen_by("robot:" + h.api.webhook_key)]
        assert "【发送已恢复】" in robot[-1]


async def test_http_errors_back_off_capped_then_park_and_retry_requeues(
    database_url, engine, sessions, clock
):
    await add_people(sessions, clock.now())
    async with wecom_harness(database_url, clock, outbox_max_attempts=8) as h:
        await queue(h, ("zhangsan", "一"))
        h.api.down = True
        waits = []
        for _ in range(8):
            await h.send_outbox()
            [row] = await rows(h)
            if row.status == "failed":
                break
            waits.append((row.next_attempt_at - clock.now()).total_seconds())
            clock.advance(row.next_attempt_at - clock.now())
        [row] = await rows(h)
        assert (row.status, row.attempts) == ("failed", 8)  # parked, never deleted
        assert "HTTP 503" in row.last_error
        assert len(waits) == 7 and max(waits) <= BACKOFF_CAP
        # each wait lies in [half, all] of 5 s doubling, capped at 5 minutes
        for attempt, wait in enumerate(waits, start=1):
            full = min(BACKOFF_CAP, 5 * 2 ** (attempt - 1))
            assert full / 2 <= wait <= full
        h.api.down = False
        reply = await h.core_says(OFFICE, "发送情况")
        assert "发送失败 1 条" in reply and "#" + str(row.id) in reply
        assert "1" in await h.core_says(OFFICE, "发送情况 重发")
        await h.send_outbox()
        assert [s.text for s in h.api.seen_by("zhangsan")] == ["一"]


async def test_a_tag_is_sent_through_message_send_totag(database_url, engine, clock):
    async with wecom_harness(database_url, clock) as h:
        async with h.sessions() as session, session.begin():
            await Repositories(session).outbox.enqueue(
                Outbound(ToTag("7"), Text("全体联系人请注意")), source="test", now=clock.now()
            )
        await h.send_outbox()
        assert {s.to for s in h.api.seen if s.text == "全体联系人请注意"} == {"zhangsan", "lisi"}
        [request] = [r for r in h.api.requests if r.path == "message/send"]
        assert (request.body["totag"], request.body["touser"]) == ("7", "")


async def test_robot_refused_alerts_the_office_members_by_app(
    database_url, engine, sessions, clock
):
    await add_people(sessions, clock.now())
    async with wecom_harness(database_url, clock) as h:
        async with h.sessions() as session, session.begin():
            await Repositories(session).outbox.enqueue(
                Outbound(ToRobot(), Text("晾晒")), source="test", now=clock.now()
            )
        h.api.refuse("webhook/send", 48002)
        h.api.users.add(OFFICE.lower())
        await drain(h, clock, timedelta(seconds=1), 3)
        [alert] = h.api.seen_by(OFFICE)
        assert "群机器人消息" in alert.text


# -- the database gone and back -------------------------------------------------------------


@asynccontextmanager
async def database_behind_proxy(database_url: str) -> AsyncIterator[tuple[str, TcpProxy]]:
    """The test database's URL through a proxy that can cut the line, and the proxy."""
    if not database_url.startswith("postgresql"):
        pytest.skip("cutting the connection needs a database server (a proxy in between)")
    url = make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    try:
        yield (
            url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
            proxy,
        )
    finally:
        await proxy.close()


async def test_database_gone_503_then_each_message_answered_once_in_order(
    database_url, engine, clock, caplog
):
    async with (
        database_behind_proxy(database_url) as (proxied, proxy),
        wecom_harness(proxied, clock) as h,
    ):
        assert await h.user.say("zhangsan", "帮助") == texts.HELP
        proxy.cut()
        said = [("zhangsan", "谁牵头纳税"), ("lisi", "帮助"), ("zhangsan", "谁牵头获得电力")]
        deliveries = [h.user.prepare(h.user.text_xml(user, text)) for user, text in said]
        with caplog.at_level(logging.WARNING):
            for _ in range(3):  # WeCom tries each message again while we are down
                statuses = [(await h.user.deliver(d)).status for d in deliveries]
                assert statuses == [503, 503, 503]
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        # One line per kind of failure, not a traceback per message (9 requests).
        assert len([r for r in errors if r.exc_info]) <= 2
        assert len(errors) <= 3

        proxy.restore()
        answers = []
        for delivery in deliveries:  # WeCom delivers again, in order
            response = await h.user.deliver(delivery)
            assert response.status == 200
            answers.append(h.user.read_passive(await response.text()).content)
        assert "税务局" in answers[0] and answers[1] == texts.HELP and "工信局" in answers[2]
        # A late duplicate of an answered message gets the stored answer, not a second one.
        again = await h.user.deliver(deliveries[0])
        assert h.user.read_passive(await again.text()).content == answers[0]
        async with h.sessions() as session:
            assert await session.scalar(select(func.count(InboundMessage.msg_key))) == 4
        assert await rows(h) == []  # all answered passively: nothing queued twice


async def test_with_a_spool_an_outage_is_answered_200_and_replayed_in_order_once(
    database_url, engine, clock, tmp_path
):
    async with (
        database_behind_proxy(database_url) as (proxied, proxy),
        wecom_harness(proxied, clock, wecom_spool_dir=tmp_path / "spool") as h,
    ):
        assert await h.user.say("zhangsan", "帮助") == texts.HELP
        proxy.cut()
        said = [("zhangsan", "谁牵头纳税"), ("lisi", "帮助"), ("zhangsan", "谁牵头获得电力")]
        deliveries = [h.user.prepare(h.user.text_xml(user, text)) for user, text in said]
        for delivery in deliveries:
            response = await h.user.deliver(delivery)
            assert (response.status, await response.text()) == (200, "")
        again = await h.user.deliver(deliveries[0])  # a 200 lost on the way: WeCom again
        assert again.status == 200
        assert len(list((tmp_path / "spool").glob("*.json"))) == 4

        proxy.restore()
        # Back, but the spool is not empty yet: a new message lines up behind it.
        later = await h.user.deliver(h.user.prepare(h.user.text_xml("zhangsan", "帮助")))
        assert (later.status, await later.text()) == (200, "")
        await h.send_outbox()
        answers = [s.text for s in h.api.seen_by("zhangsan")]
        assert len(answers) == 3
        assert "税务局" in answers[0] and "工信局" in answers[1] and answers[2] == texts.HELP
        assert [s.text for s in h.api.seen_by("lisi")] == [texts.HELP]
        assert list((tmp_path / "spool").glob("*.json")) == []
        # The spool is empty: answers are passive again.
        assert await h.user.say("lisi", "帮助") == texts.HELP


async def test_a_spool_left_by_a_stopped_server_is_replayed_at_the_next_start(
    database_url, engine, clock, tmp_path
):
    spool = Spool(tmp_path / "spool")
    for n, text in enumerate(("谁牵头纳税", "帮助")):
        message = Incoming("zhangsan", text, f"wecom:msg:left-{n}", clock.now())
        await spool.put(message, incoming_to_json(message))
    async with wecom_harness(database_url, clock, wecom_spool_dir=tmp_path / "spool") as h:
        await h.send_outbox()
        answers = [s.text for s in h.api.seen_by("zhangsan")]
        assert len(answers) == 2 and "税务局" in answers[0] and answers[1] == texts.HELP
        await h.send_outbox()
        assert len(h.api.seen_by("zhangsan")) == 2


async def test_a_hanging_api_times_out_and_is_retried_later(database_url, engine, clock):
    async with wecom_harness(database_url, clock, wecom_http_timeout=0.2) as h:
        await queue(h, ("zhangsan", "一"))
        h.api.stall()
        await h.send_outbox()
        [row] = await rows(h)
        assert (row.status, row.attempts) == ("queued", 1)
        assert "TimeoutError" in row.last_error
        h.api.resume()
        clock.advance(row.next_attempt_at - clock.now())
        await h.send_outbox()
        assert [s.text for s in h.api.seen_by("zhangsan")] == ["一"]
