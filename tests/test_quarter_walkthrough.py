"""One quarter end to end, entirely in chat: contacts, a 分管领导 and the office, with a 延期,
an exemption, a 退回 before and one after the lock day, a score correction and a 晾晒 — and
nobody chased wrongly, named late wrongly, or messaged at night."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.scheduler import Scheduler
from core.clock import LOCAL_TZ, local
from core.workdays import is_unconfirmed, is_working_day
from handlers import texts
from storage.models import OutboxMessage
from storage.repositories import Repositories
from tests.chat import Chat
from tests.checkin_support import CONTACT, LEADER, MARKET, OFFICE, fill_without_lags, seed_roster
from tests.factories import outbox, recipient_of, text_of


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def leaves_in_office_hours(message: OutboxMessage) -> bool:
    # 2027's holidays are not entered here: its weekdays are unconfirmed, never known days off.
    moment = local(message.next_attempt_at)
    workday = is_working_day(moment.date()) or is_unconfirmed(moment.date())
    return workday and time(9) <= moment.time() < time(17, 30)


async def test_a_quarter_played_in_chat(dispatcher, sessions, clock, settings, kb):
    clock.set(at("2026-12-01 10:00"))
    await seed_roster(sessions, clock)
    office = Chat(dispatcher, clock, OFFICE[0])
    contact = Chat(dispatcher, clock, CONTACT)
    market = Chat(dispatcher, clock, MARKET)
    scheduler = Scheduler(sessions, clock, settings)

    # The office grants a 延期 and an exemption (a Sunday-night command waits for Monday).
    clock.set(at("2026-12-06 21:46"))
    reply = await office.say("延期 开办企业 12月30日 负责同志出差")
    assert "12月7日（周一） 09:01" in reply
    clock.set(at("2026-12-07 10:00"))
    await office.say("免报 知识产权 2026Q4 本季度无新增工作")

    # 纳税's contact reports on time; the 分管领导 hears of it.
    clock.set(at("2026-12-10 10:00"))
    await fill_without_lags(contact)
    assert any(recipient_of(m) == LEADER for m in await outbox(sessions))

    # The office returns it the day before the due day; the contact sees why and by when.
    clock.set(at("2026-12-24 10:00"))
    await office.say("退回 纳税 请补充量化成效")
    todo = await contact.say("我的待办")
    assert texts.SELF_TODO_RESUBMIT in todo and "12月31日（周四）" in todo
    clock.set(at("2026-12-30 10:00"))
    await contact.say("填报")
    await contact.say("确认提交")

    # The ladder runs every working morning up to the office group's T+3 (12-30).
    day = date(2026, 12, 1)
    while day <= date(2026, 12, 30):
        clock.set(datetime.combine(day, time(9, 5), tzinfo=LOCAL_TZ))
        await scheduler.tick(clock.now())
        day += timedelta(days=1)
    messages = await outbox(sessions)
    # Besides the overdue summary, the office group hears weekly that 2027's holidays are missing.
    [group] = [
        m
        for m in messages
        if recipient_of(m) == "office" and not (m.dedupe_key or "").startswith("calendar-missing")
    ]
    named = text_of(group)
    assert kb.task_force("paying_taxes").name not in named  # resubmitted by the 退回's day
    assert kb.task_force("intellectual_property").name not in named  # exempt
    assert kb.task_force("starting_business").name not in named  # its 延期 runs to 12-30
    # The exempted task force's contact was never chased for it.
    chased_market = [
        text_of(m) for m in messages if m.source == "reminders" and recipient_of(m) == MARKET
    ]
    ip = kb.task_force("intellectual_property").name
    assert not any(
        line.startswith(f"{n}. {ip} · 2026年第四季度")
        for text in chased_market
        for line in text.splitlines()
        for n in range(1, 4)
    )

    # After the lock day: a 退回 with its own day, resubmitted on time; no chasing at all.
    clock.set(at("2027-01-18 10:00"))
    await office.say("退回 纳税 2026Q4 1月22日 请补充整改时限")
    clock.set(at("2027-01-19 10:00"))
    await contact.say("填报")
    await contact.say("确认提交")
    progress = await office.say("进度 2026Q4")
    tax_line = next(line for line in progress.splitlines() if " 纳税 " in f" {line} ")
    assert texts.OFFICE_LATE not in tax_line
    before = len(await outbox(sessions))
    clock.set(at("2027-01-20 09:05"))
    await scheduler.tick(clock.now())
    locked_chases = [
        m for m in (await outbox(sessions))[before:] if "2026年第四季度" in text_of(m)
    ]
    assert locked_chases == []
    async with sessions() as session:
        report = await Repositories(session).reports.report("2026Q4", "paying_taxes")
    assert (report.version, report.late) == (3, False)

    # Scores: a correction keeps the rank; an incomplete 晾晒 needs the explicit word.
    await office.say("成绩 2026 纳税 92.5 3")
    assert "第3名" in await office.say("成绩 2026 纳税 93")
    preview = await office.say("晾晒 2026")
    assert texts.OFFICE_PUBLISH_ANYWAY in preview
    assert "已发送到办公室群" in await office.say(texts.OFFICE_PUBLISH_ANYWAY)

    # The other contact can ask about their own work at any point.
    assert "开办企业" in await market.say("截止日期是哪天")

    # Nothing left at night or on a weekend.
    bad = [
        (m.source, local(m.next_attempt_at))
        for m in await outbox(sessions)
        if not leaves_in_office_hours(m)
    ]
    assert not bad, bad
