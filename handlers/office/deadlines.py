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
from handlers.notices import Batch, Release, release_of, send_at, withdraw_chases
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
    confirmed,
    lead_contacts_of,
    missing,
    quarter_overview,
    report_people,
)
from handlers.office.grants import target_period
from knowledge.models import TaskForce
from storage.models import Period
from storage.periods import period_or_default, set_window, window_json, window_of
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
        ask_reopen(ctx, quarter, period, change, texts.OFFICE_REOPEN_CONFIRM)
        return
    await apply_window(ctx, quarter, period, change)


def ask_reopen(
    ctx: Context,
    quarter: Quarter,
    period: Period,
    change: lifecycle.DeadlineChange,
    question: str,
) -> None:
    """Keep the new days and ask the office to confirm the reopening (`question` has
    {quarter}, {lock} (the old lock day), {opens}, {due} and {locks})."""
    today, window = ctx.today(), change.window
    ctx.state.flow, ctx.state.step = REOPEN_FLOW, "confirm"
    ctx.state.data = {"quarter": quarter.id, **window_json(window)}
    ctx.reply(
        question.format(
            quarter=quarter.label,
            lock=day_label(period.locks_on, today),
            opens=day_label(window.opens_on, today),
            due=day_label(window.due_on, today),
            locks=day_label(window.locks_on, today),
        ),
        buttons=CONFIRM_BUTTONS,
    )


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
    days = (date.fromisoformat(data[key]) for key in ("opens_on", "due_on", "locks_on"))
    window = lifecycle.Window(*days)
    refusal = lifecycle.check_reopen(window, ctx.today())
    if refusal is not None:  # confirmed too late: the days have passed
        ctx.reply(
            texts.LIFECYCLE_REFUSALS[refusal].format(day=day_label(window.locks_on, ctx.today()))
        )
        return
    await apply_window(ctx, quarter, period, lifecycle.DeadlineChange(window, reopens=True))


async def apply_window(
    ctx: Context,
    quarter: Quarter,
    period: Period,
    change: lifecycle.DeadlineChange,
    *,
    notice: str = texts.OFFICE_DEADLINE_NOTICE,
    done: str = texts.OFFICE_DEADLINE_SET,
    action: str = "period.deadline",
) -> None:
    """Store and announce the new days (`store_window`); reply what was done and told
    (`done` has {quarter}, {opens}, {due}, {locks} and {note})."""
    if change.reopens:
        done = texts.OFFICE_REOPENED
    days, told = await store_window(
        ctx, quarter, period, change, notice=notice, action=action, release=release_of(ctx)
    )
    lines = [done.format(note=_holiday_note(change.window.due_on), **days)]
    if told:
        lines.append(told)
    ctx.reply("\n".join(lines))


async def store_window(
    ctx: Context,
    quarter: Quarter,
    period: Period,
    change: lifecycle.DeadlineChange,
    *,
    notice: str,
    action: str,
    release: Release,
) -> tuple[dict[str, str], str]:
    """Store the new days, audit them, and announce them to whoever still owes the report
    (and, for a reopening, to the office group). `notice` has {task_force}, {quarter},
    {opens}, {due} and {locks}. The days as shown, and the line saying who was told and
    when ("" for nobody); shared by 截止/周期 in chat and `zhuanban period set`."""
    today = ctx.today()
    window = change.window
    before = window_of(period) if inspect(period).persistent else None
    await set_window(
        ctx.repos,
        quarter.id,
        window,
        before=before,
        actor=ctx.message.user_id,
        action="period.reopen" if change.reopens else action,
        now=ctx.now(),
    )
    if change.reopens:
        notice = texts.OFFICE_REOPENED_NOTICE
    # A reopening that keeps a past due day is for late reports: they are due by the lock day.
    shown_due = window.due_on if window.due_on >= today or not change.reopens else window.locks_on
    days = {
        "quarter": quarter.label,
        "opens": day_label(window.opens_on, today),
        "due": day_label(shown_due, today),
        "locks": day_label(window.locks_on, today),
    }
    overview = await quarter_overview(ctx, quarter)
    # Those with a 延期 or a 退回 keep their own day; the others hear of the new one.
    owing = [row for row in overview.pending if row.extension is None and row.state != "returned"]
    # A 催报 still waiting names the old due day.
    await withdraw_chases(ctx.repos, quarter.id, [row.task_force.id for row in owing], ctx.now())
    batch = Batch("office.deadline")
    contacts_of = await lead_contacts_of(ctx, [row.task_force.id for row in owing])
    for row in owing:
        text = notice.format(task_force=row.task_force.name, **days)
        text += link_line(ctx.settings, form_path(row.task_force.id, quarter.id))
        batch.add((c.userid for c in contacts_of[row.task_force.id]), text)
    if change.reopens:
        await ctx.send(
            Outbound(
                ToRobot(),
                Text(
                    texts.OFFICE_REOPENED_GROUP.format(**days)
                    + link_line(ctx.settings, board_path(quarter.id))
                ),
            ),
            source="office.deadline",
            not_before=send_at(ctx, release.now),
        )
    if not batch.items:
        return days, ""
    return days, await batch.send(ctx, immediate=release.now, word=release.word)


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
    done = texts.OFFICE_EXTENDED.format(
        task_force=short_name(task_force),
        quarter=Quarter.parse(period.id).label,
        due=day_label(due_on, today),
    )
    told = await announce_extension(ctx, task_force, period, due_on, reason, release_of(ctx))
    ctx.reply(f"{done}\n{told}")


async def announce_extension(
    ctx: Context,
    task_force: TaskForce,
    period: Period,
    due_on: date,
    reason: str,
    release: Release,
) -> str:
    """Tell the contacts and 分管领导 of a 延期 just granted (chat or command line); the line
    saying to whom and when."""
    quarter = Quarter.parse(period.id)
    notice = texts.OFFICE_EXTENDED_NOTICE.format(
        task_force=task_force.name,
        quarter=quarter.label,
        due=day_label(due_on, ctx.today()),
        reason=reason.strip(),
    ) + link_line(ctx.settings, form_path(task_force.id, quarter.id))
    contacts, leaders = await report_people(ctx, task_force.id)
    return await _tell(ctx, contacts + leaders, notice, release)


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
    done = texts.OFFICE_EXEMPTED.format(task_force=short_name(task_force), quarter=quarter.label)
    told = await announce_exemption(ctx, task_force, period, reason, release_of(ctx))
    ctx.reply(f"{done}\n{told}")


async def announce_exemption(
    ctx: Context, task_force: TaskForce, period: Period, reason: str, release: Release
) -> str:
    """Tell the contacts of a 免报 just granted (chat or command line); the line saying to
    whom and when."""
    notice = texts.OFFICE_EXEMPTED_NOTICE.format(
        task_force=task_force.name, quarter=Quarter.parse(period.id).label, reason=reason.strip()
    ) + link_line(ctx.settings, task_force_path(task_force.id))
    contacts, _ = await report_people(ctx, task_force.id)
    return await _tell(ctx, contacts, notice, release)


async def _tell(ctx: Context, people: list[MemberView], notice: str, release: Release) -> str:
    """Send the notice (in office hours) and say to whom, or that nobody could be told."""
    if not people:
        return texts.OFFICE_NOBODY_NOTIFIED
    batch = Batch("office.deadline")
    batch.add((person.userid for person in people), notice)
    named = texts.OFFICE_NOTIFIED.format(names="、".join(person.name for person in people))
    sent = await batch.send(ctx, immediate=release.now, word=release.word)
    return f"{named}\n{sent}"
