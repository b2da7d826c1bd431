"""周期: the office sets a quarter's open, due and lock days by chat, with the CLI's rules —
tolerant of missing spaces and full-width forms, the year inferred and shown, a reopening
confirmed first, and every change announced to whoever still owes the report."""

from __future__ import annotations

from datetime import date

import pytest

from core.dates import day_label
from core.lifecycle import Phase
from core.office_commands import OfficeCommand
from handlers import texts
from storage.repositories import Repositories
from tests.chat import Chat
from tests.checkin_support import (
    CONTACT,
    OFFICE,
    SECOND_CONTACT,
    at,
    fill_without_lags,
    seed_roster,
    set_period,
)
from tests.factories import outbox, recipient_of, text_of


@pytest.fixture
async def office(dispatcher, sessions, clock) -> Chat:
    clock.set(at("2026-12-10 10:00"))
    await seed_roster(sessions, clock)
    return Chat(dispatcher, clock, OFFICE[0])


async def period(sessions, quarter: str):
    async with sessions() as session:
        return await Repositories(session).reports.period(quarter)


async def period_audit(sessions):
    async with sessions() as session:
        return await Repositories(session).audit.entries("period")


@pytest.mark.parametrize(
    "command",
    [
        "周期 2027Q1 开放 2月15日 锁定 4月16日",
        "周期2027Q1开放2月15日锁定4月16日",
        "周期　２０２７年第一季度　开放日　２月１５日　锁定　４月１６日",
        "周期 2027年1季度 开放 2027-02-15 锁定 2027/4/16",
        "周期Q1开放2月15日锁定4月16日",  # in December, Q1 is the coming one
    ],
)
async def test_open_and_lock_days_set_in_any_form(office, sessions, clock, command):
    reply = await office.say(command)
    assert office.last.intent == "office.period"
    stored = await period(sessions, "2027Q1")
    assert (stored.opens_on, stored.locks_on) == (date(2027, 2, 15), date(2027, 4, 16))
    # The due day nobody named is the quarter's default; every day shows its year and weekday.
    assert stored.due_on == date(2027, 3, 25)
    today = clock.now().date()
    for day in (stored.opens_on, stored.due_on, stored.locks_on):
        assert day_label(day, today) in reply
    assert "2027年4月16日（周五）" in reply
    [entry] = await period_audit(sessions)
    assert (entry.action, entry.actor, entry.before) == ("period.set", OFFICE[0], None)
    assert entry.after["opens_on"] == "2027-02-15"
    # Announced to the contacts of every task force that owes the quarter, one message each.
    messages = await outbox(sessions)
    told = [recipient_of(m) for m in messages]
    assert CONTACT in told and SECOND_CONTACT in told and len(told) == len(set(told))
    notice = next(text_of(m) for m in messages if recipient_of(m) == CONTACT)
    assert "2027年2月15日（周一）" in notice and "2027年4月16日（周五）" in notice


async def test_the_days_in_force_again_change_nothing(office, sessions):
    reply = await office.say("周期 2027Q1 开放 3月1日 锁定 4月15日")
    assert "没有变化" in reply and "2027年4月15日（周四）" in reply
    assert await period(sessions, "2027Q1") is None
    assert await outbox(sessions) == []


async def test_a_due_day_off_moves_back_as_the_cli_does(office, sessions):
    reply = await office.say("周期 2026Q4 截止 12月20日")
    assert "12月20日（周日）" in reply and "12月18日（周五）" in reply
    assert (await period(sessions, "2026Q4")).due_on == date(2026, 12, 18)


async def test_days_out_of_order_are_refused_and_nothing_is_kept(office, sessions):
    reply = await office.say("周期 2026Q4 锁定 12月20日")
    assert office.last.intent == "office.period.bad_argument"
    assert "锁定日" in reply and "12月20日（周日）" in reply
    assert await period(sessions, "2026Q4") is None
    assert await outbox(sessions) == []


async def test_without_days_it_shows_them_and_changes_nothing(office, sessions, clock):
    reply = await office.say("周期 2026Q4")
    assert "12月1日（周二）" in reply and "12月25日（周五）" in reply
    assert "2027年1月15日（周五）" in reply
    assert await period(sessions, "2026Q4") is None
    assert texts.OFFICE_USAGE[OfficeCommand.PERIOD] in await office.say("周期 2026Q4 锁定")


async def test_reopening_by_a_later_lock_day_is_confirmed_then_announced(
    office, dispatcher, sessions, clock
):
    await set_period(sessions, clock, due=date(2026, 12, 25), lock=date(2027, 1, 15))
    clock.set(at("2027-01-18 10:00"))
    ask = await office.say("周期 2026Q4 锁定 1月29日")
    assert "确认" in ask and "1月15日（周五）" in ask and "1月29日（周五）" in ask
    assert (await period(sessions, "2026Q4")).locks_on == date(2027, 1, 15)  # not yet
    contact = Chat(dispatcher, clock, CONTACT)
    assert "锁定" in await contact.say("填报 2026Q4")
    await contact.say("取消")
    await office.say("确认")
    assert office.last.intent == "office.reopen"
    assert (await period(sessions, "2026Q4")).locks_on == date(2027, 1, 29)
    assert (await period_audit(sessions))[-1].action == "period.reopen"
    messages = await outbox(sessions)
    assert any(recipient_of(m) == "office" and "重新开放" in text_of(m) for m in messages)
    # The due day has passed: the owing contacts are asked to report by the new lock day.
    notice = next(text_of(m) for m in messages if recipient_of(m) == CONTACT)
    assert "重新开放" in notice and "1月29日（周五）" in notice
    assert "锁定" not in await contact.say("填报 2026Q4")


async def test_a_quarter_without_its_year_is_the_nearest(office, sessions, clock):
    clock.set(at("2027-01-05 10:00"))  # early January: Q4 is the one just ended
    await office.say("周期 Q4 锁定 1月22日")
    assert (await period(sessions, "2026Q4")).locks_on == date(2027, 1, 22)


async def test_alone_it_lists_every_configured_quarter(office, dispatcher, sessions, clock):
    assert await office.say("周期") == texts.OFFICE_PERIOD_NONE
    await office.say("周期 2027Q1 开放 2月15日")
    await office.say("免报 知识产权 2026Q4 本季度无新增工作")  # stores 2026Q4 with its defaults
    await fill_without_lags(Chat(dispatcher, clock, CONTACT))
    q4, q1 = (await office.say("周期")).splitlines()
    assert "2026年第四季度" in q4 and texts.PERIOD_PHASES[Phase.OPEN] in q4
    assert "已提交1/22" in q4 and texts.SCHEDULE_EXEMPT_COUNT.format(count=1) in q4
    assert "2027年第一季度" in q1 and "2027年2月15日（周一）" in q1
    assert texts.PERIOD_PHASES[Phase.EARLY] in q1


async def test_a_lock_day_already_gone_is_refused_for_an_open_quarter(office, sessions, clock):
    reply = await office.say("周期 2026Q4 截止 12月4日 锁定 12月8日")  # today is 12-10
    assert office.last.intent == "office.period.bad_argument"
    assert "12月8日（周二）已经过去" in reply
    assert await period(sessions, "2026Q4") is None
