"""The quarter board: every visible task force's state, due day, lateness, and two charts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.console import texts
from bot.console.charts import Bar, bar_chart, line_chart
from bot.console.web import FIRST_YEAR, LAST_YEAR, Refusal, View, page
from core.quarters import Quarter
from handlers.office.overview import STATES, Row, days_late, load_overview
from handlers.texts import OFFICE_STATE_LABELS
from storage.periods import reporting_quarter

TREND_QUARTERS = 12


@dataclass(frozen=True, slots=True)
class BoardRow:
    row: Row
    days_late: int
    """Days past the due day: of the submission when late, of today while still owed."""


async def selected_quarter(view: View) -> Quarter:
    asked = view.request.query.get("q")
    if not asked:
        return await reporting_quarter(view.repos, view.today())
    try:
        quarter = Quarter.parse(asked)
    except ValueError as error:
        raise Refusal(400, texts.BAD_QUARTER) from error
    if not FIRST_YEAR <= quarter.year <= LAST_YEAR:
        raise Refusal(400, texts.BAD_QUARTER)
    return quarter


def recent_quarters(last: Quarter, count: int = TREND_QUARTERS) -> list[Quarter]:
    """`count` quarters up to `last`, oldest first."""
    quarters = [last]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    return quarters


async def on_time_trend(view: View, last: Quarter) -> list[tuple[str, float | None]]:
    """On-time rate (first submission by the due day) of the visible task forces, by quarter."""
    quarters = recent_quarters(last)
    ids = [q.id for q in quarters]
    visible = [tf.id for tf in view.viewer.visible(view.kb)]
    first = await view.repos.history.first_submissions(ids)
    exempt = await view.repos.history.exempted(ids)
    points: list[tuple[str, float | None]] = []
    for quarter in quarters:
        owing = [tf for tf in visible if (quarter.id, tf) not in exempt]
        on_time = sum(1 for tf in owing if first.get((quarter.id, tf)) is False)
        points.append(
            (f"{quarter.year % 100}Q{quarter.number}", on_time / len(owing) if owing else None)
        )
    return points


@page("board.html")
async def board(request: web.Request, view: View) -> dict[str, Any]:
    quarter = await selected_quarter(view)
    overview = await load_overview(
        view.repos,
        view.kb,
        quarter,
        view.today(),
        view.settings.report_due_day,
        task_forces=view.viewer.visible(view.kb),
    )
    counts = overview.counts()
    bars = [Bar(OFFICE_STATE_LABELS[state], counts[state], f"state-{state}") for state in STATES]
    trend = await on_time_trend(view, quarter)
    return {
        "quarter": quarter,
        "overview": overview,
        "rows": [BoardRow(row, days_late(row, overview.today)) for row in overview.rows],
        "counts": counts,
        "states": STATES,
        "labels": OFFICE_STATE_LABELS,
        "state_chart": bar_chart(bars, "各状态专班数"),
        "trend_chart": line_chart(trend, "按季度按时报送率"),
        "previous": quarter.previous(),
        "next": quarter.next(),
    }
