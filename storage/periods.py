"""Reporting periods: default dates, the period to fill, what counts as reported."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import inspect

from core import lifecycle
from core.lifecycle import Standing, Window
from core.quarters import Quarter
from storage.models import Period, Report
from storage.repositories import Repositories

SUBMITTED = lifecycle.SUBMITTED
"""Report statuses that count as reported: they stop the reminders; a returned report does not."""


def default_period(quarter: Quarter, due_day_of_month: int) -> Period:
    """The quarter's period with the default days, not stored."""
    return Period(
        id=quarter.id,
        opens_on=quarter.default_opens_on(),
        due_on=quarter.default_due_on(due_day_of_month),
        locks_on=quarter.default_locks_on(),
    )


def report_key(period: Quarter | Period, task_force_id: str) -> str:
    """The audit key of a task force's report, extension or exemption: 2026Q4/paying_taxes."""
    return f"{period.id}/{task_force_id}"


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


def window_of(period: Period) -> Window:
    return Window(period.opens_on, period.due_on, period.locks_on)


def window_json(window: Window) -> dict[str, str]:
    """A quarter's days as the audit log keeps them."""
    return {
        "opens_on": window.opens_on.isoformat(),
        "due_on": window.due_on.isoformat(),
        "locks_on": window.locks_on.isoformat(),
    }


async def set_window(
    repos: Repositories,
    period_id: str,
    window: Window,
    *,
    before: Window | None,
    actor: str,
    action: str,
    now: datetime,
) -> Period:
    """Store a quarter's new days and audit the change (`before` None: a new period)."""
    period = await repos.reports.set_period(
        period_id,
        opens_on=window.opens_on,
        due_on=window.due_on,
        locks_on=window.locks_on,
        now=now,
    )
    await repos.audit.record(
        at=now,
        actor=actor,
        action=action,
        entity="period",
        entity_key=period_id,
        before=None if before is None else window_json(before),
        after=window_json(window),
    )
    return period


def standing_of(
    report: Report | None, *, extension_due: date | None = None, exempt: bool = False
) -> Standing:
    """A stored report (None: not started) as core/lifecycle.py reads it."""
    if report is None:
        return Standing(extension_due=extension_due, exempt=exempt)
    return Standing(
        report.status, extension_due, report.return_due_on, exempt, report.awaiting_leader
    )


def is_locked(period: Period, today: date) -> bool:
    return window_of(period).locked(today)
