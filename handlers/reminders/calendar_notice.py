"""The office's weekly nudge to enter next year's holidays (from 1 December while missing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core import workdays
from core.messages import ToRobot
from handlers import texts
from handlers.reminders.messages import Outgoing

FROM_MONTH = 12
"""The State Council's notice comes in November or December; the nudges start on 1 December."""


@dataclass(frozen=True, slots=True)
class CalendarNotice:
    """To the office group's robot; it carries no reminder-log key (the outbox's dedupe key
    keeps it to one a week)."""

    year: int
    dedupe_key: str
    text: str

    def as_outgoing(self) -> Outgoing:
        return Outgoing(ToRobot(), self.text, mentioned=(), keys=())


def missing_year(today: date) -> int | None:
    """This year if the calendar lacks it, else next year from 1 December if it lacks that."""
    calendar = workdays.current()
    if not calendar.knows(today.year):
        return today.year
    if today.month >= FROM_MONTH and not calendar.knows(today.year + 1):
        return today.year + 1
    return None


def calendar_notice(today: date) -> CalendarNotice | None:
    """The notice due this week, keyed by ISO week so the outbox takes it once a week."""
    year = missing_year(today)
    if year is None:
        return None
    iso_year, week, _ = today.isocalendar()
    return CalendarNotice(
        year=year,
        dedupe_key=f"calendar-missing:{year}:{iso_year}-W{week:02d}",
        text=texts.CALENDAR_MISSING_REMINDER.format(year=year),
    )
