"""The reminder ladder: which stage is due for a task force on a day; when sending is allowed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache

from core import workdays
from core.calendar import WorkCalendar
from core.workdays import is_unconfirmed, is_working_day, on_or_after


class Kind(StrEnum):
    OPEN = "open"  # the period opened
    MEETING = "meeting"  # no quarterly meeting in the draft yet
    BEFORE = "before"  # T−7, T−3
    DUE = "due"  # the due day
    OVERDUE = "overdue"  # T+1, with a copy to the 分管领导
    OFFICE = "office"  # T+3, a summary in the office group
    WEEKLY = "weekly"  # then weekly until the lock day
    CASE = "case"  # no typical case yet this year
    CONFIRM = "confirm"  # a submission still waits for the 分管领导's 确认
    CONFIRM_OFFICE = "confirm_office"  # …for long: the office group is told


class StageName(StrEnum):
    """A rung's name: the start of its key in the reminder log (`t-3@2026-09-24`,
    `weekly-2@2026-09-24`, `case-11`). The values are the stored strings; labels in texts."""

    OPEN = "open"
    MEETING = "meeting"
    T_MINUS_7 = "t-7"
    T_MINUS_3 = "t-3"
    DUE = "due"
    T_PLUS_1 = "t+1"
    T_PLUS_3 = "t+3"
    WEEKLY = "weekly"
    CASE = "case"
    CONFIRM = "confirm-1"  # the 分管领导 reminded of a submission to confirm
    CONFIRM_OFFICE = "confirm-3"  # …and the office group told


_COUNTED = (StageName.WEEKLY, StageName.CASE)
"""Rungs that repeat; their key carries a count: the week (weekly-2) or the month (case-11)."""


def parse_key(key: str) -> tuple[StageName, int | None]:
    """The rung a stage key names, and its count for a repeating one (ValueError if none)."""
    name = key.split("@", 1)[0]
    for counted in _COUNTED:
        if name.startswith(f"{counted}-"):
            return counted, int(name.removeprefix(f"{counted}-"))
    return StageName(name), None


MEETING_DAYS_BEFORE = 20
BEFORE_DAYS = (7, 3)
OVERDUE_WORKING_DAYS = 1
OFFICE_WORKING_DAYS = 3
CASE_MONTHS = (11, 12)
CONFIRM_WORKING_DAYS = (1, 3)
"""A submission awaiting its 分管领导: reminded after one working day, escalated after three."""

NEXT_ALLOWED_HORIZON_DAYS = 60


@dataclass(frozen=True, slots=True)
class Stage:
    """A rung of the ladder. `key` is unique within a period and task force; stages tied to a
    due day carry it (`t-3@2026-09-24`), so an extension starts a fresh ladder."""

    key: str
    kind: Kind
    day: date


def _working_days_after(day: date, count: int) -> date:
    """The `count`-th working day after `day` (overdue counts skip weekends and holidays)."""
    for _ in range(count):
        day = on_or_after(day + timedelta(days=1))
    return day


LADDER_CACHE = 4096


def deadline_ladder(
    opens_on: date, due_on: date, locks_on: date, *, meeting_pending: bool
) -> tuple[Stage, ...]:
    """Every stage of one task force's report, each on the working day it goes out, in order.

    Days before the due day count calendar days and move forward to a working day; overdue
    days count working days, so a Friday deadline is followed by Monday's T+1 and Wednesday's
    T+3 rather than both landing on Monday. Nothing goes out after the lock day.
    """
    return _deadline_ladder(workdays.current(), opens_on, due_on, locks_on, meeting_pending)


# A pure function of its days and the calendar in use (a new one after the office imports a
# year); a tick asks for the same few ladders many times.
@lru_cache(maxsize=LADDER_CACHE)
def _deadline_ladder(
    _calendar: WorkCalendar, opens_on: date, due_on: date, locks_on: date, meeting_pending: bool
) -> tuple[Stage, ...]:
    due = due_on.isoformat()
    stages = [Stage(StageName.OPEN.value, Kind.OPEN, on_or_after(opens_on))]
    if meeting_pending:
        stages.append(
            Stage(
                f"{StageName.MEETING}@{due}",
                Kind.MEETING,
                on_or_after(due_on - timedelta(days=MEETING_DAYS_BEFORE)),
            )
        )
    stages += [
        Stage(f"t-{n}@{due}", Kind.BEFORE, on_or_after(due_on - timedelta(days=n)))
        for n in BEFORE_DAYS
    ]
    stages.append(Stage(f"{StageName.DUE}@{due}", Kind.DUE, due_on))
    stages.append(
        Stage(
            f"{StageName.T_PLUS_1}@{due}",
            Kind.OVERDUE,
            _working_days_after(due_on, OVERDUE_WORKING_DAYS),
        )
    )
    office_day = _working_days_after(due_on, OFFICE_WORKING_DAYS)
    stages.append(Stage(f"{StageName.T_PLUS_3}@{due}", Kind.OFFICE, office_day))
    week = 1
    while (day := on_or_after(office_day + timedelta(weeks=week))) <= locks_on:
        stages.append(Stage(f"{StageName.WEEKLY}-{week}@{due}", Kind.WEEKLY, day))
        week += 1
    # A stable sort keeps ladder order for stages that land on the same working day.
    ordered = sorted(stages, key=lambda stage: stage.day)
    return tuple(stage for stage in ordered if stage.day <= locks_on)


def case_ladder(year: int) -> tuple[Stage, ...]:
    """The monthly typical-case nudges of a year, from 1 November."""
    return _case_ladder(workdays.current(), year)


@lru_cache(maxsize=64)
def _case_ladder(_calendar: WorkCalendar, year: int) -> tuple[Stage, ...]:
    return tuple(
        Stage(f"{StageName.CASE}-{month:02d}", Kind.CASE, on_or_after(date(year, month, 1)))
        for month in CASE_MONTHS
    )


def confirm_ladder(submitted_on: date) -> tuple[Stage, ...]:
    """The 分管领导's reminder and the office's escalation for a submission awaiting 确认."""
    return _confirm_ladder(workdays.current(), submitted_on)


@lru_cache(maxsize=LADDER_CACHE)
def _confirm_ladder(_calendar: WorkCalendar, submitted_on: date) -> tuple[Stage, ...]:
    reminder, escalation = CONFIRM_WORKING_DAYS
    day = submitted_on.isoformat()
    return (
        Stage(f"confirm-1@{day}", Kind.CONFIRM, _working_days_after(submitted_on, reminder)),
        Stage(
            f"confirm-3@{day}", Kind.CONFIRM_OFFICE, _working_days_after(submitted_on, escalation)
        ),
    )


def latest_due(stages: Sequence[Stage], today: date) -> Stage | None:
    """The last stage whose day has come. Only this one goes out: after downtime the missed
    earlier stages are stale, and sending them all at once would be a flood."""
    due = [stage for stage in stages if stage.day <= today]
    return due[-1] if due else None


@dataclass(frozen=True, slots=True)
class SendingHours:
    """Working days, office hours, and never on the hour or half hour (when everyone else's
    scheduled messages land)."""

    start: time
    end: time

    def allows(self, local_now: datetime, *, unconfirmed: bool = False) -> bool:
        """Office hours on a working day; with `unconfirmed`, also on a weekday of a year the
        calendar does not know yet (an office notice does not wait for the calendar)."""
        return self._in_hours(local_now) and self.open_day(local_now.date(), unconfirmed)

    @staticmethod
    def open_day(day: date, unconfirmed: bool = False) -> bool:
        return is_working_day(day) or (unconfirmed and is_unconfirmed(day))

    def within(self, local_now: datetime) -> bool:
        """Office hours on Monday to Friday, whatever the calendar says (for the office's
        own notice that the calendar lacks a year)."""
        return self._in_hours(local_now) and local_now.weekday() < 5

    def _in_hours(self, local_now: datetime) -> bool:
        moment = local_now.time().replace(second=0, microsecond=0)
        return self.start <= moment < self.end and local_now.minute not in (0, 30)

    def next_allowed(self, local_now: datetime, *, unconfirmed: bool = False) -> datetime | None:
        """The first whole minute at or after `local_now` when sending is allowed (`allows`);
        None when there is none before the calendar runs out (a year the office has not
        entered; with `unconfirmed` its weekdays count)."""
        moment = local_now.replace(second=0, microsecond=0)
        if moment < local_now:
            moment += timedelta(minutes=1)
        while not self.allows(moment, unconfirmed=unconfirmed):
            if moment.date() - local_now.date() > timedelta(days=NEXT_ALLOWED_HORIZON_DAYS):
                return None
            if moment.time() >= self.end or not self.open_day(moment.date(), unconfirmed):
                moment = datetime.combine(moment.date() + timedelta(days=1), self.start)
                moment = moment.replace(tzinfo=local_now.tzinfo)
            elif moment.time() < self.start:
                moment = moment.replace(hour=self.start.hour, minute=self.start.minute)
            else:
                moment += timedelta(minutes=1)
        return moment
