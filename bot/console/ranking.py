"""The 晾晒 page: this year's ranking with the change from last year, a chart, gaps."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.console.charts import Bar, bar_chart
from bot.console.documents import selected_year
from bot.console.web import View, page
from handlers.office.documents import load_ranking
from handlers.office.scores import points


@page("ranking.html")
async def ranking_page(request: web.Request, view: View) -> dict[str, Any]:
    year = selected_year(view)
    ranking = await load_ranking(view.repos, view.kb, year)
    chart = None
    if ranking is not None:
        bars = [
            Bar(str(number), round(s.score.score, 2), "score")
            for number, s in enumerate(ranking.standings, 1)
        ]
        chart = bar_chart(bars, f"{year}年度各指标得分")
    return {"year": year, "ranking": ranking, "chart": chart, "points": points}
