"""截止, 延期, 免报: a quarter's due day; extensions and exemptions via office.grants."""

from __future__ import annotations

from core.dates import short_day
from core.office_commands import OfficeCommand
from core.quarters import Quarter
from core.workdays import is_unconfirmed, is_working_day
from handlers import texts
from handlers.context import Context
from handlers.names import short_name
from handlers.office import grants
from handlers.office.args import (
    ArgumentError,
    parse_day,
    parse_quarter,
    resolve_task_force,
    split,
)
from handlers.office.common import audit, lead_contacts, missing
from handlers.office.grants import target_period
from knowledge.models import TaskForce
from storage.periods import period_or_default


def _holiday_note(value) -> str:
    if is_unconfirmed(value):
        return texts.OFFICE_DAY_UNCONFIRMED
    return "" if is_working_day(value) else texts.OFFICE_NOT_WORKING_DAY


async def set_deadline(ctx: Context, args: str) -> None:
    quarter_text, date_text, _ = split(args, 2)
    if not date_text:
        raise missing(texts.OFFICE_USAGE[OfficeCommand.DEADLINE])
    quarter = parse_quarter(quarter_text)
    # A day without a year is read from the quarter's start: 截止 2026Q4 1月10日 is in 2027.
    due_on = parse_day(date_text, quarter.first_day, relative=False, onward=True)
    latest = quarter.next().last_day
    period = await ctx.repos.reports.period(quarter.id)
    opens_on = period.opens_on if period is not None else quarter.default_opens_on()
    if not opens_on <= due_on <= latest:
        raise ArgumentError(
            texts.OFFICE_DEADLINE_OUT_OF_RANGE.format(
                quarter=quarter.label,
                first=short_day(opens_on),
                last=f"{latest.year}年{short_day(latest)}",
            )
        )
    before = None
    if period is not None:
        before = {"due_on": period.due_on.isoformat(), "locks_on": period.locks_on.isoformat()}
    locks_on = max(period.locks_on if period is not None else quarter.default_locks_on(), due_on)
    await ctx.repos.reports.set_period(
        quarter.id, opens_on=opens_on, due_on=due_on, locks_on=locks_on, now=ctx.now()
    )
    after = {"due_on": due_on.isoformat(), "locks_on": locks_on.isoformat()}
    await audit(ctx, "period.deadline", "period", quarter.id, before=before, after=after)
    ctx.reply(
        texts.OFFICE_DEADLINE_SET.format(
            quarter=quarter.label,
            due=f"{due_on.year}年{short_day(due_on)}",
            note=_holiday_note(due_on),
        )
    )


async def extend(ctx: Context, args: str) -> None:
    name, date_text, reason = split(args, 2)
    if not reason.strip():
        raise missing(texts.OFFICE_USAGE[OfficeCommand.EXTEND])
    task_force = resolve_task_force(ctx.kb, name)
    today = ctx.today()
    due_on = parse_day(date_text, today, relative=False, onward=True)
    period = await target_period(ctx.repos, None, today, ctx.settings.report_due_day)
    await grants.extend(
        ctx.repos,
        task_force,
        period,
        due_on,
        reason=reason,
        actor=ctx.message.user_id,
        now=ctx.now(),
    )
    quarter = Quarter.parse(period.id)
    notice = texts.OFFICE_EXTENDED_NOTICE.format(
        task_force=task_force.name,
        quarter=quarter.label,
        due=short_day(due_on),
        reason=reason.strip(),
    )
    await _tell_contacts(ctx, task_force, notice)
    ctx.reply(
        texts.OFFICE_EXTENDED.format(
            task_force=short_name(task_force), quarter=quarter.label, due=short_day(due_on)
        )
    )


async def exempt(ctx: Context, args: str) -> None:
    name, quarter_text, reason = split(args, 2)
    if not reason.strip():
        raise missing(texts.OFFICE_USAGE[OfficeCommand.EXEMPT])
    task_force = resolve_task_force(ctx.kb, name)
    quarter = parse_quarter(quarter_text)
    period = await period_or_default(ctx.repos, quarter, ctx.settings.report_due_day)
    await grants.exempt(
        ctx.repos, task_force, period, reason=reason, actor=ctx.message.user_id, now=ctx.now()
    )
    notice = texts.OFFICE_EXEMPTED_NOTICE.format(
        task_force=task_force.name, quarter=quarter.label, reason=reason.strip()
    )
    await _tell_contacts(ctx, task_force, notice)
    ctx.reply(
        texts.OFFICE_EXEMPTED.format(task_force=short_name(task_force), quarter=quarter.label)
    )


async def _tell_contacts(ctx: Context, task_force: TaskForce, notice: str) -> None:
    contacts = await lead_contacts(ctx, task_force.id)
    await ctx.notify([c.userid for c in contacts], notice, source="office.deadline")
