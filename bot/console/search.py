"""Search across submitted reports and typical cases (Chinese text, as typed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.console import texts
from bot.console.answers import question_texts
from bot.console.web import View, page
from core.quarters import Quarter
from knowledge.normalize import fold

SNIPPET = 40
"""Characters shown either side of a hit."""
LIMIT = 100


@dataclass(frozen=True, slots=True)
class Hit:
    quarter: Quarter
    task_force_id: str
    task_force: str
    version: int
    question: str
    before: str
    match: str
    after: str


def find(text: str, query: str) -> int:
    """Where `query` occurs in `text` ignoring case and width (全角/半角); -1 when not."""
    return fold(text).find(fold(query))


@page("search.html")
async def search_page(request: web.Request, view: View) -> dict[str, Any]:
    query = request.query.get("q", "").strip()
    hits: list[Hit] = []
    if query:
        for period, tf_id, version, answers in await view.repos.history.latest_answers():
            if not view.viewer.sees(tf_id):
                continue
            for _, title, text in question_texts(answers):
                at = find(text, query)
                if at < 0:
                    continue
                end = at + len(query)
                hits.append(
                    Hit(
                        Quarter.parse(period),
                        tf_id,
                        view.kb.task_force(tf_id).name,
                        version,
                        title,
                        text[max(0, at - SNIPPET) : at],
                        text[at:end],
                        text[end : end + SNIPPET],
                    )
                )
            if len(hits) >= LIMIT:
                break
    return {"query": query, "hits": hits, "hint": "" if query else texts.SEARCH_HINT}
