"""催报: remind the task forces that still owe their report, at most once a day each; one
message per person listing all of their task forces, in office hours (handlers/notices.py)."""

from __future__ import annotations

from datetime import date, datetime, time

from core.clock import LOCAL_TZ, local
from core.dates import day_label
from core.office_commands import OfficeCommand
from core.reports import ProgressState
from handlers import texts
from handlers.console_links import form_path, link_line
from handlers.context import Context
from handlers.names import listing, short_name
from handlers.notices import (
    CHASE_SOURCE,
    IMMEDIATE_WORD,
    Batch,
    chase_topic,
    immediate,
    send_at,
)
from handlers.office.args import parse_targets, split
from handlers.office.common import (
    audit,
    lead_contacts_of,
    missing,
    quarter_or_current,
    quarter_overview,
)
from handlers.office.overview import Row
from storage.periods import period_or_default, report_key, window_of


def chase_text(row: Row, quarter_label: str, today: date) -> str:
    due = day_label(row.due_on, today)
    if row.state == ProgressState.RETURNED:
        note = texts.OFFICE_CHASE_RETURNED
    elif row.state == ProgressState.OVERDUE:
        note = texts.OFFICE_CHASE_OVERDUE.format(due=due)
    else:
        note = texts.OFFICE_CHASE_PENDING.format(due=due)
    return texts.OFFICE_CHASE_MESSAGE.format(
        task_force=row.task_force.name, quarter=quarter_label, note=note
    )


async def chase(ctx: Context, args: str) -> None:
    target, rest = split(args, 1)
    if not target:
        raise missing(texts.OFFICE_USAGE[OfficeCommand.CHASE])
    targets = parse_targets(ctx.kb, target)
    quarter = await quarter_or_current(ctx, rest)
    today = ctx.today()
    period = await period_or_default(ctx.repos, quarter, ctx.settings.report_due_day)
    if window_of(period).locked(today):  # a locked quarter is never chased (core/lifecycle.py)
        ctx.reply(
            texts.OFFICE_CHASE_LOCKED.format(
                quarter=quarter.label, lock=day_label(period.locks_on, today)
            )
        )
        return
    at = send_at(ctx, immediate(ctx))
    if at is not None and local(at).date() > period.locks_on:  # held past the lock day
        ctx.reply(
            texts.OFFICE_CHASE_AFTER_LOCK.format(
                quarter=quarter.label,
                lock=day_label(period.locks_on, today),
                day=day_label(local(at).date(), today),
                word=IMMEDIATE_WORD,
            )
        )
        return
    overview = await quarter_overview(ctx, quarter)
    if targets.task_force is None:  # 全部
        rows = overview.pending
        if not rows:
            ctx.reply(texts.OFFICE_NONE_MISSING.format(quarter=quarter.label))
            return
    else:
        row = overview.row(targets.task_force.id)
        if not row.pending:
            ctx.reply(
                texts.OFFICE_CHASE_NOT_NEEDED.format(
                    task_force=short_name(row.task_force),
                    state=texts.OFFICE_STATE_LABELS[row.state],
                )
            )
            return
        rows = [row]

    start_of_day = datetime.combine(today, time(0), tzinfo=LOCAL_TZ)
    chased_today = await ctx.repos.audit.keys_since("report.chase", start_of_day)
    sent: list[str] = []
    repeated: list[str] = []
    unreachable: list[str] = []
    batch = Batch(CHASE_SOURCE)
    contacts_of = await lead_contacts_of(ctx, [row.task_force.id for row in rows])
    for row in rows:
        contacts = contacts_of[row.task_force.id]
        key = report_key(quarter, row.task_force.id)
        if not contacts:
            unreachable.append(short_name(row.task_force))
            continue
        if key in chased_today:
            repeated.append(short_name(row.task_force))
            continue
        userids = [contact.userid for contact in contacts]
        link = link_line(ctx.settings, form_path(row.task_force.id, quarter.id))
        topic = chase_topic(quarter.id, row.task_force.id)
        batch.add(userids, chase_text(row, quarter.label, today) + link, topic)
        await audit(ctx, "report.chase", "report", key, after={"recipients": userids})
        names = "、".join(contact.name for contact in contacts)
        sent.append(f"· {short_name(row.task_force)} → {names}")

    lines = [texts.OFFICE_CHASE_SENT.format(count=len(sent))] if sent else []
    lines += sent
    if sent:
        lines.append(
            await batch.send(
                ctx, immediate=immediate(ctx), key=f"chase:{quarter.id}:{today.isoformat()}"
            )
        )
    if repeated:
        lines.append(texts.OFFICE_CHASE_REPEATED.format(names=listing(repeated)))
    if unreachable:
        lines.append(texts.OFFICE_CHASE_UNREACHABLE.format(names=listing(unreachable)))
    ctx.reply("\n".join(lines))
