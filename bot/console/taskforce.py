"""A task force's page: every quarter's report, its versions and what changed, reviews."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.console.answers import question_texts
from bot.console.attachments import AttachmentView, attachment_view
from bot.console.diff import Change, changes
from bot.console.problems import problem_labels, problem_rows
from bot.console.web import View, page
from core.quarters import Quarter
from handlers import targets
from handlers.names import person_names
from handlers.texts import OFFICE_STATE_LABELS
from storage.models import AuditEntry, Report, ReportVersion
from storage.periods import report_key


@dataclass(frozen=True, slots=True)
class VersionView:
    version: ReportVersion
    answers: list[tuple[str, str, str]]
    """Each question's (key, title, answer as text)."""
    changes: list[Change]
    """What changed since the version before (empty for the first)."""


@dataclass(frozen=True, slots=True)
class QuarterView:
    quarter: Quarter
    report: Report
    versions: list[VersionView]
    """Newest first."""
    reviews: list[AuditEntry]
    draft_changes: list[Change]
    """Edits made since the last submission and not yet submitted."""
    attachments: list[AttachmentView]


def version_views(versions: list[ReportVersion]) -> list[VersionView]:
    views = []
    previous: dict[str, Any] | None = None
    for version in versions:
        views.append(
            VersionView(
                version,
                question_texts(version.answers),
                changes(previous, version.answers) if previous is not None else [],
            )
        )
        previous = version.answers
    return views[::-1]


@page("task_force.html")
async def task_force_page(request: web.Request, view: View) -> dict[str, Any]:
    task_force_id = request.match_info["task_force"]
    view.require(task_force_id)
    task_force = view.kb.task_force(task_force_id)
    reports = await view.repos.history.reports_of(task_force_id)
    versions = await view.repos.history.versions_of(r.id for r in reports)
    files = await view.repos.attachments.of_task_force(task_force_id, [r.id for r in reports])
    senders = await person_names(view.repos, [f.uploader for f in files])
    shown = {f.id: attachment_view(f, senders) for f in files}
    by_report = {r.id: r for r in reports}
    by_period = {r.period_id: r.id for r in reports}
    quarter_of = {
        f.id: f.report_id if f.report_id in by_report else by_period.get(f.period_id or "")
        for f in files
    }
    quarters = []
    for report in reports:
        quarter = Quarter.parse(report.period_id)
        own = versions[report.id]
        key = report_key(quarter, task_force_id)
        latest = own[-1].answers if own else {}
        quarters.append(
            QuarterView(
                quarter,
                report,
                version_views(own),
                reviews_of(await view.repos.audit.entries("report", key)),
                changes(latest, report.answers) if own and report.answers != latest else [],
                [shown[f.id] for f in files if quarter_of[f.id] == report.id],
            )
        )
    people = await person_names(
        view.repos,
        [v.submitted_by for vs in versions.values() for v in vs]
        + [q.report.reviewed_by for q in quarters],
    )
    today = view.today()
    planned = await targets.target_views(
        view.repos, today.year, today, view.settings.warning_workdays, [task_force_id]
    )
    problems = await view.repos.problems.listing(task_force_ids=[task_force_id], open_only=True)
    return {
        "task_force": task_force,
        "rows": await problem_rows(view, problems),
        **problem_labels(),
        "year": today.year,
        "own": planned,
        "targets_rate": targets.rate(planned, today).text(),
        "state": targets.state_text,
        "quarters": quarters,
        "names": people,
        "other_attachments": [shown[f.id] for f in files if quarter_of[f.id] is None],
        "labels": OFFICE_STATE_LABELS,
    }


def reviews_of(entries: list[AuditEntry]) -> list[AuditEntry]:
    """The office's 退回/通过 of one report, oldest first."""
    return [e for e in entries if e.action in ("report.return", "report.accept")]
