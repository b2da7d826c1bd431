"""The problem list in the console: every visible problem with its colour, and one problem's
history with its evidence attachments (the same data as 问题清单 in chat)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.console import texts
from bot.console.board import recent_quarters
from bot.console.charts import Bar, bar_chart, line_chart
from bot.console.web import Refusal, View, page, record_id
from core.lights import Light
from handlers.names import person_names
from handlers.problems import texts as ptexts
from handlers.problems.common import problem_light
from handlers.problems.rates import quarter_rate, rate_line
from storage.models import Attachment, Problem
from storage.periods import reporting_quarter

RATE_QUARTERS = 4


@dataclass(frozen=True, slots=True)
class ProblemRow:
    problem: Problem
    task_force: str
    unit: str
    light: Light | None


def problem_labels() -> dict[str, Any]:
    return {
        "statuses": ptexts.STATUS_LABELS,
        "actions": ptexts.ACTION_LABELS,
        "sources": ptexts.SOURCE_LABELS,
        "lights": ptexts.LIGHT_LABELS,
    }


async def problem_rows(view: View, problems: list[Problem]) -> list[ProblemRow]:
    """The problems as the tables show them: task force, owner unit and colour."""
    units = await view.repos.problems.unit_names()
    warn = view.runtime.settings.warning_workdays
    return [
        ProblemRow(
            p,
            view.kb.task_force(p.task_force_id).name,
            units[p.owner_unit_id],
            problem_light(p, view.today(), warn),
        )
        for p in problems
    ]


@page("problems.html")
async def problems_page(request: web.Request, view: View) -> dict[str, Any]:
    """Every visible problem; `?task_force=` only that task force's (403 for another's)."""
    only = request.query.get("task_force")
    if only is not None:
        view.require(only)
    visible = [only] if only else [tf.id for tf in view.viewer.visible(view.kb)]
    problems = await view.repos.problems.listing(task_force_ids=visible)
    rows = await problem_rows(view, problems)
    quarter = await reporting_quarter(view.repos, view.today())
    counts = {colour: sum(row.light is colour for row in rows) for colour in Light}
    bars = [Bar(ptexts.LIGHT_LABELS[c], counts[c], f"light-{c.value}") for c in Light]
    trend = [
        (q.id, None if rate.percent is None else rate.percent / 100)
        for q in recent_quarters(quarter, RATE_QUARTERS)
        for rate in (quarter_rate(problems, q),)
    ]
    return {
        "rows": rows,
        "task_force": view.kb.task_force(only) if only else None,
        "counts": counts,
        "rate": rate_line(quarter_rate(problems, quarter)),
        "quarter": quarter,
        "light_chart": bar_chart(bars, texts.PROBLEM_LIGHT_CHART),
        "rate_chart": line_chart(trend, texts.PROBLEM_RATE_CHART),
        **problem_labels(),
    }


@page("problem.html")
async def problem_page(request: web.Request, view: View) -> dict[str, Any]:
    number = request.match_info["problem"]
    problem_id = record_id(number)
    problem = None if problem_id is None else await view.repos.problems.get(problem_id)
    if problem is None:
        raise Refusal(404, texts.NOT_FOUND)
    view.require(problem.task_force_id)
    events = await view.repos.problems.events(problem.id)
    attachments: dict[int, Attachment] = {}
    for event in events:
        if event.attachment_id is not None:
            found = await view.repos.attachments.get(event.attachment_id)
            if found is not None:
                attachments[found.id] = found
    units = await view.repos.problems.unit_names()
    return {
        "problem": problem,
        "task_force": view.kb.task_force(problem.task_force_id),
        "unit": units[problem.owner_unit_id],
        "light": problem_light(problem, view.today(), view.runtime.settings.warning_workdays),
        "events": events,
        "attachments": attachments,
        "names": await person_names(view.repos, (e.actor for e in events)),
        **problem_labels(),
    }
