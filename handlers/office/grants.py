"""Office controls over the ladder: extensions (延期) and exemptions (免报), checked and audited.

Shared by the command line and the office's chat commands; refusals are ArgumentError with a
Chinese message that says what to do instead.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core import lifecycle
from core.clock import local
from core.dates import day_label
from core.quarters import Quarter
from core.workdays import is_working_day, on_or_after, on_or_before
from handlers import texts
from handlers.notices import withdraw_chases
from handlers.office.args import ArgumentError, parse_quarter
from knowledge.models import TaskForce
from storage.models import Exemption, Extension, Period
from storage.periods import (
    period_or_default,
    report_key,
    reporting_quarter,
    standing_of,
    store_period,
    window_of,
)
from storage.repositories import Repositories


async def target_period(
    repos: Repositories, period_text: str | None, today: date, due_day: int
) -> Period:
    """The named quarter, else the latest period open today, else the current quarter;
    with the default days (not yet stored) if nobody configured it."""
    if period_text is None:
        quarter = await reporting_quarter(repos, today)
    else:
        quarter = parse_quarter(period_text, today)
    return await period_or_default(repos, quarter, due_day)


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise ArgumentError(texts.CONTROL_REASON_REQUIRED)
    return reason.strip()


async def extend(
    repos: Repositories,
    task_force: TaskForce,
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
    if lifecycle.check_extend(window_of(period), today) is not None:
        raise ArgumentError(
            texts.LIFECYCLE_REFUSALS[lifecycle.Refusal.LOCKED].format(
                day=day_label(period.locks_on, today)
            )
        )
    if due_on < today:
        raise ArgumentError(texts.CONTROL_IN_PAST.format(day=day_label(due_on, today)))
    if due_on <= period.due_on:
        raise ArgumentError(texts.CONTROL_NOT_LATER.format(due=day_label(period.due_on, today)))
    if due_on > period.locks_on:
        raise ArgumentError(
            texts.CONTROL_AFTER_LOCK.format(locks=day_label(period.locks_on, today))
        )
    if not is_working_day(due_on):
        raise ArgumentError(
            texts.CONTROL_NOT_WORKING_DAY.format(
                day=day_label(due_on, today),
                before=day_label(on_or_before(due_on), today),
                after=day_label(on_or_after(due_on + timedelta(days=1)), today),
            )
        )
    period = await store_period(repos, period, now)
    row, before = await repos.reports.set_extension(
        period.id, task_force.id, due_on=due_on, reason=reason, userid=actor, now=now
    )
    await _audit(repos, "report.extend", period, task_force, before, row, actor=actor, now=now)
    await withdraw_chases(repos, period.id, [task_force.id], now)  # it named the old due day
    return texts.CONTROL_EXTENDED.format(
        task_force=task_force.name,
        quarter=Quarter.parse(period.id).label,
        due=day_label(due_on, today),  # with its weekday, and its year when not this one
        reason=reason,
    )


_AUDITED = {"report.extend": "extension", "report.exempt": "exemption"}


def _record(row: Extension | Exemption | None) -> dict[str, str] | None:
    """The audited fields."""
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
    task_force: TaskForce,
    before: Extension | Exemption | None,
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
        entity_key=report_key(period, task_force.id),
        before=_record(before),
        after=_record(after),
    )


async def exempt(
    repos: Repositories,
    task_force: TaskForce,
    period: Period,
    *,
    reason: str,
    actor: str,
    now: datetime,
) -> str:
    """Excuse a task force from a period's report (before or after the lock day, while it is
    not submitted); its reminders stop from the next tick."""
    reason = _require_reason(reason)
    report = await repos.reports.report(period.id, task_force.id)
    refusal = lifecycle.check_exempt(standing_of(report))
    if refusal is not None:
        raise ArgumentError(texts.LIFECYCLE_REFUSALS[refusal])
    period = await store_period(repos, period, now)
    row, before = await repos.reports.set_exemption(
        period.id, task_force.id, reason=reason, userid=actor, now=now
    )
    await _audit(repos, "report.exempt", period, task_force, before, row, actor=actor, now=now)
    await withdraw_chases(repos, period.id, [task_force.id], now)
    return texts.CONTROL_EXEMPTED.format(
        task_force=task_force.name, quarter=Quarter.parse(period.id).label, reason=reason
    )
