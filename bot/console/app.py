"""The console sub-application: templates, the session cookie, assets and every route."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import aiohttp_jinja2
import aiohttp_session
import jinja2
from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from bot.console import (
    attachments,
    board,
    checkin,
    documents,
    login,
    problems,
    ranking,
    roster,
    search,
    sessions,
    targets,
    taskforce,
    units,
)
from bot.console.links import PREFIX
from core.clock import local
from core.settings import Settings

PACKAGE = Path(__file__).parent


def console_app(settings: Settings) -> web.Application:
    """Mounted by `create_app` at /console when ZHUANBAN_CONSOLE_SECRET is set."""
    app = web.Application(middlewares=[security_headers, upload_limit(max_upload(settings))])
    aiohttp_session.setup(app, sessions.storage(settings))
    environment = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(PACKAGE / "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
    )
    environment.globals["prefix"] = PREFIX
    environment.filters["localtime"] = localtime
    add_routes(app.router)
    return app


FILES_AT_ONCE = 5


def max_upload(settings: Settings) -> int:
    """A form's body: up to five files of the attachment limit at once (the case material
    and report files, or a roster), and the answers; the rest of `serve` keeps the
    callback's small body limit, which the root app's requests carry."""
    return FILES_AT_ONCE * settings.attachment_max_bytes + 1024 * 1024


SECURITY_HEADERS = {
    # Everything is served from here: no CDN, no inline script, no framing by other sites.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # Pages show reports and the roster: no copy in shared caches or the back button.
    "Cache-Control": "no-store",
}


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:  # redirects and errors carry them too
        error.headers.update(SECURITY_HEADERS)
        raise
    response.headers.update(SECURITY_HEADERS)
    return response


def upload_limit(limit: int) -> Middleware:
    @web.middleware
    async def run(request: web.Request, handler: Handler) -> web.StreamResponse:
        return await handler(request.clone(client_max_size=limit))

    return run


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/", board.board, name="board")
    router.add_get("/task-forces/{task_force}", taskforce.task_force_page, name="task_force")
    router.add_get(
        r"/attachments/{attachment:\d+}", attachments.attachment_download, name="attachment"
    )
    router.add_get("/units", units.units_page, name="units")
    router.add_get("/problems", problems.problems_page, name="problems")
    router.add_get("/problems/{problem}", problems.problem_page, name="problem")
    router.add_get("/ranking", ranking.ranking_page, name="ranking")
    router.add_get("/search", search.search_page, name="search")
    router.add_get("/roster", roster.roster_page, name="roster")
    router.add_post("/roster/preview", roster.roster_preview, name="roster_preview")
    router.add_post("/roster/confirm", roster.roster_confirm, name="roster_confirm")
    router.add_get("/targets", targets.targets_page, name="targets")
    router.add_post("/targets/preview", targets.targets_preview, name="targets_preview")
    router.add_post("/targets/confirm", targets.targets_confirm, name="targets_confirm")
    router.add_get("/checkin/{task_force}", checkin.checkin_form, name="checkin")
    router.add_post("/checkin/{task_force}/save", checkin.checkin_save, name="checkin_save")
    router.add_post("/checkin/{task_force}/submit", checkin.checkin_submit, name="checkin_submit")
    router.add_get("/documents/quarter.docx", documents.quarter_download, name="quarter_docx")
    router.add_post("/documents/quarter", documents.quarter_send, name="quarter_send")
    router.add_get("/documents/ranking.docx", documents.ranking_download, name="ranking_docx")
    router.add_post("/documents/ranking", documents.ranking_send, name="ranking_send")
    router.add_get("/login", login.login_link, name="login")
    router.add_get("/auth", login.oauth_start, name="auth")
    router.add_get("/auth/qr", login.qr_start, name="auth_qr")
    router.add_get("/auth/callback", login.oauth_callback, name="auth_callback")
    router.add_post("/logout", login.logout, name="logout")
    router.add_static("/static/", PACKAGE / "static", name="static")


def localtime(when: datetime | None) -> str:
    """2026-11-25 10:07 in Asia/Shanghai."""
    return "" if when is None else local(when).strftime("%Y-%m-%d %H:%M")
