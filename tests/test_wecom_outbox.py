"""The outbox worker against the fake WeCom API: order, limits, retries, several instances."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import aiohttp
from sqlalchemy import update

from bot.wecom.client import WeComClient
from bot.wecom.outbox import OutboxWorker
from core.messages import File, Markdown, Text, ToChat, ToRobot, ToUsers
from storage import db
from storage.models import OutboxMessage
from tests.delivery_support import outbox_rig
from tests.fakes.harness import wecom_settings


async def test_messages_to_one_member_stay_under_30_a_minute_and_in_order(
    database_url, sessions, clock
):
    async with outbox_rig(database_url, sessions, clock) as rig:
        for number in range(40):
            await rig.enqueue(f"通知 {number}")
        await rig.worker.run_once()
        assert len(rig.api.seen) == 25
        clock.advance(timedelta(seconds=30))
        await rig.worker.run_once()
        assert len(rig.api.seen) == 25  # the oldest of the 25 is not a minute old yet
        clock.advance(timedelta(seconds=31))
        await rig.worker.run_once()
        assert [s.text for s in rig.api.seen] == [f"通知 {n}" for n in range(40)]
        assert rig.api.dropped == []


async def test_group_robot_stays_within_20_a_minute(database_url, sessions, clock):
    async with outbox_rig(database_url, sessions, clock) as rig:
        for number in range(25):
            await rig.enqueue(f"提醒 {number}", to=ToRobot())
        await rig.worker.run_once()
        assert len(rig.api.seen) == 20
        clock.advance(timedelta(seconds=61))
        await rig.worker.run_once()
        assert [s.text for s in rig.api.seen] == [f"提醒 {n}" for n in range(25)]
        errcodes = [r for r in rig.api.requests if r.path == "webhook/send"]
        assert len(errcodes) == 25  # never a 45009: no call beyond the limit was made


async def test_webhook_text_mentions_and_long_markdown(database_url, sessions, clock):
    async with outbox_rig(database_url, sessions, clock) as rig:
        await rig.enqueue(to=ToRobot(), body=Text("请各专班报送", mentioned=("zhangsan",)))
        long_markdown = "\n".join(f"**{n}** 项指标已报送" for n in range(400))
        await rig.enqueue(to=ToRobot(), body=Markdown(long_markdown))
        await rig.worker.run_once()
        first, *markdown = rig.api.seen
        assert first.content == {"content": "请各专班报送", "mentioned_list": ["zhangsan"]}
        assert len(markdown) > 1
        assert all(len(m.text.encode()) <= 4096 and m.msgtype == "markdown" for m in markdown)
        assert rig.api.requests[0].query["key"] == rig.api.webhook_key
        assert rig.api.gettoken_calls == 0  # the robot needs no token


async def test_rate_limit_and_busy_errors_back_off_with_jitter(database_url, sessions, clock):
    async with outbox_rig(database_url, sessions, clock) as rig:
        rig.api.fail("message/send", 45009)
        await rig.enqueue("一")
        await rig.worker.run_once()
        [row] = await rig.rows()
        assert row.status == "queued" and "45009" in row.last_error
        assert row.next_attempt_at - clock.now() >= timedelta(seconds=60)
        clock.advance(timedelta(seconds=59))
        await rig.worker.run_once()
        assert rig.api.seen == []
        rig.api.fail("message/send", -1)
        clock.advance(timedelta(minutes=5))
        await rig.worker.run_once()  # system busy this time: a short backoff
        [row] = await rig.rows()
        assert row.attempts == 2 and timedelta(0) < row.next_attempt_at - clock.now() <= timedelta(
            seconds=10
        )
        clock.advance(timedelta(seconds=10))
        await rig.worker.run_once()
        assert [s.text for s in rig.api.seen] == ["一"]
        assert (await rig.rows())[0].status == "sent"


async def test_all_recipients_invalid_fails_that_message_only(database_url, sessions, clock):
    async with outbox_rig(database_url, sessions, clock) as rig:
        await rig.enqueue("一", to=ToUsers.of("nobody"))
        await rig.enqueue("二", to=ToUsers.of("lisi", "nobody"))
        await rig.worker.run_once()
        failed, sent = await rig.rows()
        assert (failed.status, sent.status) == ("failed", "sent")
        assert "81013" in failed.last_error
        assert [s.to for s in rig.api.seen] == ["lisi"]


async def test_roster_notices_reach_every_member(database_url, sessions, clock):
    async with outbox_rig(database_url, sessions, clock) as rig:
        await rig.enqueue("名单已更新", to=ToUsers.of("lisi", "zhangsan"))
        await rig.worker.run_once()
        assert sorted(s.to for s in rig.api.seen) == ["lisi", "zhangsan"]
        body = rig.api.requests[-1].body
        assert body["touser"] == "lisi|zhangsan"
        assert body["enable_duplicate_check"] == 1
        assert body["duplicate_check_interval"] == 600


async def test_untrusted_ip_is_explained_and_not_retried_in_a_loop(
    database_url, sessions, clock, caplog
):
    async with outbox_rig(database_url, sessions, clock) as rig:
        rig.api.fail(
            "message/send",
            60020,
            errmsg="not allow to access from your ip, hint: [x], from ip: 203.0.113.7, more info",
        )
        await rig.enqueue("一")
        with caplog.at_level(logging.ERROR):
            await rig.worker.run_once()
            await rig.worker.run_once()
        assert len([r for r in rig.api.requests if r.path == "message/send"]) == 1
        assert any(
            "203.0.113.7" in r.getMessage() and "企业可信IP" in r.getMessage()
            for r in caplog.records
        )
        clock.advance(timedelta(minutes=10))
        await rig.worker.run_once()
        assert [s.text for s in rig.api.seen_by("zhangsan")] == ["一"]


async def test_wrong_secret_does_not_hammer_gettoken(database_url, sessions, clock, caplog):
    async with outbox_rig(database_url, sessions, clock, wecom_secret="wrong") as rig:
        for recipient in ("zhangsan", "lisi", "wangwu"):
            await rig.enqueue("一", to=ToUsers.of(recipient))
        await rig.worker.run_once()
        clock.advance(timedelta(minutes=5))
        await rig.worker.run_once()
        assert rig.api.gettoken_calls == 1
        assert any("ZHUANBAN_WECOM_SECRET" in r.getMessage() for r in caplog.records)
        members = [row for row in await rig.rows() if row.channel == ToUsers.kind]
        assert {row.status for row in members} == {"queued"}


async def test_gives_up_on_transient_errors_after_a_day(database_url, sessions, clock):
    async with outbox_rig(database_url, sessions, clock) as rig:
        await rig.enqueue("一")
        rig.api.down = True
        for _ in range(6 * 25):
            clock.advance(timedelta(minutes=10))
            await rig.worker.run_once()
        [row] = await rig.rows()
        assert row.status == "failed" and "HTTP 503" in row.last_error


async def test_a_crash_mid_send_resumes_at_the_next_part(database_url, sessions, clock):
    async with outbox_rig(database_url, sessions, clock) as rig:
        await rig.enqueue("\n".join(f"第{n}行" + "内容" * 60 for n in range(13)))
        async with sessions() as session, session.begin():  # what a dead worker leaves
            await session.execute(
                update(OutboxMessage).values(
                    status="sending",
                    parts_sent=1,
                    next_attempt_at=clock.now() + timedelta(minutes=2),
                )
            )
        await rig.worker.run_once()
        assert rig.api.seen == []  # its lease has not run out: maybe it is alive
        clock.advance(timedelta(minutes=2))
        await rig.worker.run_once()
        assert [s.text.split("\n", 1)[0] for s in rig.api.seen] == ["(2/3)", "(3/3)"]
        assert (await rig.rows())[0].status == "sent"


async def test_files_are_uploaded_once_and_sent(database_url, sessions, clock):
    content = "专班,季度,状态\n获得电力,2026Q4,已报送\n".encode()
    async with outbox_rig(database_url, sessions, clock) as rig:
        await rig.enqueue(body=File.from_bytes("报送情况.csv", content))
        rig.api.fail("message/send", -1)
        await rig.worker.run_once()
        clock.advance(timedelta(seconds=30))
        await rig.worker.run_once()
        [seen] = rig.api.seen
        assert rig.api.media[seen.content["media_id"]] == ("报送情况.csv", content)
        assert [r.path for r in rig.api.requests].count("media/upload") == 1


async def test_app_group_chat(database_url, sessions, clock):
    async with outbox_rig(database_url, sessions, clock) as rig:
        await rig.enqueue("本周进展", to=ToChat("officechat"))
        await rig.enqueue("本周进展", to=ToChat("nochat"))
        await rig.worker.run_once()
        assert [(s.to, s.text) for s in rig.api.seen] == [("officechat", "本周进展")]
        _, failed = await rig.rows()
        assert failed.status == "failed" and "86003" in failed.last_error


async def test_two_instances_send_each_message_once(database_url, sessions, clock):
    """Two workers with their own engines and clients on one database, racing."""
    async with outbox_rig(database_url, sessions, clock) as rig, aiohttp.ClientSession() as http:
        second_engine = db.create_engine(database_url)
        try:
            other_sessions = db.session_factory(second_engine)
            settings = wecom_settings(database_url, rig.api.base_url)
            other = OutboxWorker(
                other_sessions, WeComClient(http, settings, clock), clock, settings
            )
            users = ["zhangsan", "lisi", "wangwu"]
            for number in range(60):
                await rig.enqueue(f"消息 {number}", to=ToUsers.of(users[number % 3]))
            for _ in range(3):
                await asyncio.gather(rig.worker.run_once(), other.run_once())
                clock.advance(timedelta(minutes=1))
        finally:
            await second_engine.dispose()
        for offset, user in enumerate(users):
            expected = [f"消息 {n}" for n in range(offset, 60, 3)]
            assert [s.text for s in rig.api.seen_by(user)] == expected
        assert {row.status for row in await rig.rows()} == {"sent"}
