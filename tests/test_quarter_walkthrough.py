"""Issue 15's "Done when", played: one quarter end to end, entirely in chat — contacts, a 分管领导
and the office, with a 延期, an exemption, a submission at night, a 退回 before and one after
the lock day, a score correction and a 晾晒 — while the reminder ladder ticks every working
morning and the outbox worker delivers to the fake WeCom as `serve` would. Then: nobody was
chased wrongly, named late wrongly, left without an answer about their own work, or messaged
at night (every message WeCom received is checked against office hours and working days on
the injected clock), each person's held notices left as one message, and nothing was lost."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from bot.scheduler import Scheduler
from core.clock import LOCAL_TZ, ManualClock, local
from core.workdays import is_unconfirmed, is_working_day
from handlers import texts
from handlers.notices import AFTER_THE_TICK
from storage.models import OutboxMessage
from storage.repositories import Repositories
from storage.repositories.outbox import MERGED, NOTICES, WITHDRAWN
from tests.chat import Chat
from tests.checkin_support import (
    CONTACT,
    LEADER,
    MARKET,
    OFFICE,
    SECOND_CONTACT,
    at,
    fill_without_lags,
    seed_roster,
)
from tests.delivery_support import CHASED, Rig, roster_rig
from tests.fakes.wecom_api import FakeWeComAPI, Seen

Q4 = "2026年第四季度"


def in_office_hours(moment: datetime) -> bool:
    # 2027's holidays are not entered here: its weekdays are unconfirmed, never known days off.
    moment = local(moment)
    workday = is_working_day(moment.date()) or is_unconfirmed(moment.date())
    return workday and time(9) <= moment.time() < time(17, 30)


@dataclass
class World:
    """The clock moves only forward: every working morning the ladder ticks, and after
    every message and tick the outbox worker delivers what is due."""

    clock: ManualClock
    scheduler: Scheduler
    rig: Rig

    @property
    def api(self) -> FakeWeComAPI:
        return self.rig.api

    async def until(self, moment: str) -> None:
        """Live up to `moment`: the worker runs whenever a queued row falls due (as `serve`
        polls), the ladder ticks at 09:05 every day."""
        target = at(moment)
        while True:
            now = self.clock.now()
            tick = datetime.combine(local(now).date(), time(9, 5), tzinfo=LOCAL_TZ)
            if tick <= now:
                tick += timedelta(days=1)
            due = await self._next_due(now)
            step = min(tick, due or tick, target)
            self.clock.set(step)
            if step == tick:
                await self.scheduler.tick(tick)
            await self.rig.worker.run_once()
            if step == target:
                return

    async def _next_due(self, now: datetime) -> datetime | None:
        async with self.rig.sessions() as session:
            return await session.scalar(
                select(func.min(OutboxMessage.next_attempt_at)).where(
                    OutboxMessage.status == "queued", OutboxMessage.next_attempt_at > now
                )
            )

    async def say(self, chat: Chat, text: str) -> str:
        reply = await chat.say(text)
        await self.rig.worker.run_once()
        return reply

    def received(self, userid: str, since: str = "2026-01-01 00:00") -> list[Seen]:
        return [entry for entry in self.api.seen_by(userid) if entry.at >= at(since)]

    def group(self) -> list[Seen]:
        return [entry for entry in self.api.seen if entry.to.startswith("robot:")]


@asynccontextmanager
async def world(sessions, clock, settings, database_url) -> AsyncIterator[World]:
    async with roster_rig(database_url, sessions, clock) as rig:
        yield World(clock, Scheduler(sessions, clock, settings), rig)


async def test_a_quarter_played_in_chat(dispatcher, sessions, clock, settings, kb, database_url):
    clock.set(at("2026-12-01 10:00"))  # a Tuesday; 2026Q4 opens today, due 12-25, locks 1-15
    await seed_roster(sessions, clock)
    office = Chat(dispatcher, clock, OFFICE[0])
    contact = Chat(dispatcher, clock, CONTACT)
    leader = Chat(dispatcher, clock, LEADER)
    market = Chat(dispatcher, clock, MARKET)
    tax, ip = kb.task_force("paying_taxes").name, kb.task_force("intellectual_property").name
    business = kb.task_force("starting_business").name
    async with world(sessions, clock, settings, database_url) as w:
        # The office checks the quarter's days in chat.
        days = await w.say(office, "周期 2026Q4")
        assert "12月25日（周五）" in days and "2027年1月15日（周五）" in days

        # A 延期 on a Sunday night waits for Monday morning; an exemption on Monday.
        await w.until("2026-12-06 21:46")
        assert "12月7日（周一） 09:01" in await w.say(
            office, "延期 开办企业 12月30日 负责同志出差"
        )
        await w.until("2026-12-07 10:00")
        await w.say(office, "免报 知识产权 2026Q4 本季度无新增工作")

        # Wednesday evening: a 催报 at 20:00, then 纳税's contact submits at 22:00.
        await w.until("2026-12-09 20:00")
        await w.say(office, "催报 全部")
        await w.until("2026-12-09 22:00")
        receipt = await fill_without_lags(contact)
        assert "第1版" in receipt  # the contact's own receipt is immediate
        await w.rig.worker.run_once()
        # Everyone can ask about their own work, at any hour.
        assert "等待办公室审核" in await w.say(contact, "我的报告通过了吗")
        assert "已提交" in await w.say(leader, "我们专班的报告通过了吗")
        due = await w.say(market, "截止日期是哪天")
        assert business in due and "12月30日" in due and texts.SELF_EXTENDED in due
        assert "还有" in await w.say(market, "哪些专班还没报")  # counts only about the others

        # Thursday morning: the held notices leave, one message per person.
        await w.until("2026-12-10 10:00")
        assert len(w.received(LEADER)) == 1 and tax in w.received(LEADER)[0].text
        for userid in (CONTACT, SECOND_CONTACT):  # submitted before the 催报 could leave
            assert all(CHASED not in entry.text for entry in w.received(userid))
        assert [entry.at for entry in w.received(MARKET)].count(at("2026-12-10 09:01")) <= 1

        # The office returns it the day before the due day; the contact sees why and by when.
        await w.until("2026-12-24 10:00")
        await w.say(office, "退回 纳税 请补充量化成效")
        todo = await w.say(contact, "我的待办")
        assert texts.SELF_TODO_RESUBMIT in todo and "12月31日（周四）" in todo
        assert "请补充量化成效" in await w.say(contact, "我的报告通过了吗")
        await w.until("2026-12-30 10:00")
        await w.say(contact, "填报")
        await w.say(contact, "确认提交")

        # After the lock day: a 退回 with its own day, resubmitted at night, on time.
        await w.until("2027-01-18 10:00")
        await w.say(office, "退回 纳税 2026Q4 1月22日 请补充整改时限")
        await w.until("2027-01-19 21:30")
        await w.say(contact, "填报")
        await w.say(contact, "确认提交")
        progress = await w.say(office, "进度 2026Q4")
        tax_line = next(line for line in progress.splitlines() if " 纳税 " in f" {line} ")
        assert texts.OFFICE_LATE not in tax_line
        await w.until("2027-01-19 22:00")  # the office accepts it straight away, at night
        await w.say(office, "通过 纳税 2026Q4")
        await w.until("2027-01-20 10:00")
        # The 分管领导 hears of the 提交 and the 通过 in one morning message.
        [morning] = w.received(LEADER, "2027-01-19 17:30")
        assert texts.NOTICES_HEADER.format(count=2) in morning.text
        assert morning.text.index("第3版") < morning.text.index("通过")
        assert "已通过审核" in await w.say(contact, "我的报告通过了吗")
        async with sessions() as session:
            report = await Repositories(session).reports.report("2026Q4", "paying_taxes")
        assert (report.version, report.late) == (3, False)

        # Scores: a correction keeps the rank; an incomplete 晾晒, confirmed in the evening,
        # reaches the office group the next morning.
        await w.say(office, "成绩 2026 纳税 92.5 3")
        assert "第3名" in await w.say(office, "成绩 2026 纳税 93")
        await w.until("2027-01-20 19:00")
        assert texts.OFFICE_PUBLISH_ANYWAY in await w.say(office, "晾晒 2026")
        published = await w.say(office, texts.OFFICE_PUBLISH_ANYWAY)
        assert texts.OFFICE_PUBLISH_QUEUED.format(year=2026) in published  # not "sent" yet
        assert "1月21日（周四） 09:01" in published
        await w.until("2027-01-21 10:00")

    # Named late wrongly: the office group's overdue summary (T+3 after the due day, 12-30).
    [summary] = [
        entry
        for entry in w.group()
        if "逾期" in entry.text and entry.at.date() == date(2026, 12, 30)
    ]
    for fine in (tax, ip, business):  # resubmitted by its 退回's day, exempt, extended
        assert fine not in summary.text
    # Chased wrongly: never for the exempted task force, never for a report already in, never
    # for the locked quarter.
    assert all(ip not in entry.text or CHASED not in entry.text for entry in w.received(MARKET))
    for userid in (CONTACT, SECOND_CONTACT):
        for entry in w.received(userid, "2027-01-16 00:00"):
            assert "尚未提交" not in entry.text and CHASED not in entry.text
    # The 晾晒 confirmed at 19:00 reached the group the next morning.
    ranking = w.group()[-1]
    assert ranking.at == at("2027-01-21 09:01") + AFTER_THE_TICK and "93分 第3名" in ranking.text
    # Messaged at night: everything WeCom received came in office hours on a working day.
    night = [(entry.to, local(entry.at)) for entry in w.api.seen if not in_office_hours(entry.at)]
    assert not night, night
    # Nothing lost, nothing twice: every row sent (or merged into a sent one, or withdrawn);
    # each person got one message of held notices per moment.
    async with sessions() as session:
        rows = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert {row.status for row in rows} <= {"sent", MERGED, WITHDRAWN}
    notices = Counter(
        (row.address, row.sent_at)
        for row in rows
        if row.status == "sent" and NOTICES in row.delivery
    )
    assert max(notices.values()) == 1
    assert any(row.status == MERGED for row in rows) and any(
        row.status == WITHDRAWN for row in rows
    )
