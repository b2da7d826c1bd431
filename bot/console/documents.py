"""The 季度汇报 and 晾晒通报 as Word files: downloaded, or sent into the office member's chat."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.console import texts
from bot.console.attachments import disposition
from bot.console.board import selected_quarter
from bot.console.web import FIRST_YEAR, LAST_YEAR, Refusal, View, page
from handlers.office.documents import load_ranking, quarter_content
from handlers.office.overview import load_overview
from handlers.office.word import quarter as quarter_doc
from handlers.office.word import ranking as ranking_doc
from handlers.texts import DOC_RANKING_NO_SCORES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def _quarter(view: View) -> tuple[str, bytes]:
    overview = await load_overview(
        view.repos,
        view.kb,
        await selected_quarter(view),
        view.today(),
        view.settings.report_due_day,
    )
    content = await quarter_content(view.repos, overview, view.today(), view.settings)
    return quarter_doc.filename(overview), content


def selected_year(view: View) -> int:
    asked = view.request.query.get("year", "")
    if asked.isdigit() and len(asked) == 4 and FIRST_YEAR <= int(asked) <= LAST_YEAR:
        return int(asked)
    return view.today().year


async def _ranking(view: View) -> tuple[str, bytes]:
    year = selected_year(view)
    ranking = await load_ranking(view.repos, view.kb, year)
    if ranking is None:
        raise Refusal(404, DOC_RANKING_NO_SCORES.format(year=year))
    content = ranking_doc.ranking_report(
        ranking, view.today(), view.settings.document_templates_dir
    )
    return ranking_doc.filename(ranking), content


def _download(filename: str, content: bytes) -> web.Response:
    return web.Response(
        body=content,
        content_type=DOCX,
        headers={"Content-Disposition": disposition(filename)},
    )


async def _send(view: View, filename: str, content: bytes) -> dict[str, Any]:
    await view.repos.outbox.enqueue_file(
        view.viewer.userid, filename, content, source="console.document", now=view.now()
    )
    return {"message": texts.DOCUMENT_SENT.format(filename=filename), "status": 200}


@page(None, office_only=True)
async def quarter_download(request: web.Request, view: View) -> web.StreamResponse:
    return _download(*await _quarter(view))


@page("error.html", office_only=True)
async def quarter_send(request: web.Request, view: View) -> dict[str, Any]:
    return await _send(view, *await _quarter(view))


@page(None, office_only=True)
async def ranking_download(request: web.Request, view: View) -> web.StreamResponse:
    return _download(*await _ranking(view))


@page("error.html", office_only=True)
async def ranking_send(request: web.Request, view: View) -> dict[str, Any]:
    return await _send(view, *await _ranking(view))
