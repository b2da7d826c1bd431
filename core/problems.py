"""The problem list (问题清单): a problem's statuses, what may happen to it in each, and the
rate the office is measured by (按期销号率). Pure: the storage and the handlers build on it.

交办 (assigned) → 办理中 (the owner signed for it or reported progress) → 申请销号 (the owner
applied to close it, with evidence) → 已销号 (the office approved). The office may return a
request (退回) with a reason: the problem goes back to 办理中.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from core import workdays


class ProblemStatus(StrEnum):
    ASSIGNED = "assigned"  # 交办
    IN_PROGRESS = "in_progress"  # 办理中
    CLOSE_REQUESTED = "close_requested"  # 申请销号
    CLOSED = "closed"  # 已销号


class ProblemAction(StrEnum):
    """What someone does to a problem; each is one problem_events row."""

    ASSIGN = "assign"  # 交办 (the office)
    ACKNOWLEDGE = "acknowledge"  # 签收 (the owner)
    PROGRESS = "progress"  # 进展 (the owner)
    REQUEST_CLOSE = "request_close"  # 申请销号 (the owner, with evidence)
    APPROVE = "approve"  # 销号 (the office)
    RETURN = "return"  # 退回 (the office, with a reason)


class ProblemSource(StrEnum):
    CHECKIN = "checkin"  # a check-in answer (存在的问题和困难)
    OFFICE = "office"  # the office directly (e.g. after the 晾晒)
    MEETING = "meeting"  # a 会商 meeting record


OFFICE_ACTIONS = frozenset({ProblemAction.ASSIGN, ProblemAction.APPROVE, ProblemAction.RETURN})
"""Actions only the office takes; the others are the owner unit's."""

_TRANSITIONS: dict[tuple[ProblemStatus | None, ProblemAction], ProblemStatus] = {
    (None, ProblemAction.ASSIGN): ProblemStatus.ASSIGNED,
    (ProblemStatus.ASSIGNED, ProblemAction.ACKNOWLEDGE): ProblemStatus.IN_PROGRESS,
    (ProblemStatus.ASSIGNED, ProblemAction.PROGRESS): ProblemStatus.IN_PROGRESS,
    (ProblemStatus.IN_PROGRESS, ProblemAction.PROGRESS): ProblemStatus.IN_PROGRESS,
    (ProblemStatus.ASSIGNED, ProblemAction.REQUEST_CLOSE): ProblemStatus.CLOSE_REQUESTED,
    (ProblemStatus.IN_PROGRESS, ProblemAction.REQUEST_CLOSE): ProblemStatus.CLOSE_REQUESTED,
    (ProblemStatus.CLOSE_REQUESTED, ProblemAction.APPROVE): ProblemStatus.CLOSED,
    (ProblemStatus.CLOSE_REQUESTED, ProblemAction.RETURN): ProblemStatus.IN_PROGRESS,
}


class IllegalTransition(ValueError):
    def __init__(self, status: ProblemStatus | None, action: ProblemAction) -> None:
        super().__init__(f"{action} is not allowed in status {status}")
        self.status = status
        self.action = action


def transition(status: ProblemStatus | None, action: ProblemAction) -> ProblemStatus:
    """The status after `action` in `status` (None: not yet created); IllegalTransition when
    the action is not allowed there."""
    try:
        return _TRANSITIONS[(status, action)]
    except KeyError:
        raise IllegalTransition(status, action) from None


def allowed(status: ProblemStatus | None, action: ProblemAction) -> bool:
    return (status, action) in _TRANSITIONS


def acknowledge_by(assigned_at: datetime) -> datetime:
    """When an unacknowledged problem escalates: the same time of day on the first working
    day after the day it was assigned (a Friday's problem waits over the weekend)."""
    day = assigned_at.date() + timedelta(days=1)
    while not workdays.is_working_day(day):
        day += timedelta(days=1)
        if day - assigned_at.date() > timedelta(days=60):  # a calendar that has run out
            break
    return assigned_at + (day - assigned_at.date())


@dataclass(frozen=True, slots=True)
class Rate:
    """按期销号率: of the problems due in a period, how many were closed by their due date."""

    on_time: int
    due: int

    @property
    def percent(self) -> float | None:
        return None if self.due == 0 else round(100 * self.on_time / self.due, 1)


def closing_rate(items: Iterable[tuple[date, date | None]], first: date, last: date) -> Rate:
    """The rate over (due date, closed on) pairs whose due date falls in [first, last];
    `closed on` is None while not 销号."""
    due = on_time = 0
    for due_on, closed_on in items:
        if first <= due_on <= last:
            due += 1
            if closed_on is not None and closed_on <= due_on:
                on_time += 1
    return Rate(on_time, due)
