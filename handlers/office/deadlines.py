"""截止, 延期, 免报: a quarter's due day; extensions and exemptions via office.grants."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect

from core import lifecycle
from core.dates import day_label
from core.messages import Button, Outbound, Text, ToRobot
from core.office_commands import OfficeCommand
from core.quarters import Quarter
from core.workdays import is_unconfirmed, is_working_day
from handlers import texts
from handlers.console_links import board_path, form_path, link_line, task_force_path
from handlers.context import Context
from handlers.names import short_name
from handlers.office import grants
from handlers.office.args import (
    ArgumentError,
    is_quarter,
    parse_day,
    parse_quarter,
    resolve_task_force,
    split,
)
from handlers.office.common import (
    CONFIRM_WORDS,
    audit,
    confirmed,
    lead_contacts_of,
    missing,
    quarter_overview,
    report_people,
)
from handlers.office.grants import target_period
from handlers.office.sends import Batch, immediate, send_at
from storage.models import Period
from storage.periods import period_or_default, window_of
from storage.repositories.registry import MemberView

REOPEN_FLOW = "reopen"
CONFIRM_BUTTONS = (Button(texts.OFFICE_CONFIRM, texts.OFFICE_CONFIRM), Button("取消", "取消"))


def _holiday_note(value: date) -> str:
    if is_unconfirmed(value):
        return texts.OFFICE_DAY_UNCONFIRMED
    return "" if is_working_day(value) else texts.OFFICE_NOT_WORKING_DAY


async def set_deadline(ctx: Context, args: str) -> None:
    quarter_text, date_text, _ = split(args, 2)
    if not date_text:
        raise missing(texts.OFFICE_USAGE[OfficeCommand.DEADLINE])
    quarter = parse_quarter(quarter_text, ctx.today())
    # A day without a year is read from the quarter's start: 截止 2026Q4 1月10日 is in 2027.
    due_on = parse_day(date_text, quarter.first_day, relative=False, onward=True)
    today = ctx.today()
    latest = quarter.next().last_day
    period = await period_or_default(ctx.repos, quarter, ctx.settings.report_due_day)
    if not period.opens_on <= due_on <= latest:
        raise ArgumentError(
            texts.OFFICE_DEADLINE_OUT_OF_RANGE.format(
                quarter=quarter.label,
                first=day_label(period.opens_on, today),
                last=day_label(latest, today),
            )
        )
    change = lifecycle.change_deadline(window_of(period), due_on, today)
    if isinstance(change, lifecycle.Refusal):
        raise ArgumentError(
            texts.LIFECYCLE_REFUSALS[change].format(day=day_label(due_on, today))
            + texts.OFFICE_REOPEN_HINT.format(quarter=quarter.label)
        )
    if change.reopens:  # a locked quarter opens again: the office confirms first
        ctx.state.flow, ctx.state.step = REOPEN_FLOW, "confirm"
        ctx.state.data = {"quarter": quarter.id, "due": due_on.isoformat()}
        ctx.reply(
            texts.OFFICE_REOPEN_CONFIRM.format(
                quarter=quarter.label,
                lock=day_label(period.locks_on, today),
                due=day_label(due_on, today),
                locks=day_label(change.window.locks_on, today),
            ),
            buttons=CONFIRM_BUTTONS,
        )
        return
    await _apply_deadline(ctx, quarter, period, change)


async def reopen_flow(ctx: Context) -> None:
    """A reopening awaits 确认 (reopen and announce it) or 取消."""
    data = await confirmed(
        ctx,
        "office.reopen",
        CONFIRM_WORDS,
        cancelled=texts.OFFICE_REOPEN_CANCELLED,
        waiting=texts.OFFICE_REOPEN_WAITING,
    )
    if data is None:
        return
    quarter = Quarter.parse(data["quarter"])
    period = await period_or_default(ctx.repos, quarter, ctx.settings.report_due_day)
    change = lifecycle.change_deadline(
        window_of(period), date.fromisoformat(data["due"]), ctx.today()
    )
    if isinstance(change, lifecycle.Refusal):  # confirmed too late: the day has passed
        ctx.reply(texts.LIFECYCLE_REFUSALS[change].format(day=data["due"]))
        return
    await _apply_deadline(ctx, quarter, period, change)


async def _apply_deadline(
    ctx: Context, quarter: Quarter, period: Period, change: lifecycle.DeadlineChange
) -> None:
    """Store the new days, audit them, and announce them to whoever still owes the report
    (and, for a reopening, to the office group)."""
    today = ctx.today()
    before = None
    if inspect(period).persistent:
        before = {"due_on": period.due_on.isoformat(), "locks_on": period.locks_on.isoformat()}
    window = change.window
    await ctx.repos.reports.set_period(
        quarter.id,
        opens_on=window.opens_on,
        due_on=window.due_on,
        locks_on=window.locks_on,
        now=ctx.now(),
    )
    after = {"due_on": window.due_on.isoformat(), "locks_on": window.locks_on.isoformat()}
    action = "period.reopen" if change.reopens else "period.deadline"
    await audit(ctx, action, "period", quarter.id, before=before, after=after)
    due, locks = day_label(window.due_on, today), day_label(window.locks_on, today)
    template = texts.OFFICE_REOPENED_NOTICE if change.reopens else texts.OFFICE_DEADLINE_NOTICE
    overview = await quarter_overview(ctx, quarter)
    # Those with a 延期 or a 退回 keep their own day; the others hear of the new one.
    owing = [row for row in overview.pending if row.extension is None and row.state != "returned"]
    batch = Batch("office.deadline")
    contacts_of = await lead_contacts_of(ctx, [row.task_force.id for row in owing])
    for row in owing:
        notice = template.format(
            task_force=row.task_force.name, quarter=quarter.label, due=due, locks=locks
        ) + link_line(ctx.settings, form_path(row.task_force.id, quarter.id))
        batch.add((c.userid for c in contacts_of[row.task_force.id]), notice)
    if change.reopens:
        announcement = texts.OFFICE_REOPENED_GROUP.format(
            quarter=quarter.label, due=due, locks=locks
        ) + link_line(ctx.settings, board_path(quarter.id))
        await ctx.send(
            Outbound(ToRobot(), Text(announcement)),
            source="office.deadline",
            not_before=send_at(ctx, immediate(ctx)),
        )
    done = texts.OFFICE_REOPENED if change.reopens else texts.OFFICE_DEADLINE_SET
    lines = [
        done.format(quarter=quarter.label, due=due, locks=locks, note=_holiday_note(window.due_on))
    ]
    if batch.items:
        lines.append(await batch.send(ctx, immediate=immediate(ctx)))
    ctx.reply("\n".join(lines))


async def extend(ctx: Context, args: str) -> None:
    name, rest = split(args, 1)
    first, after = split(rest, 1)
    quarter_text = None
    if is_quarter(first):  # 延期 纳税 2026Q4 1月8日 出差: a quarter other than the current one
        quarter_text, rest = first, after
    date_text, reason = split(rest, 1)
    if not reason.strip():
        raise missing(texts.OFFICE_USAGE[OfficeCommand.EXTEND])
    task_force = resolve_task_force(ctx.kb, name)
    today = ctx.today()
    due_on = parse_day(date_text, today, relative=False, onward=True)
    period = await target_period(ctx.repos, quarter_text, today, ctx.settings.report_due_day)
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
        due=day_label(due_on, today),
        reason=reason.strip(),
    ) + link_line(ctx.settings, form_path(task_force.id, quarter.id))
    contacts, leaders = await report_people(ctx, task_force.id)
    done = texts.OFFICE_EXTENDED.format(
        task_force=short_name(task_force), quarter=quarter.label, due=day_label(due_on, today)
    )
    ctx.reply(f"{done}\n{await _tell(ctx, contacts + leaders, notice)}")


async def exempt(ctx: Context, args: str) -> None:
    name, quarter_text, reason = split(args, 2)
    if not reason.strip():
        raise missing(texts.OFFICE_USAGE[OfficeCommand.EXEMPT])
    task_force = resolve_task_force(ctx.kb, name)
    quarter = parse_quarter(quarter_text, ctx.today())
    period = await period_or_default(ctx.repos, quarter, ctx.settings.report_due_day)
    await grants.exempt(
        ctx.repos, task_force, period, reason=reason, actor=ctx.message.user_id, now=ctx.now()
    )
    notice = texts.OFFICE_EXEMPTED_NOTICE.format(
        task_force=task_force.name, quarter=quarter.label, reason=reason.strip()
    ) + link_line(ctx.settings, task_force_path(task_force.id))
    contacts, _ = await report_people(ctx, task_force.id)
    done = texts.OFFICE_EXEMPTED.format(task_force=short_name(task_force), quarter=quarter.label)
    ctx.reply(f"{done}\n{await _tell(ctx, contacts, notice)}")


async def _tell(ctx: Context, people: list[MemberView], notice: str) -> str:
    """Send the notice (in office hours) and say to whom, or that nobody could be told."""
    if not people:
        return texts.OFFICE_NOBODY_NOTIFIED
    batch = Batch("office.deadline")
    batch.add((person.userid for person in people), notice)
    named = texts.OFFICE_NOTIFIED.format(names="、".join(person.name for person in people))
    return f"{named}\n{await batch.send(ctx, immediate=immediate(ctx))}"
