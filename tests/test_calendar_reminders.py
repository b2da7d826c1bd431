"""Reminders on the office's calendar: nobody chased on days it does not know, the weekly
notice to enter next year, and 节假日 in chat."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.dispatcher import Dispatcher
from bot.scheduler import Scheduler
from core import workdays
from core.calendar import DayStatus, load_calendar
from core.clock import ManualClock
from core.quarters import Quarter
from core.settings import Settings
from handlers import texts
from handlers.routing import build_router
from storage.repositories import Repositories
from tests.calendar_support import NOTICE_2027, install_2027
from tests.office_support import OFFICE, TAX_CONTACT, audit_entries, reply_of, say
from tests.reminder_world import at, narrow_settings, sent

Q4 = Quarter(2026, 4)
Q3_2027 = Quarter(2027, 3)


async def _set_period(sessions, quarter: Quarter) -> None:
    async with sessions() as session, session.begin():
        await Repositories(session).reports.set_period(
            quarter.id,
            opens_on=quarter.default_opens_on(),
            due_on=quarter.default_due_on(25),
            locks_on=quarter.default_locks_on(),
            now=at("2026-11-30 12:00"),
        )


async def _walk(scheduler: Scheduler, clock: ManualClock, until: str) -> None:
    """The first minutes of every day up to `until`."""
    while clock.now() < at(until):
        for _ in range(3):
            await scheduler.tick(clock.now())
            clock.advance(timedelta(minutes=1))
        clock.advance(timedelta(days=1, minutes=-3))


def _days(messages, channel: str) -> set[str]:
    return {when[:5] for when, kind, *_ in messages if kind == channel}


@pytest.mark.usefixtures("world")
async def test_on_new_years_day_2027_nobody_is_chased(sessions, database_url):
    """2026Q4 was due 25 December and nobody reported; 2027 is not in the calendar."""
    await _set_period(sessions, Q4)
    clock = ManualClock(at("2027-01-01 09:01"))
    scheduler = Scheduler(sessions, clock, narrow_settings(database_url))
    await _walk(scheduler, clock, "2027-01-08 00:00")
    messages = await sent(sessions)
    assert _days(messages, "user") == set()
    # The office alone hears, once a week, that the year is missing.
    office = [text for _, kind, _, text, _ in messages if kind == "webhook"]
    assert office == [texts.CALENDAR_MISSING_REMINDER.format(year=2027)] * 2  # Fri, Mon


@pytest.mark.usefixtures("world")
async def test_after_import_the_overdue_reports_are_chased_on_the_next_working_day(
    sessions, database_url
):
    await _set_period(sessions, Q4)
    install_2027()
    clock = ManualClock(at("2027-01-01 09:01"))
    scheduler = Scheduler(sessions, clock, narrow_settings(database_url))
    await _walk(scheduler, clock, "2027-01-08 00:00")
    messages = await sent(sessions)
    # T+3 (30 December) went unsent: the office's summary on the first working day after
    # 元旦 and the weekend, then the weekly reminder to the contacts.
    assert _days(messages, "webhook") == {"01-04"}  # no calendar notice among them
    assert _days(messages, "user") == {"01-06"}
    assert {to for _, kind, to, _, _ in messages if kind == "user"} >= {"li", "zhang"}


@pytest.mark.usefixtures("world")
async def test_national_day_2027_is_not_chased_once_entered(sessions, database_url):
    await _set_period(sessions, Q3_2027)
    install_2027()
    assert Q3_2027.default_due_on(25) == date(2027, 9, 24)
    clock = ManualClock(at("2027-09-27 09:01"))
    scheduler = Scheduler(sessions, clock, narrow_settings(database_url))
    await _walk(scheduler, clock, "2027-10-12 00:00")
    days = _days(await sent(sessions), "user")
    assert days, "overdue reports are chased at all"
    assert not days & {f"10-0{n}" for n in range(1, 8)}
    assert days & {"10-08", "10-09"}  # the first working days after 国庆


@pytest.mark.usefixtures("world")
async def test_from_december_the_office_is_reminded_weekly_until_entered(sessions, database_url):
    clock = ManualClock(at("2026-11-27 09:01"))
    scheduler = Scheduler(sessions, clock, narrow_settings(database_url))
    await _walk(scheduler, clock, "2026-12-15 00:00")
    notices = [
        (when[:5], to)
        for when, kind, to, text, _ in await sent(sessions)
        if text == texts.CALENDAR_MISSING_REMINDER.format(year=2027)
    ]
    assert notices == [("12-01", "office"), ("12-07", "office"), ("12-14", "office")]
    install_2027()
    await _walk(scheduler, clock, "2026-12-22 00:00")
    later = [
        m
        for m in await sent(sessions)
        if m[3] == texts.CALENDAR_MISSING_REMINDER.format(year=2027)
    ]
    assert len(later) == len(notices)  # entered: no more notices


@pytest.fixture
def office_dispatcher(sessions, kb, clock, database_url, tmp_path) -> Dispatcher:
    settings = Settings(_env_file=None, database_url=database_url, data_dir=tmp_path / "data")
    return Dispatcher(sessions, kb, clock, settings, build_router())


@pytest.mark.usefixtures("office_people")
async def test_the_office_enters_2027_in_chat(office_dispatcher, sessions, clock, tmp_path):
    shown = reply_of(await say(office_dispatcher, clock, "节假日 2027"))
    assert shown == texts.CALENDAR_SHOW_MISSING.format(year=2027)

    pasted = "节假日 2027\n" + NOTICE_2027.replace(",", " ")
    preview = reply_of(await say(office_dispatcher, clock, pasted))
    assert "10月4日（周一）待确认 → 休息 国庆节" in preview
    assert texts.CALENDAR_CONFIRM_PROMPT in preview
    assert workdays.status(date(2027, 10, 4)) is DayStatus.UNKNOWN  # nothing applied yet

    done = reply_of(await say(office_dispatcher, clock, "确认"))
    assert done == texts.CALENDAR_APPLIED.format(years="2027")
    assert workdays.status(date(2027, 10, 4)) is DayStatus.OFF
    assert load_calendar(tmp_path / "data").sources[2027] == "office"
    [entry] = await audit_entries(sessions, "calendar")
    assert entry.actor == OFFICE and entry.entity_key == "2027"
    assert "国庆节" in reply_of(await say(office_dispatcher, clock, "节假日 2027"))


@pytest.mark.usefixtures("office_people")
async def test_a_bad_line_or_a_contact_changes_nothing(office_dispatcher, clock, tmp_path):
    bad = reply_of(await say(office_dispatcher, clock, "节假日 2027\n2027-10-11 班 周一"))
    assert "2027-10-11" in bad and "重新发送" in bad
    other = reply_of(await say(office_dispatcher, clock, "节假日 2027\n2028-01-01 休 元旦"))
    assert other == texts.CALENDAR_OTHER_YEAR.format(year=2027, other=2028)
    refused = reply_of(
        await say(office_dispatcher, clock, "节假日 2027\n2027-01-01 休 元旦", TAX_CONTACT)
    )
    assert "节假日" in refused and "权限" in refused
    cancelled = await say(office_dispatcher, clock, "节假日 2027\n2027-01-01 休 元旦")
    assert texts.CALENDAR_CONFIRM_PROMPT in reply_of(cancelled)
    assert reply_of(await say(office_dispatcher, clock, "取消")) == texts.CALENDAR_CANCELLED
    assert not (tmp_path / "data" / "calendar.yaml").exists()


@pytest.mark.usefixtures("world")
async def test_a_day_the_office_confirmed_is_a_working_day(sessions, database_url, kb, tmp_path):
    await _set_period(sessions, Q4)  # 周丽 (zhou) is the reminder world's office member
    settings = Settings(_env_file=None, database_url=database_url, data_dir=tmp_path / "data")
    clock = ManualClock(at("2027-01-04 10:07"))
    dispatcher = Dispatcher(sessions, kb, clock, settings, build_router())
    known = reply_of(await say(dispatcher, clock, "节假日 上班 2026-12-28", "zhou"))
    assert known == texts.CALENDAR_CONFIRM_KNOWN.format(day="2026-12-28")
    done = reply_of(await say(dispatcher, clock, "节假日 上班 2027-01-06", "zhou"))
    assert done == texts.CALENDAR_CONFIRMED_DAYS.format(days="2027-01-06")
    assert workdays.status(date(2027, 1, 6)) is DayStatus.WORKING
    assert workdays.status(date(2027, 1, 5)) is DayStatus.UNKNOWN

    clock.set(at("2027-01-01 09:01"))
    await _walk(
        Scheduler(sessions, clock, narrow_settings(database_url)), clock, "2027-01-09 00:00"
    )
    assert _days(await sent(sessions), "user") == {"01-06"}  # the weekly reminder, that day only
