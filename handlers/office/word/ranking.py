"""生成晾晒通报: the annual ranking of the evaluation scores as a Word document."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from handlers import texts
from handlers.names import listing
from handlers.office.scores import Ranking, points
from handlers.office.word.render import fill, template_path

TEMPLATE = "ranking_report.docx"


def filename(ranking: Ranking) -> str:
    return texts.DOC_RANKING_FILENAME.format(year=ranking.year)


def ranking_context(ranking: Ranking, today: date) -> dict[str, Any]:
    return {
        "title": texts.DOC_RANKING_TITLE.format(year=ranking.year),
        "summary": texts.DOC_RANKING_SUMMARY.format(
            year=ranking.year, scored=len(ranking.standings), unscored=len(ranking.unscored)
        ),
        "standings": [
            {
                "no": number,
                "name": standing.name,
                "leads": standing.leads,
                "score": points(standing.score.score),
                "rank": standing.score.rank or "",
                "change": standing.change(),
            }
            for number, standing in enumerate(ranking.standings, 1)
        ],
        "unscored": (
            texts.DOC_RANKING_UNSCORED.format(names=listing(ranking.unscored))
            if ranking.unscored
            else ""
        ),
        "signature": texts.DOC_SIGNATURE.format(day=f"{today.year}年{today.month}月{today.day}日"),
    }


def ranking_report(ranking: Ranking, today: date, office_dir: Path | None = None) -> bytes:
    return fill(template_path(TEMPLATE, office_dir), ranking_context(ranking, today))
