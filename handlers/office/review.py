"""查看, 版本, 退回, 通过: read a task force's report, its versions, and review it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.dates import short_day
from core.office_commands import OfficeCommand
from core.quarters import Quarter
from core.reports import ProgressState, ReportStatus
from handlers import attachments, texts
from handlers.console_links import form_path, link_line
from handlers.context import Context
from handlers.names import person_names, short_name
from handlers.office import fields
from handlers.office.args import (
    ArgumentError,
    is_quarter,
    parse_quarter,
    resolve_task_force,
    split,
)
from handlers.office.common import (
    audit,
    lead_contacts,
    missing,
    quarter_or_current,
    quarter_overview,
    when,
)
from handlers.office.overview import Row
from storage.models import Report
from storage.periods import report_key

REVIEW_ACTIONS = {"report.return": ReportStatus.RETURNED, "report.accept": ReportStatus.ACCEPTED}


async def _task_force_row(ctx: Context, args: str, usage: str) -> tuple[Quarter, Row]:
    """The task force named first in `args` and the quarter after it (or the current one)."""
    name, rest = split(args, 1)
    if not name:
        raise missing(usage)
    task_force = resolve_task_force(ctx.kb, name)
    quarter = await quarter_or_current(ctx, rest)
    overview = await quarter_overview(ctx, quarter, [task_force])
    return quarter, overview.rows[0]


def _not_submitted(row: Row, quarter: Quarter) -> str:
    return texts.OFFICE_NOT_SUBMITTED.format(
        task_force=short_name(row.task_force),
        quarter=quarter.label,
        state=texts.OFFICE_STATE_LABELS[row.state],
        due=short_day(row.due_on),
    )


def _review_text(outcome: ReportStatus, who: str, at: datetime | None, comment: str | None) -> str:
    line = texts.OFFICE_REVIEW_LINE.format(
        outcome=texts.OFFICE_STATE_LABELS[ProgressState(outcome)],
        who=who,
        when=when(at),
        comment=comment or "",
    )
    return line.rstrip("：")


async def show(ctx: Context, args: str) -> None:
    quarter, row = await _task_force_row(ctx, args, texts.OFFICE_USAGE[OfficeCommand.SHOW])
    if row.latest is None or row.report is None:
        ctx.reply(_not_submitted(row, quarter))
        return
    latest = row.latest
    names = await person_names(ctx.repos, (latest.submitted_by, row.report.reviewed_by))
    lines = [
        texts.OFFICE_SHOW_TITLE.format(task_force=row.task_force.name, quarter=quarter.label),
        texts.OFFICE_SHOW_STATUS.format(
            state=texts.OFFICE_STATE_LABELS[row.state],
            version=latest.version,
            when=when(latest.submitted_at),
            who=names[latest.submitted_by],
            late=texts.OFFICE_LATE if latest.late else "",
        ),
        *fields.render_answers(row.answers),
    ]
    report = row.report
    if report.status in REVIEW_ACTIONS.values() and report.reviewed_by is not None:
        reviewer = names[report.reviewed_by]
        lines.append(
            _review_text(report.status, reviewer, report.reviewed_at, report.review_comment)
        )
    lines += await attachments.report_lines(ctx.repos, ctx.kb, [report.id])
    ctx.reply("\n".join(lines))


async def versions(ctx: Context, args: str) -> None:
    quarter, row = await _task_force_row(ctx, args, texts.OFFICE_USAGE[OfficeCommand.VERSIONS])
    if row.report is None or row.latest is None:
        ctx.reply(_not_submitted(row, quarter))
        return
    key = report_key(quarter, row.task_force.id)
    entries = await ctx.repos.audit.entries("report", key)
    reviews = [entry for entry in entries if entry.action in REVIEW_ACTIONS]
    history = await ctx.repos.reports.versions(row.report.id)
    names = await person_names(
        ctx.repos, [v.submitted_by for v in history] + [e.actor for e in reviews]
    )
    events: list[tuple[Any, str]] = []
    previous: dict[str, Any] | None = None
    for version in history:
        line = texts.OFFICE_VERSION_LINE.format(
            version=version.version,
            when=when(version.submitted_at),
            who=names[version.submitted_by],
            late=texts.OFFICE_LATE if version.late else "",
        ).rstrip()
        if previous is None:
            change = texts.OFFICE_FIRST_VERSION
        else:
            labels = fields.changed(previous, version.answers)
            change = (
                texts.OFFICE_CHANGED.format(fields="、".join(labels))
                if labels
                else texts.OFFICE_UNCHANGED
            )
        events.append((version.submitted_at, f"{line}\n  {change}"))
        previous = version.answers
    for entry in reviews:
        comment = (entry.after or {}).get("comment")
        outcome = REVIEW_ACTIONS[entry.action]
        events.append((entry.at, _review_text(outcome, names[entry.actor], entry.at, comment)))
    events.sort(key=lambda event: event[0])
    title = texts.OFFICE_VERSIONS_TITLE.format(
        task_force=row.task_force.name,
        quarter=quarter.label,
        count=len(history),
        state=texts.OFFICE_STATE_LABELS[row.state],
    )
    ctx.reply("\n".join([title, *(text for _, text in events)]))


async def _locked_submitted(
    ctx: Context, args: str, usage: str
) -> tuple[Quarter, Any, str, Report | None]:
    """Parse `<专班> [季度] [rest]` and lock the report if it exists."""
    name, rest = split(args, 1)
    if not name:
        raise missing(usage)
    task_force = resolve_task_force(ctx.kb, name)
    first, after = split(rest, 1)
    if first and is_quarter(first):
        quarter, rest = parse_quarter(first), after
    else:
        quarter = await quarter_or_current(ctx, "")
    # Locked: a contact may be resubmitting right now.
    found = await ctx.repos.reports.existing_for_update(quarter.id, task_force.id)
    return quarter, task_force, rest.strip(), found[0] if found is not None else None


async def _review(ctx: Context, args: str, outcome: ReportStatus) -> None:
    returned = outcome == ReportStatus.RETURNED
    word = OfficeCommand.RETURN if returned else OfficeCommand.ACCEPT
    quarter, task_force, comment, report = await _locked_submitted(
        ctx, args, texts.OFFICE_USAGE[word]
    )
    if returned and not comment:
        raise ArgumentError(texts.OFFICE_RETURN_NEEDS_COMMENT)
    allowed = (
        {ReportStatus.SUBMITTED, ReportStatus.ACCEPTED} if returned else {ReportStatus.SUBMITTED}
    )
    if report is None or report.version == 0 or report.status not in allowed:
        state = report.status if report is not None and report.version else None
        ctx.reply(
            texts.OFFICE_CANNOT_REVIEW.format(
                task_force=short_name(task_force),
                quarter=quarter.label,
                action=word,
                state=texts.OFFICE_REVIEW_STATES[state],
            )
        )
        return
    before = {"status": report.status, "version": report.version}
    await ctx.repos.reports.review(
        report, outcome, ctx.message.user_id, comment or None, ctx.now()
    )
    key = report_key(quarter, task_force.id)
    action = "report.return" if returned else "report.accept"
    after = {"status": outcome, "version": report.version, "comment": comment or None}
    await audit(ctx, action, "report", key, before=before, after=after)

    contacts = await lead_contacts(ctx, task_force.id)
    template = texts.OFFICE_RETURNED_NOTICE if returned else texts.OFFICE_ACCEPTED_NOTICE
    notice = template.format(
        task_force=task_force.name, quarter=quarter.label, version=report.version, comment=comment
    )
    if returned:
        notice += link_line(ctx.settings, form_path(task_force.id, quarter.id))
    await ctx.notify([c.userid for c in contacts], notice, source="office.review")
    done = texts.OFFICE_REVIEWED.format(
        action=word,
        task_force=short_name(task_force),
        quarter=quarter.label,
        version=report.version,
    )
    if contacts:
        notified = texts.OFFICE_NOTIFIED.format(names="、".join(c.name for c in contacts))
    else:
        notified = texts.OFFICE_NOBODY_NOTIFIED
    ctx.reply(f"{done}\n{notified}")


async def return_report(ctx: Context, args: str) -> None:
    await _review(ctx, args, ReportStatus.RETURNED)


async def accept_report(ctx: Context, args: str) -> None:
    await _review(ctx, args, ReportStatus.ACCEPTED)
