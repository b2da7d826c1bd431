"""The quarter's targets in a check-in: put in the draft from the year's plan when the report
is opened, and written to the targets' results when it is submitted (docs/targets.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.lights import Progress
from core.quarters import Quarter
from core.reports import ReportStatus
from handlers.checkin import spec
from storage.models import Report, ReportVersion, Target
from storage.repositories import Repositories
from storage.repositories.targets import ReportedResult

QUESTION = next(question for question in spec.QUESTIONS if question.seeded)
KEY = QUESTION.key


def target_name(target: Target) -> str:
    return f"{target.task}：{target.target}"


def _items(current: list[dict[str, Any]], targets: list[Target]) -> list[dict[str, Any]]:
    """The draft's items for `targets`, numbered in order; what was said about a target
    still planned is kept."""
    said = {item.get("id"): item for item in current}
    items = []
    for number, target in enumerate(targets, start=1):
        item = dict(said.get(target.id) or {})
        item.update({"no": number, "id": target.id, "name": target_name(target)})
        items.append(item)
    return items


async def seed(repos: Repositories, report: Report, quarter: Quarter) -> None:
    """Bring the draft's targets in line with the plan (the office may import targets while
    a draft is open); a quarter without targets has no targets question. An accepted report
    is left as the office accepted it."""
    if report.status == ReportStatus.ACCEPTED:
        return
    targets = await repos.targets.of_quarter(quarter.year, quarter.number, report.task_force_id)
    current = list(report.answers.get(KEY) or ())
    items = _items(current, targets)
    if items == current:
        return
    answers = {key: value for key, value in report.answers.items() if key != KEY}
    if items:
        answers[KEY] = items
    report.answers = answers


async def record(
    repos: Repositories, report: Report, version: ReportVersion, userid: str, now: datetime
) -> None:
    """The submitted version's answer about each target, as that target's latest result
    (a target the office removed since the draft was opened is skipped)."""
    items = [item for item in version.answers.get(KEY) or () if item.get("progress")]
    if not items:
        return
    quarter = Quarter.parse(report.period_id)
    planned = await repos.targets.of_quarter(quarter.year, quarter.number, report.task_force_id)
    still = {target.id for target in planned}
    items = [item for item in items if item["id"] in still]
    files = {a.media_id: a.id for a in await repos.attachments.for_reports([report.id])}
    results = [
        ReportedResult(
            target_id=item["id"],
            progress=Progress(item["progress"]),
            evidence=item.get("evidence"),
            attachment_id=files.get(item.get("attachment") or ""),
        )
        for item in items
    ]
    await repos.targets.record_results(
        results, report_id=report.id, version=version.version, userid=userid, now=now
    )
