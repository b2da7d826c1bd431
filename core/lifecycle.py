"""A quarter's life as one rule set: open → due → lock, and what 退回, 延期, 免报 and 截止 may do
to a report at each point (docs/reports.md, "A quarter's life").

Every caller — the check-in, the reminder ladder, the office's commands — asks here: may this
report be edited or submitted now, is it owed, may it be chased, which due day applies, was a
submission late. Nothing else decides these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core.reports import ReportStatus
from core.workdays import is_unconfirmed, is_working_day, on_or_after, on_or_before

SUBMITTED = frozenset({ReportStatus.SUBMITTED, ReportStatus.ACCEPTED})
"""Report statuses that count as reported; a returned report owes a submission again."""

RETURN_WORKING_DAYS = 5
"""A report returned without a day of its own gets this many working days to come back."""


class Phase(StrEnum):
    """Where a quarter stands on a day."""

    EARLY = "early"  # before the opening day: filling is allowed (an early report)
    OPEN = "open"  # from the opening day to the due day
    OVERDUE = "overdue"  # after the due day, until the lock day
    LOCKED = "locked"  # after the lock day


@dataclass(frozen=True, slots=True)
class Window:
    """A quarter's three days."""

    opens_on: date
    due_on: date
    locks_on: date

    def phase(self, today: date) -> Phase:
        if today > self.locks_on:
            return Phase.LOCKED
        if today > self.due_on:
            return Phase.OVERDUE
        return Phase.OPEN if today >= self.opens_on else Phase.EARLY

    def locked(self, today: date) -> bool:
        return self.phase(today) is Phase.LOCKED

    @property
    def ordered(self) -> bool:
        """Opening day ≤ due day ≤ lock day, as every quarter must be."""
        return self.opens_on <= self.due_on <= self.locks_on


@dataclass(frozen=True, slots=True)
class Standing:
    """One task force's report in the quarter, as the rules need it."""

    status: str | None = None  # None: nobody has started it
    extension_due: date | None = None  # an approved 延期
    return_due: date | None = None  # the day the latest 退回 asks the report back by
    exempt: bool = False
    awaiting_leader: bool = False  # submitted, the 分管领导's 确认 still to come

    @property
    def returned(self) -> bool:
        return self.status == ReportStatus.RETURNED


def due_on(window: Window, standing: Standing) -> date:
    """The due day that applies: a returned report's 退回 day, else the approved 延期, else the
    quarter's due day."""
    if standing.returned and standing.return_due is not None:
        return standing.return_due
    return granted_due(window, standing)


def granted_due(window: Window, standing: Standing) -> date:
    """The first submission's due day: the 延期 when one was approved, else the quarter's."""
    return standing.extension_due or window.due_on


def owes(standing: Standing) -> bool:
    """Still owes the report: not exempted, not submitted (a returned report owes it again)."""
    return not standing.exempt and standing.status not in SUBMITTED


def may_edit(window: Window, standing: Standing, today: date) -> bool:
    """Fill, edit or (re)submit now: until the lock day; a report returned to its contacts
    also until its 退回's own day, even when that is after the lock day."""
    if standing.exempt:
        return False
    if not window.locked(today):
        return True
    return standing.returned and standing.return_due is not None and today <= standing.return_due


def may_chase(window: Window, standing: Standing, today: date) -> bool:
    """Worth a reminder: owed and the quarter not locked. A locked quarter is never chased,
    not even a report returned after the lock day (its 退回 notice names its day)."""
    return owes(standing) and not window.locked(today)


def is_late(
    standing: Standing, first_due: date, version: int, previous_late: bool, day: date
) -> bool:
    """Whether a submission on `day` counts as late; `first_due` is `granted_due`.

    The first one is late after the due day (or the approved 延期); a resubmission after a
    退回 is late only after the 退回's own day; an edit of a report already submitted keeps an
    on-time standing (a unit that reported on time is not made late by improving it), and a
    late one stays late unless the edit itself lands by the due day (a 延期 granted since).
    """
    if version == 0:
        return day > first_due
    if standing.returned:
        return day > (standing.return_due or first_due)
    return previous_late and day > first_due


def working_days_after(day: date, count: int) -> date:
    """The `count`-th working day after `day`."""
    for _ in range(count):
        day = on_or_after(day + timedelta(days=1))
    return day


def default_return_due(window: Window, standing: Standing, today: date) -> date:
    """A 退回's day when the office names none: RETURN_WORKING_DAYS working days from today,
    and never earlier than the day the report was due anyway."""
    return max(working_days_after(today, RETURN_WORKING_DAYS), granted_due(window, standing))


class Refusal(StrEnum):
    """Why an office action may not happen now (texts.LIFECYCLE_REFUSALS says it in Chinese)."""

    NOT_SUBMITTED = "not_submitted"
    NOT_REVIEWABLE = "not_reviewable"
    IN_PAST = "in_past"
    NOT_WORKING_DAY = "not_working_day"
    LOCKED = "locked"
    ALREADY_SUBMITTED = "already_submitted"


def check_return(standing: Standing, new_due: date, today: date) -> Refusal | None:
    """退回 is possible at any time, after the lock day too, for a submitted or accepted report;
    its day must be a working day from today on (a weekday of a year whose holidays are not
    entered yet is allowed: it is shown as 待确认, see docs/operations.md)."""
    if standing.status not in SUBMITTED:
        return Refusal.NOT_SUBMITTED
    if standing.awaiting_leader:
        return Refusal.NOT_REVIEWABLE
    if new_due < today:
        return Refusal.IN_PAST
    if not is_working_day(new_due) and not is_unconfirmed(new_due):
        return Refusal.NOT_WORKING_DAY
    return None


def check_accept(standing: Standing) -> Refusal | None:
    """通过 only a submitted report (a returned one must come back first) that is not waiting
    for its 分管领导's 确认: the office sees a report only once it is confirmed."""
    if standing.status != ReportStatus.SUBMITTED or standing.awaiting_leader:
        return Refusal.NOT_REVIEWABLE
    return None


def check_extend(window: Window, today: date) -> Refusal | None:
    """延期 only before the lock day; its day is checked by office.grants."""
    return Refusal.LOCKED if window.locked(today) else None


def check_exempt(standing: Standing) -> Refusal | None:
    """免报 at any time, also after the lock day, for a report not yet submitted: a submitted
    report is kept (退回 it first to excuse it)."""
    return Refusal.ALREADY_SUBMITTED if standing.status in SUBMITTED else None


@dataclass(frozen=True, slots=True)
class DeadlineChange:
    """What a new 截止 does to a quarter."""

    window: Window  # the days after the change
    reopens: bool  # the quarter was locked and opens again: the office confirms first
    due_asked: date | None = None  # the due day asked, when it moved back to a working day


def change_deadline(window: Window, new_due: date, today: date) -> DeadlineChange | Refusal:
    """A new due day; the lock day moves later when needed. On a locked quarter it reopens it
    (which the office must confirm, and which is announced), and then the day may not be past."""
    reopens = window.locked(today)
    if reopens and new_due < today:
        return Refusal.IN_PAST
    locks_on = max(window.locks_on, new_due)
    return DeadlineChange(Window(window.opens_on, new_due, locks_on), reopens)


def change_period(
    window: Window,
    today: date,
    *,
    opens_on: date | None = None,
    due_on: date | None = None,
    locks_on: date | None = None,
) -> DeadlineChange:
    """New days for a quarter (`zhuanban period set` and the office's 周期): the days not
    given keep their value; a due day that is not a working day moves back to the one
    before. The result may be out of order (`Window.ordered`: the caller refuses it); it
    reopens a locked quarter when its new lock day is today or later."""
    due = window.due_on
    if due_on is not None:
        due = on_or_before(due_on)
    new = Window(opens_on or window.opens_on, due, locks_on or window.locks_on)
    moved = due_on if due_on is not None and due != due_on else None
    return DeadlineChange(new, window.locked(today) and not new.locked(today), moved)


def check_period(current: Window, new: Window, today: date) -> Refusal | None:
    """New days may not lock an open quarter in the past (a lock day already gone would shut
    out everyone at once, and silently); a quarter already locked may get any days."""
    if not current.locked(today) and new.locked(today):
        return Refusal.IN_PAST
    return None


def check_reopen(new: Window, today: date) -> Refusal | None:
    """A confirmed reopening still reopens: its days have not passed meanwhile."""
    return Refusal.IN_PAST if new.locked(today) else None
