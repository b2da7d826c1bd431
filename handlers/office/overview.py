"""A quarter at a glance: each task force's report state, due day and latest version."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.clock import local
from core.quarters import Quarter
from core.reports import ProgressState, ReportStatus
from knowledge import KnowledgeBase
from knowledge.models import TaskForce
from storage.models import Exemption, Extension, Report, ReportVersion
from storage.periods import period_or_default
from storage.repositories import Repositories
from storage.repositories.reports import own_due_on

STATES = tuple(ProgressState)
"""In the order totals are shown; labels in texts.OFFICE_STATE_LABELS."""

PENDING_STATES = frozenset(
    {
        ProgressState.RETURNED,
        ProgressState.DRAFT,
        ProgressState.NOT_STARTED,
        ProgressState.OVERDUE,
    }
)
"""States in which a task force still owes its report."""


@dataclass(frozen=True, slots=True)
class Row:
    task_force: TaskForce
    state: ProgressState
    due_on: date
    report: Report | None
    latest: ReportVersion | None
    extension: Extension | None
    exemption: Exemption | None

    @property
    def answers(self) -> dict[str, Any]:
        """What the task force last submitted; the office does not read drafts."""
        return dict(self.latest.answers) if self.latest is not None else {}

    @property
    def lagging(self) -> list[dict[str, Any]]:
        return list(self.answers.get("lagging") or [])

    @property
    def pending(self) -> bool:
        return self.state in PENDING_STATES


@dataclass(frozen=True, slots=True)
class Overview:
    quarter: Quarter
    due_on: date
    today: date
    rows: tuple[Row, ...]

    def counts(self) -> Counter[ProgressState]:
        return Counter(row.state for row in self.rows)

    def row(self, task_force_id: str) -> Row:
        return next(row for row in self.rows if row.task_force.id == task_force_id)

    @property
    def pending(self) -> list[Row]:
        return [row for row in self.rows if row.pending]


def _state(report: Report | None, exempt: bool, due_on: date, today: date) -> ProgressState:
    if exempt:
        return ProgressState.EXEMPT
    if report is not None and report.status != ReportStatus.DRAFT:
        return ProgressState(report.status)  # submitted, accepted, returned
    if today > due_on:
        return ProgressState.OVERDUE
    if report is not None and (report.answers or report.version):
        return ProgressState.DRAFT
    return ProgressState.NOT_STARTED


async def load_overview(
    repos: Repositories,
    kb: KnowledgeBase,
    quarter: Quarter,
    today: date,
    due_day: int,
    task_forces: Iterable[TaskForce] | None = None,
) -> Overview:
    """Every task force of the knowledge in document order, or just `task_forces`; a quarter
    nobody configured is due on its default day (`due_day` of the last month)."""
    due_on = (await period_or_default(repos, quarter, due_day)).due_on
    reports = {report.task_force_id: report for report in await repos.reports.reports(quarter.id)}
    extensions = await repos.reports.extensions(quarter.id)
    exemptions = await repos.reports.exemptions(quarter.id)
    latest = await repos.reports.latest_versions(report.id for report in reports.values())
    rows = []
    for task_force in kb.task_forces if task_forces is None else task_forces:
        report = reports.get(task_force.id)
        extension = extensions.get(task_force.id)
        exemption = exemptions.get(task_force.id)
        own_due = own_due_on(due_on, extension)
        rows.append(
            Row(
                task_force=task_force,
                state=_state(report, exemption is not None, own_due, today),
                due_on=own_due,
                report=report,
                latest=latest.get(report.id) if report is not None else None,
                extension=extension,
                exemption=exemption,
            )
        )
    return Overview(quarter, due_on, today, tuple(rows))


def days_late(row: Row, today: date) -> int:
    """Days past the task force's due day: of its submission when that was late, of today
    while the report is still owed; 0 when on time or exempt."""
    if row.state is ProgressState.EXEMPT:
        return 0
    if row.latest is not None:
        if not row.latest.late:
            return 0
        return max(0, (local(row.latest.submitted_at).date() - row.due_on).days)
    return max(0, (today - row.due_on).days)
