"""A quarter at a glance: each task force's report state, due day and latest version."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.quarters import Quarter
from knowledge import KnowledgeBase
from knowledge.models import TaskForce
from storage.models import Exemption, Extension, Period, Report, ReportVersion
from storage.repositories import Repositories

STATES = ("submitted", "accepted", "returned", "draft", "not_started", "overdue", "exempt")
"""In the order totals are shown; labels in texts.OFFICE_STATE_LABELS."""

PENDING_STATES = frozenset({"returned", "draft", "not_started", "overdue"})
"""States in which a task force still owes its report."""


@dataclass(frozen=True, slots=True)
class Row:
    task_force: TaskForce
    state: str
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

    def counts(self) -> Counter[str]:
        return Counter(row.state for row in self.rows)

    def row(self, task_force_id: str) -> Row:
        return next(row for row in self.rows if row.task_force.id == task_force_id)

    @property
    def pending(self) -> list[Row]:
        return [row for row in self.rows if row.pending]


def _state(report: Report | None, exempt: bool, due_on: date, today: date) -> str:
    if exempt:
        return "exempt"
    if report is not None and report.status in ("submitted", "accepted", "returned"):
        return report.status
    if today > due_on:
        return "overdue"
    if report is not None and (report.answers or report.version):
        return "draft"
    return "not_started"


def period_due_on(period: Period | None, quarter: Quarter) -> date:
    return period.due_on if period is not None else quarter.default_due_on()


async def ensure_period(repos: Repositories, quarter: Quarter, now: datetime) -> Period:
    """The quarter's period row, created with the default days when nobody has set it yet."""
    period = await repos.reports.period(quarter.id)
    if period is not None:
        return period
    return await repos.reports.set_period(
        quarter.id,
        opens_on=quarter.default_opens_on(),
        due_on=quarter.default_due_on(),
        locks_on=quarter.default_locks_on(),
        now=now,
    )


async def current_quarter(repos: Repositories, today: date) -> Quarter:
    """The quarter being reported now: the latest open period, else the calendar quarter.

    In early January the fourth quarter is still open for reporting, and that is the
    quarter the office means when it names none.
    """
    open_periods = await repos.reports.open_periods(today)
    if open_periods:
        return Quarter.parse(open_periods[-1].id)
    return Quarter.of(today)


async def load_overview(
    repos: Repositories,
    kb: KnowledgeBase,
    quarter: Quarter,
    today: date,
    task_forces: Iterable[TaskForce] | None = None,
) -> Overview:
    """Every task force of the knowledge in document order, or just `task_forces`."""
    period = await repos.reports.period(quarter.id)
    due_on = period_due_on(period, quarter)
    reports = {report.task_force_id: report for report in await repos.reports.reports(quarter.id)}
    extensions = await repos.reports.extensions(quarter.id)
    exemptions = await repos.reports.exemptions(quarter.id)
    latest = await repos.reports.latest_versions(report.id for report in reports.values())
    rows = []
    for task_force in kb.task_forces if task_forces is None else task_forces:
        report = reports.get(task_force.id)
        extension = extensions.get(task_force.id)
        exemption = exemptions.get(task_force.id)
        own_due = extension.due_on if extension is not None else due_on
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


async def person_names(repos: Repositories, userids: Iterable[str | None]) -> dict[str, str]:
    """Roster names by userid; a userid missing from the roster stands for itself."""
    wanted = set(filter(None, userids))
    names = await repos.registry.names(wanted)
    return {userid: names.get(userid, userid) for userid in wanted}
