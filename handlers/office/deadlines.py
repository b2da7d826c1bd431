"""截止, 延期, 免报: a quarter's due day, one task force's extension or exemption."""

from __future__ import annotations

from bot.clock import local
from bot.workdays import is_working_day
from handlers import texts
from handlers.context import Context
from handlers.office.args import (
    ArgumentError,
    parse_date,
    parse_quarter,
    resolve_task_force,
    split,
)
from handlers.office.common import (
    audit,
    day,
    lead_contacts,
    missing,
    quarter_or_current,
    report_key,
)
from handlers.office.names import short_name
from handlers.office.overview import ensure_period, period_due_on


def _holiday_note(value) -> str:
    return "" if is_working_day(value) else texts.OFFICE_NOT_WORKING_DAY


async def set_deadline(ctx: Context, args: str) -> None:
    quarter_text, date_text, _ = split(args, 2)
    if not date_text:
        raise missing(texts.OFFICE_USAGE["截止"])
    quarter = parse_quarter(quarter_text)
    due_on = parse_date(date_text, quarter.first_day)
    latest = quarter.next().last_day
    period = await ctx.repos.reports.period(quarter.id)
    opens_on = period.opens_on if period is not None else quarter.default_opens_on()
    if not opens_on <= due_on <= latest:
        raise ArgumentError(
            texts.OFFICE_DEADLINE_OUT_OF_RANGE.format(
                quarter=quarter.label, first=day(opens_on), last=f"{latest.year}年{day(latest)}"
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
            quarter=quarter.label, due=f"{due_on.year}年{day(due_on)}", note=_holiday_note(due_on)
        )
    )


async def extend(ctx: Context, args: str) -> None:
    name, date_text, reason = split(args, 2)
    if not reason.strip():
        raise missing(texts.OFFICE_USAGE["延期"])
    task_force = resolve_task_force(ctx.kb, name)
    today = local(ctx.now()).date()
    due_on = parse_date(date_text, today)
    quarter = await quarter_or_current(ctx, "")
    period = await ctx.repos.reports.period(quarter.id)
    period_due = period_due_on(period, quarter)
    locks_on = period.locks_on if period is not None else quarter.default_locks_on()
    if due_on < today:
        raise ArgumentError(texts.OFFICE_DATE_PAST.format(day=day(due_on)))
    if due_on <= period_due:
        raise ArgumentError(
            texts.OFFICE_EXTENSION_TOO_EARLY.format(due=day(period_due), quarter=quarter.label)
        )
    if due_on > locks_on:
        # Nothing can be submitted after the lock day, so a later due day would be a trap.
        raise ArgumentError(
            texts.OFFICE_EXTENSION_AFTER_LOCK.format(locks=day(locks_on), quarter=quarter.label)
        )
    await ensure_period(ctx.repos, quarter, ctx.now())
    key = report_key(quarter, task_force.id)
    existing = await ctx.repos.reports.extension(quarter.id, task_force.id)
    before = None
    if existing is not None:
        before = {"due_on": existing.due_on.isoformat(), "reason": existing.reason}
    await ctx.repos.reports.set_extension(
        quarter.id,
        task_force.id,
        due_on=due_on,
        reason=reason.strip(),
        userid=ctx.message.user_id,
        now=ctx.now(),
    )
    after = {"due_on": due_on.isoformat(), "reason": reason.strip()}
    await audit(ctx, "report.extend", "extension", key, before=before, after=after)
    contacts = await lead_contacts(ctx, task_force.id)
    notice = texts.OFFICE_EXTENDED_NOTICE.format(
        task_force=task_force.name, quarter=quarter.label, due=day(due_on), reason=reason.strip()
    )
    await ctx.notify([c.userid for c in contacts], notice, source="office.deadline")
    ctx.reply(
        texts.OFFICE_EXTENDED.format(
            task_force=short_name(task_force),
            quarter=quarter.label,
            due=day(due_on),
            note=_holiday_note(due_on),
        )
    )


async def exempt(ctx: Context, args: str) -> None:
    name, quarter_text, reason = split(args, 2)
    if not reason.strip():
        raise missing(texts.OFFICE_USAGE["免报"])
    task_force = resolve_task_force(ctx.kb, name)
    quarter = parse_quarter(quarter_text)
    await ensure_period(ctx.repos, quarter, ctx.now())
    key = report_key(quarter, task_force.id)
    existing = await ctx.repos.reports.exemption(quarter.id, task_force.id)
    before = {"reason": existing.reason} if existing is not None else None
    await ctx.repos.reports.set_exemption(
        quarter.id, task_force.id, reason=reason.strip(), userid=ctx.message.user_id, now=ctx.now()
    )
    after = {"reason": reason.strip()}
    await audit(ctx, "report.exempt", "exemption", key, before=before, after=after)
    contacts = await lead_contacts(ctx, task_force.id)
    notice = texts.OFFICE_EXEMPTED_NOTICE.format(
        task_force=task_force.name, quarter=quarter.label, reason=reason.strip()
    )
    await ctx.notify([c.userid for c in contacts], notice, source="office.deadline")
    ctx.reply(
        texts.OFFICE_EXEMPTED.format(task_force=short_name(task_force), quarter=quarter.label)
    )
