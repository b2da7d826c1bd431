"""催报: remind the task forces that still owe their report, at most once a day each."""

from __future__ import annotations

from core.dates import short_day
from core.office_commands import OfficeCommand
from core.reports import ProgressState
from handlers import texts
from handlers.console_links import form_path, link_line
from handlers.context import Context
from handlers.names import listing, short_name
from handlers.office.args import parse_targets, split
from handlers.office.common import (
    audit,
    lead_contacts_of,
    missing,
    quarter_or_current,
    quarter_overview,
)
from handlers.office.overview import Row
from storage.periods import report_key


def chase_text(row: Row, quarter_label: str) -> str:
    if row.state == ProgressState.RETURNED:
        note = texts.OFFICE_CHASE_RETURNED
    elif row.state == ProgressState.OVERDUE:
        note = texts.OFFICE_CHASE_OVERDUE.format(due=short_day(row.due_on))
    else:
        note = texts.OFFICE_CHASE_PENDING.format(due=short_day(row.due_on))
    return texts.OFFICE_CHASE_MESSAGE.format(
        task_force=row.task_force.name, quarter=quarter_label, note=note
    )


async def chase(ctx: Context, args: str) -> None:
    target, rest = split(args, 1)
    if not target:
        raise missing(texts.OFFICE_USAGE[OfficeCommand.CHASE])
    targets = parse_targets(ctx.kb, target)
    quarter = await quarter_or_current(ctx, rest)
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

    sent: list[str] = []
    repeated: list[str] = []
    unreachable: list[str] = []
    contacts_of = await lead_contacts_of(ctx, [row.task_force.id for row in rows])
    for row in rows:
        contacts = contacts_of[row.task_force.id]
        if not contacts:
            unreachable.append(short_name(row.task_force))
            continue
        userids = [contact.userid for contact in contacts]
        # The dedupe key makes a second chase the same day queue nothing.
        queued = await ctx.notify(
            userids,
            chase_text(row, quarter.label)
            + link_line(ctx.settings, form_path(row.task_force.id, quarter.id)),
            source="office.chase",
            dedupe_key=f"chase:{quarter.id}:{row.task_force.id}:{overview.today.isoformat()}",
        )
        if not queued:
            repeated.append(short_name(row.task_force))
            continue
        key = report_key(quarter, row.task_force.id)
        await audit(ctx, "report.chase", "report", key, after={"recipients": userids})
        names = "、".join(contact.name for contact in contacts)
        sent.append(f"· {short_name(row.task_force)} → {names}")

    lines = [texts.OFFICE_CHASE_SENT.format(count=len(sent))] if sent else []
    lines += sent
    if repeated:
        lines.append(texts.OFFICE_CHASE_REPEATED.format(names=listing(repeated)))
    if unreachable:
        lines.append(texts.OFFICE_CHASE_UNREACHABLE.format(names=listing(unreachable)))
    ctx.reply("\n".join(lines))
