"""What every console page shares: the login check, CSRF, the viewer, one transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp_session import Session, get_session

from bot.console import links, sessions, texts
from bot.console.viewer import Viewer, load_viewer
from bot.runtime import Runtime
from bot.wecom.client import WeComClient
from core.clock import local
from core.settings import Settings
from knowledge import KnowledgeBase
from storage.repositories import Repositories


@dataclass(frozen=True, slots=True)
class ConsoleDeps:
    """Set by `serve`'s app once its runtime and WeCom client are open."""

    runtime: Runtime
    client: WeComClient


CONSOLE = web.AppKey("console", ConsoleDeps)
WECOM_AGENT = "wxwork"
"""The WeCom client's webview names itself in the User-Agent."""


class Refusal(Exception):
    """A page that answers with a status and a Chinese explanation instead."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def forbidden(message: str = texts.FORBIDDEN) -> Refusal:
    return Refusal(403, message)


@dataclass
class View:
    """One request's page context, inside one database transaction."""

    request: web.Request
    runtime: Runtime
    repos: Repositories
    viewer: Viewer
    session: Session

    @property
    def kb(self) -> KnowledgeBase:
        return self.runtime.kb

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    def now(self) -> datetime:
        return self.runtime.clock.now()

    def today(self) -> date:
        return local(self.now()).date()

    @property
    def csrf(self) -> str:
        return str(self.session[sessions.CSRF])

    def require(self, task_force_id: str) -> None:
        if task_force_id not in {tf.id for tf in self.kb.task_forces}:
            raise Refusal(404, texts.NOT_FOUND)
        if not self.viewer.sees(task_force_id):
            raise forbidden()


Handler = Callable[[web.Request, View], Awaitable[dict[str, Any] | web.StreamResponse]]


MAX_ID = 2**31 - 1
"""The largest row id either database stores (a 32-bit INTEGER on PostgreSQL)."""
FIRST_YEAR, LAST_YEAR = 2000, 2099
"""The years a quarter or ranking may be asked for; outside them dates overflow."""


def record_id(text: str) -> int | None:
    """A row id from a path segment, or None when it cannot name a row."""
    if not text.isdigit() or len(text) > 10 or int(text) > MAX_ID:
        return None
    return int(text)


def deps(request: web.Request) -> ConsoleDeps:
    return request.config_dict[CONSOLE]


def error_page(request: web.Request, status: int, message: str) -> web.Response:
    return aiohttp_jinja2.render_template(
        "error.html", request, {"message": message, "status": status}, status=status
    )


async def _posted_token(request: web.Request) -> str | None:
    header = request.headers.get("X-CSRF-Token")
    if header:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        value = (await request.post()).get("csrf")
        return value if isinstance(value, str) else None
    return None


def page(
    template: str | None, *, office_only: bool = False
) -> Callable[[Handler], Callable[[web.Request], Awaitable[web.StreamResponse]]]:
    """A console page: 401 without a live session, 403 for someone not on the roster (or not
    the office, for `office_only`) and for a POST without the session's CSRF token."""

    def wrap(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def run(request: web.Request) -> web.StreamResponse:
            runtime = deps(request).runtime
            session = await get_session(request)
            userid = sessions.user(session, runtime.clock.now())
            if userid is None:
                return _unauthenticated(request, session)
            if request.method == "POST":
                try:
                    token = await _posted_token(request)
                except web.HTTPRequestEntityTooLarge:
                    limit = runtime.settings.attachment_max_bytes // (1024 * 1024)
                    return error_page(request, 413, texts.UPLOAD_TOO_LARGE.format(limit=limit))
                if not sessions.csrf_ok(session, token):
                    return error_page(request, 403, texts.CSRF_FAILED)
            try:
                async with runtime.sessions() as db, db.begin():
                    repos = Repositories(db)
                    viewer = await load_viewer(repos, runtime.kb, userid)
                    if viewer is None:
                        raise forbidden(texts.NOT_ON_ROSTER)
                    if office_only and not viewer.office:
                        raise forbidden(texts.OFFICE_ONLY)
                    view = View(request, runtime, repos, viewer, session)
                    result = await handler(request, view)
                    if isinstance(result, web.StreamResponse):
                        return result
                    assert template is not None
                    context = {"viewer": viewer, "csrf": view.csrf, **result}
                    return aiohttp_jinja2.render_template(template, request, context)
            except Refusal as refusal:
                return error_page(request, refusal.status, refusal.message)

        return run

    return wrap


def login_page(request: web.Request, status: int, message: str) -> web.Response:
    """How to get in: WeCom's QR-code login when the corp settings exist, and the
    one-time link from the office either way."""
    ready = links.wecom_login_ready(deps(request).runtime.settings)
    context = {"message": message, "status": status, "qr": ready, "texts": texts}
    return aiohttp_jinja2.render_template("login.html", request, context, status=status)


def _unauthenticated(request: web.Request, session: Session) -> web.StreamResponse:
    """Inside WeCom, straight to the OAuth login; elsewhere the login page (401). Either
    login comes back to the page asked for."""
    if request.method == "GET":
        session[sessions.NEXT] = request.rel_url.path_qs.removeprefix(links.PREFIX) or "/"
    in_wecom = WECOM_AGENT in request.headers.get("User-Agent", "").lower()
    ready = links.wecom_login_ready(deps(request).runtime.settings)
    if in_wecom and request.method == "GET" and ready:
        raise web.HTTPFound(links.OAUTH_PATH)
    return login_page(request, 401, texts.UNAUTHORIZED)
