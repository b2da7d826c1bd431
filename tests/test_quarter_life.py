"""A quarter's life (core/lifecycle.py, docs/reports.md), played through the chat: 退回 after
the lock day and resubmission by its own day, fair lateness, reopening, 延期/免报 around the
lock day, and a ladder that never chases a locked quarter."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.scheduler import Scheduler
from core import lifecycle
from core.clock import LOCAL_TZ
from core.dates import day_label
from core.lifecycle import Standing, Window
from handlers import texts
from storage.repositories import Repositories
from tests.chat import Chat
from tests.checkin_support import (
    CONTACT,
    LEADER,
    OFFICE,
    fill_without_lags,
    seed_roster,
    set_period,
)
from tests.factories import outbox, recipient_of, text_of

Q4 = Window(date(2026, 12, 1), date(2026, 12, 25), date(2027, 1, 15))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


@pytest.fixture
async def people(sessions, clock):
    clock.set(at("2026-12-10 10:00"))
    await seed_roster(sessions, clock)


async def report(sessions, quarter: str = "2026Q4"):
    async with sessions() as session:
        return await Repositories(session).reports.report(quarter, "paying_taxes")


async def versions(sessions):
    async with sessions() as session:
        reports = Repositories(session).reports
        found = await reports.report("2026Q4", "paying_taxes")
        return await reports.versions(found.id)


# The rules themselves -------------------------------------------------------------------


def test_phases_of_a_quarter():
    assert Q4.phase(date(2026, 11, 30)) is lifecycle.Phase.EARLY
    assert Q4.phase(date(2026, 12, 25)) is lifecycle.Phase.OPEN
    assert Q4.phase(date(2026, 12, 26)) is lifecycle.Phase.OVERDUE
    assert Q4.phase(date(2027, 1, 15)) is lifecycle.Phase.OVERDUE
    assert Q4.phase(date(2027, 1, 16)) is lifecycle.Phase.LOCKED


def test_a_returned_report_may_be_edited_after_the_lock_until_its_own_day():
    returned = Standing("returned", return_due=date(2027, 1, 22))
    assert lifecycle.may_edit(Q4, returned, date(2027, 1, 22))
    assert not lifecycle.may_edit(Q4, returned, date(2027, 1, 23))
    assert not lifecycle.may_edit(Q4, Standing("draft"), date(2027, 1, 16))
    assert not lifecycle.may_edit(Q4, Standing(exempt=True), date(2026, 12, 10))
    # …but a locked quarter is never chased, returned or not.
    assert not lifecycle.may_chase(Q4, returned, date(2027, 1, 18))
    assert lifecycle.may_chase(Q4, Standing("returned"), date(2027, 1, 15))
    assert not lifecycle.may_chase(Q4, Standing("submitted"), date(2026, 12, 10))


def test_the_due_day_that_applies():
    assert lifecycle.due_on(Q4, Standing()) == date(2026, 12, 25)
    extended = Standing("draft", extension_due=date(2026, 12, 30))
    assert lifecycle.due_on(Q4, extended) == date(2026, 12, 30)
    returned = Standing("returned", date(2026, 12, 30), date(2027, 1, 22))
    assert lifecycle.due_on(Q4, returned) == date(2027, 1, 22)
    # Once resubmitted, the 退回's day no longer applies.
    assert lifecycle.due_on(Q4, Standing("submitted", None, date(2027, 1, 22))) == Q4.due_on


@pytest.mark.parametrize(
    ("standing", "version", "previous_late", "day", "late"),
    [
        (Standing(), 0, False, date(2026, 12, 25), False),
        (Standing(), 0, False, date(2026, 12, 28), True),
        (Standing("returned", return_due=date(2027, 1, 22)), 1, False, date(2027, 1, 20), False),
        (Standing("returned", return_due=date(2027, 1, 22)), 1, False, date(2027, 1, 25), True),
        # A resubmission after 退回 is judged by the 退回's day, even if the first was late.
        (Standing("returned", return_due=date(2027, 1, 22)), 1, True, date(2027, 1, 20), False),
        # An edit keeps an on-time standing…
        (Standing("submitted"), 1, False, date(2027, 1, 10), False),
        # …and a late one, unless the edit is within a 延期 granted since.
        (Standing("submitted"), 1, True, date(2027, 1, 10), True),
    ],
)
def test_lateness_is_fair(standing, version, previous_late, day, late):
    assert lifecycle.is_late(standing, Q4.due_on, version, previous_late, day) is late


def test_a_return_is_given_working_days_and_never_less_than_the_due_day():
    # Returned on Thursday 12-24: five working days on is Thursday 12-31.
    assert lifecycle.default_return_due(Q4, Standing("submitted"), date(2026, 12, 24)) == date(
        2026, 12, 31
    )
    assert lifecycle.default_return_due(Q4, Standing("submitted"), date(2026, 12, 1)) == date(
        2026, 12, 25
    )


def test_reopening_needs_a_day_not_past():
    assert lifecycle.change_deadline(Q4, date(2027, 1, 20), date(2027, 1, 18)) == (
        lifecycle.DeadlineChange(Window(Q4.opens_on, date(2027, 1, 20), date(2027, 1, 20)), True)
    )
    assert (
        lifecycle.change_deadline(Q4, date(2027, 1, 10), date(2027, 1, 18))
        is lifecycle.Refusal.IN_PAST
    )
    change = lifecycle.change_deadline(Q4, date(2026, 12, 18), date(2026, 12, 10))
    assert not change.reopens and change.window.locks_on == Q4.locks_on


# Through the chat -----------------------------------------------------------------------


@pytest.mark.usefixtures("people")
async def test_returned_after_the_lock_day_is_resubmitted_by_the_returns_own_day(
    dispatcher, sessions, clock
):
    contact, office = Chat(dispatcher, clock, CONTACT), Chat(dispatcher, clock, OFFICE[0])
    await fill_without_lags(contact)  # 12-10: on time
    clock.set(at("2027-01-18 10:00"))  # three days after the lock day
    reply = await office.say("退回 纳税 2026Q4 1月22日 请补充整改时限")
    assert day_label(date(2027, 1, 22), clock.now().date()) in reply
    returned = await report(sessions)
    assert (returned.status, returned.return_due_on) == ("returned", date(2027, 1, 22))
    notices = [m for m in await outbox(sessions) if m.source == "office.review"]
    assert {recipient_of(m) for m in notices} == {CONTACT, "ZhaoLiu", LEADER}
    assert all("1月22日" in text_of(m) for m in notices)

    # The contact opens it (no quarter named: the returned one is meant) and resubmits.
    clock.advance(timedelta(days=1))
    opened = await contact.say("填报")
    assert "请补充整改时限" in opened
    receipt = await contact.say("确认提交")
    assert texts.CHECKIN_LATE.split("{")[0] not in receipt
    first, second = await versions(sessions)
    assert (first.late, second.version, second.late) == (False, 2, False)
    progress = await office.say("进度 2026Q4")
    tax_line = next(line for line in progress.splitlines() if " 纳税 " in f" {line} ")
    assert texts.OFFICE_LATE not in tax_line


@pytest.mark.usefixtures("people")
async def test_after_the_returns_day_the_report_is_locked_again(dispatcher, sessions, clock):
    contact, office = Chat(dispatcher, clock, CONTACT), Chat(dispatcher, clock, OFFICE[0])
    await fill_without_lags(contact)
    clock.set(at("2027-01-18 10:00"))
    await office.say("退回 纳税 2026Q4 1月22日 请补充")
    clock.set(at("2027-01-25 10:00"))
    reply = await contact.say("填报 2026Q4")
    assert "锁定" in reply
    assert (await report(sessions)).status == "returned"


@pytest.mark.usefixtures("people")
async def test_a_resubmission_meeting_the_returns_day_is_on_time(dispatcher, sessions, clock):
    contact, office = Chat(dispatcher, clock, CONTACT), Chat(dispatcher, clock, OFFICE[0])
    await fill_without_lags(contact)  # 12-10
    clock.set(at("2026-12-24 10:00"))
    await office.say("退回 纳税 请补充整改时限")  # due back five working days on: 12-31
    assert (await report(sessions)).return_due_on == date(2026, 12, 31)
    clock.set(at("2026-12-30 10:00"))  # after the quarter's due day, before the 退回's
    await contact.say("填报")
    await contact.say("确认提交")
    assert [v.late for v in await versions(sessions)] == [False, False]
    assert not (await report(sessions)).late


@pytest.mark.usefixtures("people")
async def test_a_return_day_in_the_past_is_refused(dispatcher, sessions, clock):
    contact, office = Chat(dispatcher, clock, CONTACT), Chat(dispatcher, clock, OFFICE[0])
    await fill_without_lags(contact)
    reply = await office.say("退回 纳税 12月1日 请补充")
    assert day_label(date(2026, 12, 1), clock.now().date()) in reply
    assert (await report(sessions)).status == "submitted"


@pytest.mark.usefixtures("people")
async def test_reopening_a_locked_quarter_asks_first_and_is_announced(dispatcher, sessions, clock):
    office = Chat(dispatcher, clock, OFFICE[0])
    clock.set(at("2027-01-18 10:00"))
    ask = await office.say("截止 2026Q4 1月22日")
    assert "确认" in ask and day_label(Q4.locks_on, clock.now().date()) in ask
    async with sessions() as session:
        assert (await Repositories(session).reports.period("2026Q4")) is None  # nothing yet
    # Another command meanwhile runs; the confirmation stays pending.
    assert (await office.say("未报 2026Q4")) and office.last.intent == "office.missing"
    done = await office.say("确认")
    assert office.last.intent == "office.reopen"
    assert "1月22日（周五）" in done
    async with sessions() as session:
        period = await Repositories(session).reports.period("2026Q4")
    assert (period.due_on, period.locks_on) == (date(2027, 1, 22), date(2027, 1, 22))
    messages = await outbox(sessions)
    assert any(recipient_of(m) == "office" and "重新开放" in text_of(m) for m in messages)
    told = {recipient_of(m) for m in messages if recipient_of(m) != "office"}
    assert {CONTACT, "ZhaoLiu"} <= told  # 纳税's contacts still owe the report
    # The contact may fill it again now.
    assert "锁定" not in await Chat(dispatcher, clock, CONTACT).say("填报 2026Q4")


@pytest.mark.usefixtures("people")
async def test_reopening_cancelled_keeps_the_quarter_locked(dispatcher, sessions, clock):
    office = Chat(dispatcher, clock, OFFICE[0])
    await set_period(sessions, clock, due=Q4.due_on, lock=Q4.locks_on)
    clock.set(at("2027-01-18 10:00"))
    await office.say("截止 2026Q4 1月22日")
    assert await office.say("取消") == texts.OFFICE_REOPEN_CANCELLED
    assert await outbox(sessions) == []
    assert "锁定" in await Chat(dispatcher, clock, CONTACT).say("填报 2026Q4")


@pytest.mark.usefixtures("people")
async def test_extension_after_the_lock_day_is_refused_and_exemption_of_a_submitted_one(
    dispatcher, sessions, clock
):
    office = Chat(dispatcher, clock, OFFICE[0])
    await fill_without_lags(Chat(dispatcher, clock, CONTACT))
    refused = await office.say("免报 纳税 2026Q4 无新增工作")
    assert refused == texts.LIFECYCLE_REFUSALS["already_submitted"]
    clock.set(at("2027-01-18 10:00"))
    assert "锁定" in await office.say("延期 开办企业 2026Q4 1月22日 出差")
    # An exemption after the lock day excuses a report never submitted.
    reply = await office.say("免报 开办企业 2026Q4 机构调整")
    assert reply.startswith("已免除开办企业")


@pytest.mark.usefixtures("people")
async def test_the_ladder_follows_the_returns_day_and_never_chases_a_locked_quarter(
    sessions, clock, settings, dispatcher
):
    contact, office = Chat(dispatcher, clock, CONTACT), Chat(dispatcher, clock, OFFICE[0])
    await fill_without_lags(contact)
    clock.set(at("2026-12-24 10:00"))
    await office.say("退回 纳税 请补充")  # due back 12-31
    scheduler = Scheduler(sessions, clock, settings)

    async def reminders_on(moment: str) -> list[str]:
        clock.set(at(moment))
        await scheduler.tick(clock.now())
        return [
            text_of(m)
            for m in await outbox(sessions)
            if m.source == "reminders" and "纳税" in text_of(m)
        ]

    due_day = await reminders_on("2026-12-31 09:05")
    assert due_day and "12月31日（周四）" in due_day[-1]
    count = len(due_day)
    # A second 退回 after the lock day: its notice names the day, the ladder stays silent.
    await contact.say("填报")
    await contact.say("确认提交")
    clock.set(at("2027-01-18 10:00"))
    await office.say("退回 纳税 2026Q4 1月22日 请再补充")
    assert len(await reminders_on("2027-01-20 09:05")) == count
