"""查看, 版本, 退回, 通过: read a task force's report, its versions, and review it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core import lifecycle
from core.dates import day_label
from core.office_commands import OfficeCommand
from core.quarters import Quarter
from core.reports import ProgressState, ReportStatus
from handlers import attachments, texts
from handlers.console_links import form_path, link_line, task_force_path
from handlers.context import Context
from handlers.names import person_names, short_name
from handlers.notices import Batch, immediate
from handlers.office import fields
from handlers.office.args import (
    ArgumentError,
    is_quarter,
    parse_day,
    parse_quarter,
    resolve_task_force,
    split,
)
from handlers.office.common import (
    audit,
    missing,
    quarter_or_current,
    quarter_overview,
    report_people,
    when,
)
from handlers.office.overview import Row
from knowledge.models import TaskForce
from storage.models import Period, Report
from storage.periods import report_key, standing_of, window_of

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


def _not_submitted(row: Row, quarter: Quarter, today: date) -> str:
    return texts.OFFICE_NOT_SUBMITTED.format(
        task_force=short_name(row.task_force),
        quarter=quarter.label,
        state=texts.OFFICE_STATE_LABELS[row.state],
        due=day_label(row.due_on, today),
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
        ctx.reply(_not_submitted(row, quarter, ctx.today()))
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
        ctx.reply(_not_submitted(row, quarter, ctx.today()))
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


@dataclass(frozen=True, slots=True)
class Target:
    """A report named by `<专班> [季度] …`, locked; the rest of the arguments."""

    quarter: Quarter
    task_force: TaskForce
    rest: str
    found: tuple[Report, Period, date] | None

    @property
    def report(self) -> Report | None:
        return self.found[0] if self.found is not None else None


async def _locked_target(ctx: Context, args: str, usage: str) -> Target:
    """Parse `<专班> [季度] [rest]` and lock the report if it exists."""
    name, rest = split(args, 1)
    if not name:
        raise missing(usage)
    task_force = resolve_task_force(ctx.kb, name)
    first, after = split(rest, 1)
    if first and is_quarter(first):
        quarter, rest = parse_quarter(first, ctx.today()), after
    else:
        quarter = await quarter_or_current(ctx, "")
    # Locked: a contact may be resubmitting right now.
    found = await ctx.repos.reports.existing_for_update(quarter.id, task_force.id)
    return Target(quarter, task_force, rest.strip(), found)


def _return_due(ctx: Context, target: Target) -> tuple[date, str]:
    """The 退回's own day (`退回 纳税 12月30日 意见`) or the default, and the comment."""
    assert target.found is not None
    report, period, granted = target.found
    first, after = split(target.rest, 1)
    if first and first[0].isdigit() and after:
        return parse_day(first, ctx.today(), relative=False), after.strip()
    standing = standing_of(report, extension_due=granted)
    return lifecycle.default_return_due(window_of(period), standing, ctx.today()), target.rest


async def _review(ctx: Context, args: str, outcome: ReportStatus) -> None:
    returned = outcome == ReportStatus.RETURNED
    word = OfficeCommand.RETURN if returned else OfficeCommand.ACCEPT
    target = await _locked_target(ctx, args, texts.OFFICE_USAGE[word])
    quarter, task_force, report = target.quarter, target.task_force, target.report
    if returned and not target.rest:
        raise ArgumentError(texts.OFFICE_RETURN_NEEDS_COMMENT)
    today = ctx.today()
    return_due, comment = None, target.rest
    refusal: lifecycle.Refusal | None = lifecycle.Refusal.NOT_SUBMITTED
    if report is not None and report.version:
        standing = standing_of(report)
        if returned:
            return_due, comment = _return_due(ctx, target)
            refusal = lifecycle.check_return(standing, return_due, today)
        else:
            refusal = lifecycle.check_accept(standing)
    if refusal in (lifecycle.Refusal.NOT_SUBMITTED, lifecycle.Refusal.NOT_REVIEWABLE):
        state: ReportStatus | ProgressState | None = None
        if report is not None and report.version:
            state = report.status
        if report is not None and report.awaiting_leader:
            state = ProgressState.AWAITING_LEADER
        ctx.reply(
            texts.OFFICE_CANNOT_REVIEW.format(
                task_force=short_name(task_force),
                quarter=quarter.label,
                action=word,
                state=texts.OFFICE_REVIEW_STATES[state],
            )
        )
        return
    if refusal is not None:
        assert return_due is not None
        raise ArgumentError(
            texts.LIFECYCLE_REFUSALS[refusal].format(day=day_label(return_due, today))
        )
    assert report is not None
    before = {"status": report.status, "version": report.version}
    await ctx.repos.reports.review(
        report, outcome, ctx.message.user_id, comment or None, ctx.now(), return_due
    )
    key = report_key(quarter, task_force.id)
    action = "report.return" if returned else "report.accept"
    after = {"status": outcome, "version": report.version, "comment": comment or None}
    if return_due is not None:
        after["due_on"] = return_due.isoformat()
    await audit(ctx, action, "report", key, before=before, after=after)

    contacts, leaders = await report_people(ctx, task_force.id)
    template = texts.OFFICE_RETURNED_NOTICE if returned else texts.OFFICE_ACCEPTED_NOTICE
    notice = template.format(
        task_force=task_force.name,
        quarter=quarter.label,
        version=report.version,
        comment=comment,
        due=day_label(return_due, today) if return_due is not None else "",
    )
    if returned:
        notice += link_line(ctx.settings, form_path(task_force.id, quarter.id))
    else:
        notice += link_line(ctx.settings, task_force_path(task_force.id))
    batch = Batch("office.review")
    batch.add((c.userid for c in contacts + leaders), notice)
    done = texts.OFFICE_REVIEWED.format(
        action=word,
        task_force=short_name(task_force),
        quarter=quarter.label,
        version=report.version,
    )
    if return_due is not None:
        done += texts.OFFICE_RETURN_DUE.format(due=day_label(return_due, today))
    people = contacts + leaders
    if people:
        notified = texts.OFFICE_NOTIFIED.format(names="、".join(c.name for c in people))
        notified += "\n" + await batch.send(ctx, immediate=immediate(ctx))
    else:
        notified = texts.OFFICE_NOBODY_NOTIFIED
    ctx.reply(f"{done}\n{notified}")


async def return_report(ctx: Context, args: str) -> None:
    await _review(ctx, args, ReportStatus.RETURNED)


async def accept_report(ctx: Context, args: str) -> None:
    await _review(ctx, args, ReportStatus.ACCEPTED)
