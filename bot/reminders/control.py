"""Office controls over the ladder: extensions (延期) and exemptions (免报), checked and audited.

Shared by the command line and the office's chat commands; refusals are ControlError with a
Chinese message that says what to do instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import local
from bot.quarters import Quarter
from bot.workdays import is_working_day, on_or_after, on_or_before
from handlers import texts
from knowledge import KnowledgeBase
from storage.models import Exemption, Extension, Period
from storage.repositories import Repositories

_FULL_DAY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class ControlError(ValueError):
    """A refusal to show the office as is."""


@dataclass(frozen=True, slots=True)
class TaskForceRef:
    id: str
    name: str


def resolve_task_force(kb: KnowledgeBase, text: str) -> TaskForceRef:
    """The task force a name or short name stands for, or a refusal naming the closest one."""
    resolution = kb.resolve_task_force(text)
    if resolution.item is not None and resolution.certain:
        return TaskForceRef(resolution.item.id, resolution.item.name)
    message = texts.CONTROL_UNKNOWN_TASK_FORCE.format(text=text.strip())
    closest = resolution.suggestion or resolution.item
    if closest is not None:
        raise ControlError(message + texts.CONTROL_DID_YOU_MEAN.format(name=closest.name))
    raise ControlError(message + texts.CONTROL_NAME_HINT)


def parse_day(text: str, today: date) -> date:
    """2026-12-31, 2026/12/31, 2026年12月31日; 12月31日 or 12-31 means the next such day."""
    try:
        if match := _FULL_DAY.match(text):
            return date(*(int(group) for group in match.groups()))
        if match := _MONTH_DAY.match(text):
            month, day = (int(group) for group in match.groups())
            candidate = date(today.year, month, day)
            return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError:
        pass
    raise ControlError(texts.CONTROL_BAD_DAY.format(text=text.strip()))


def parse_quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError:
        raise ControlError(texts.CONTROL_BAD_PERIOD.format(text=text.strip())) from None


async def target_period(repos: Repositories, period_text: str | None, now: datetime) -> Period:
    """The named quarter, else the latest period open today, else the current quarter;
    created with the default days if it does not exist yet."""
    today = local(now).date()
    if period_text is None:
        open_periods = await repos.reports.open_periods(today)
        if open_periods:
            return open_periods[-1]
        quarter = Quarter.of(today)
    else:
        quarter = parse_quarter(period_text)
    await repos.reminders.ensure_periods([quarter], now)
    period = await repos.reports.period(quarter.id)
    assert period is not None
    return period


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise ControlError(texts.CONTROL_REASON_REQUIRED)
    return reason.strip()


def _format(day: date) -> str:
    return day.isoformat()


async def extend(
    repos: Repositories,
    task_force: TaskForceRef,
    period: Period,
    due_on: date,
    *,
    reason: str,
    actor: str,
    now: datetime,
) -> str:
    """Grant (or change) an extension; the ladder follows the new day from the next tick."""
    reason = _require_reason(reason)
    today = local(now).date()
    if due_on < today:
        raise ControlError(texts.CONTROL_IN_PAST.format(day=_format(due_on)))
    if due_on <= period.due_on:
        raise ControlError(texts.CONTROL_NOT_LATER.format(due=_format(period.due_on)))
    if due_on > period.locks_on:
        raise ControlError(texts.CONTROL_AFTER_LOCK.format(locks=_format(period.locks_on)))
    if not is_working_day(due_on):
        raise ControlError(
            texts.CONTROL_NOT_WORKING_DAY.format(
                day=_format(due_on),
                before=_format(on_or_before(due_on)),
                after=_format(on_or_after(due_on + timedelta(days=1))),
            )
        )
    before = _record(await repos.reports.extension(period.id, task_force.id))
    row = await repos.reports.set_extension(
        period.id, task_force.id, due_on=due_on, reason=reason, userid=actor, now=now
    )
    await _audit(repos, "extend", period, task_force, before, row, actor=actor, now=now)
    return texts.CONTROL_EXTENDED.format(
        task_force=task_force.name,
        quarter=Quarter.parse(period.id).label,
        due=_format(due_on),
        reason=reason,
    )


_AUDITED = {"extend": "extension", "exempt": "exemption"}


def _record(row: Extension | Exemption | None) -> dict[str, str] | None:
    """The audited fields, read before the row is changed in place."""
    if row is None:
        return None
    record = {"reason": row.reason, "granted_by": row.granted_by}
    if isinstance(row, Extension):
        record = {"due_on": row.due_on.isoformat(), **record}
    return record


async def _audit(
    repos: Repositories,
    action: str,
    period: Period,
    task_force: TaskForceRef,
    before: dict[str, str] | None,
    after: Extension | Exemption,
    *,
    actor: str,
    now: datetime,
) -> None:
    await repos.audit.record(
        at=now,
        actor=actor,
        action=action,
        entity=_AUDITED[action],
        entity_key=f"{period.id}/{task_force.id}",
        before=before,
        after=_record(after),
    )


async def exempt(
    repos: Repositories,
    task_force: TaskForceRef,
    period: Period,
    *,
    reason: str,
    actor: str,
    now: datetime,
) -> str:
    """Excuse a task force from a period's report; its reminders stop from the next tick."""
    reason = _require_reason(reason)
    before = _record(await repos.reports.exemption(period.id, task_force.id))
    row = await repos.reports.set_exemption(
        period.id, task_force.id, reason=reason, userid=actor, now=now
    )
    await _audit(repos, "exempt", period, task_force, before, row, actor=actor, now=now)
    return texts.CONTROL_EXEMPTED.format(
        task_force=task_force.name, quarter=Quarter.parse(period.id).label, reason=reason
    )
