"""生成季度汇报: the quarter's report to the leadership as a Word document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from core.reports import ProgressState
from handlers import targets, texts
from handlers.names import short_name
from handlers.office.overview import STATES, Overview, days_late
from handlers.office.word.render import fill, template_path
from handlers.problems import rates as problem_rates
from handlers.problems import texts as ptexts
from handlers.problems.rates import RateSummary
from handlers.targets import TargetView

TEMPLATE = "quarter_report.docx"


def filename(overview: Overview) -> str:
    return texts.DOC_QUARTER_FILENAME.format(quarter=overview.quarter.label)


def _lagging(answers: dict[str, Any]) -> str:
    items = answers.get("lagging") or []
    return "、".join(f"{item['no']}. {item['name']}" for item in items) or texts.DOC_NONE


def _targets(overview: Overview, views: Sequence[TargetView]) -> list[dict[str, Any]]:
    """A row per task force with targets this quarter: counts and 按期完成率."""
    rows = []
    for row in overview.rows:
        own = [view for view in views if view.target.task_force_id == row.task_force.id]
        if own:
            counts = targets.progress_counts(own)
            rate = targets.rate(own, overview.today).text()
            rows.append(
                {"name": short_name(row.task_force), "count": len(own), "rate": rate, **counts}
            )
    return [{"no": number, **found} for number, found in enumerate(rows, 1)]


def quarter_context(
    overview: Overview,
    today: date,
    views: Sequence[TargetView] = (),
    rates: RateSummary | None = None,
) -> dict[str, Any]:
    """What the template shows: title, summary, state counts, per task force, late, cases,
    the quarter's targets (`views`) with their 按期完成率, and the problem list's 按期销号率
    (overall and per task force)."""
    target_rows = _targets(overview, views)
    quarter = overview.quarter
    counts = overview.counts()
    reported = counts[ProgressState.SUBMITTED] + counts[ProgressState.ACCEPTED]
    rows = overview.rows
    late = [row for row in rows if days_late(row, overview.today) > 0]
    cases = [
        (row, row.answers["case"]["title"])
        for row in rows
        if (row.answers.get("case") or {}).get("formed") and row.answers["case"].get("title")
    ]
    return {
        "title": texts.DOC_QUARTER_TITLE.format(quarter=quarter.label),
        "summary": texts.DOC_QUARTER_SUMMARY.format(
            day=f"{today.month}月{today.day}日",
            total=len(rows),
            reported=reported,
            pending=len(overview.pending),
            late=len(late),
            cases=len(cases),
        ),
        "states": [
            {"label": texts.OFFICE_STATE_LABELS[state], "count": counts[state]} for state in STATES
        ],
        "task_forces": [
            {
                "no": number,
                "name": short_name(row.task_force),
                "state": texts.OFFICE_STATE_LABELS[row.state],
                "progress": row.answers.get("progress", texts.DOC_NOT_REPORTED),
                "lagging": _lagging(row.answers) if row.latest is not None else "",
            }
            for number, row in enumerate(rows, 1)
        ],
        "late": [
            {
                "no": number,
                "name": short_name(row.task_force),
                "state": texts.OFFICE_STATE_LABELS[row.state],
                "days": days_late(row, overview.today) or "",
            }
            for number, row in enumerate(late, 1)
        ],
        "late_note": "" if late else texts.DOC_NONE,
        "cases": [
            {"no": number, "name": short_name(row.task_force), "title": title}
            for number, (row, title) in enumerate(cases, 1)
        ],
        "cases_note": "" if cases else texts.DOC_NONE,
        "targets": target_rows,
        "targets_note": (
            texts.DOC_TARGETS_RATE.format(rate=targets.rate(views, overview.today).text())
            if target_rows
            else texts.DOC_NONE
        ),
        "problem_rate": (
            problem_rates.rate_line(rates.total)
            if rates is not None and rates.total.due
            else ptexts.DOC_RATE_NONE
        ),
        "problem_rates": [
            {
                "name": row.name,
                "due": row.rate.due,
                "on_time": row.rate.on_time,
                "rate": problem_rates.percent_text(row.rate),
            }
            for row in (rates.task_forces if rates is not None else ())
        ],
        "signature": texts.DOC_SIGNATURE.format(day=f"{today.year}年{today.month}月{today.day}日"),
    }


def quarter_report(
    overview: Overview,
    today: date,
    office_dir: Path | None = None,
    views: Sequence[TargetView] = (),
    rates: RateSummary | None = None,
) -> bytes:
    context = quarter_context(overview, today, views, rates)
    return fill(template_path(TEMPLATE, office_dir), context)
