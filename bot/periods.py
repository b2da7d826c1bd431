"""Reporting periods: default dates, the due day moved to a working day, the period to fill."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import inspect

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


def default_period(quarter: Quarter, due_day_of_month: int) -> Period:
    """The quarter's period with the default days, not stored."""
    opens_on, due_on, locks_on = default_dates(quarter, due_day_of_month)
    return Period(id=quarter.id, opens_on=opens_on, due_on=due_on, locks_on=locks_on)


async def period_or_default(
    repos: Repositories, quarter: Quarter, due_day_of_month: int
) -> Period:
    """The stored period, else the default one without storing it (a refusal creates none)."""
    stored = await repos.reports.period(quarter.id)
    return stored if stored is not None else default_period(quarter, due_day_of_month)


async def store_period(repos: Repositories, period: Period, now: datetime) -> Period:
    """`period` as stored: a default one from `period_or_default` is created first."""
    if inspect(period).persistent:
        return period
    # Race-safe (INSERT … ON CONFLICT DO NOTHING): two people may start at once, and a
    # period the office set meanwhile stays as set.
    await repos.reminders.ensure_periods([period], now)
    stored = await repos.reports.period(period.id)
    assert stored is not None
    return stored


async def ensure_period(
    repos: Repositories, quarter: Quarter, due_day_of_month: int, now: datetime
) -> Period:
    """The quarter's period, created with the default days when nobody configured it."""
    return await store_period(
        repos, await period_or_default(repos, quarter, due_day_of_month), now
    )


async def reporting_quarter(repos: Repositories, today: date) -> Quarter:
    """The quarter being reported now: the latest open period, else the calendar quarter.

    In early January the fourth quarter is still open for reporting, and that is the
    quarter meant when none is named.
    """
    open_periods = await repos.reports.open_periods(today)
    if open_periods:
        return Quarter.parse(open_periods[-1].id)
    return Quarter.of(today)


def is_locked(period: Period, today: date) -> bool:
    return today > period.locks_on
