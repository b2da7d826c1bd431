"""Reporting periods: default dates, the due day moved to a working day, the period to fill."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.quarters import Quarter
from bot.workdays import on_or_before
from storage.models import Period
from storage.repositories import Repositories


@dataclass(frozen=True, slots=True)
class DueDay:
    """The due day asked for and the working day it became (the same day if it was one)."""

    asked: date
    due_on: date

    @property
    def moved(self) -> bool:
        return self.asked != self.due_on


def due_day(asked: date) -> DueDay:
    """A due day on a non-working day moves back to the previous working day (调休 aware)."""
    return DueDay(asked, on_or_before(asked))


def default_due(quarter: Quarter, due_day_of_month: int) -> DueDay:
    """The configured day of the quarter's last month, moved back to a working day."""
    asked = quarter.last_day.replace(day=due_day_of_month)
    return DueDay(asked, quarter.default_due_on(due_day_of_month))


def default_dates(quarter: Quarter, due_day_of_month: int) -> tuple[date, date, date]:
    """(opens_on, due_on, locks_on) for a quarter nobody has configured."""
    return (
        quarter.default_opens_on(),
        default_due(quarter, due_day_of_month).due_on,
        quarter.default_locks_on(),
    )


async def ensure_period(
    repos: Repositories, quarter: Quarter, due_day_of_month: int, now: datetime
) -> Period:
    """The quarter's period, created with the default days when nobody configured it."""
    period = await repos.reports.period(quarter.id)
    if period is None:
        # Race-safe (INSERT … ON CONFLICT DO NOTHING): two contacts may start at once.
        await repos.reminders.ensure_periods([quarter], now, due_day=due_day_of_month)
        period = await repos.reports.period(quarter.id)
        assert period is not None
    return period


def is_locked(period: Period, today: date) -> bool:
    return today > period.locks_on
