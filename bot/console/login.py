"""Logging in: WeCom OAuth2 snsapi_base inside the client, WeCom's QR-code Web login in a PC
browser, or a one-time link (PC browsers without WeCom settings, tests); and out."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from aiohttp import web
from aiohttp_session import get_session, new_session

from bot.console import links, sessions, texts
from bot.console.viewer import load_viewer
from bot.console.web import deps, error_page, login_page
from bot.wecom.client import WeComError
from core.settings import Settings
from storage.repositories import Repositories

log = logging.getLogger(__name__)

INVALID_CODE = 40029
OAUTH, QR = "oauth", "qr"
"""How the person logs in with WeCom: inside its client, or by scanning on a PC."""


async def _enter(request: web.Request, userid: str, nonce_key: str, next_path: str):
    """Spend the single-use key and start a session for a roster person."""
    runtime = deps(request).runtime
    now = runtime.clock.now()
    async with runtime.sessions() as db, db.begin():
        repos = Repositories(db)
        if not await repos.nonces.spend(nonce_key, now):
            return error_page(request, 403, texts.LINK_USED)
        viewer = await load_viewer(repos, runtime.kb, userid)
    if viewer is None:
        return error_page(request, 403, texts.NOT_ON_ROSTER)
    session = await new_session(request)
    sessions.start(session, viewer.userid, now, runtime.settings.console_session_hours)
    log.info("console login", extra={"userid": viewer.userid})
    raise web.HTTPFound(links.PREFIX + links.safe_next(next_path))


async def login_link(request: web.Request) -> web.StreamResponse:
    """A one-time link's landing; without a token, the login page."""
    runtime = deps(request).runtime
    if "t" not in request.query:
        return login_page(request, 200, "")
    claim = links.read_login_token(
        runtime.settings, request.query.get("t", ""), runtime.clock.now()
    )
    if claim is None:
        return error_page(request, 401, texts.LINK_INVALID)
    return await _enter(request, claim.userid, f"link:{claim.nonce}", claim.next_path)


async def _start(
    request: web.Request, url: Callable[[Settings, str], str], via: str
) -> web.StreamResponse:
    """Off to WeCom with a fresh state kept in the (pre-login) session."""
    settings = deps(request).runtime.settings
    if not links.wecom_login_ready(settings):
        return error_page(request, 401, texts.OAUTH_UNAVAILABLE)
    session = await get_session(request)
    state = links.new_state()
    session[sessions.STATE] = state
    session[sessions.VIA] = via
    raise web.HTTPFound(url(settings, state))


async def oauth_start(request: web.Request) -> web.StreamResponse:
    """Inside the WeCom client: the silent snsapi_base authorize."""
    return await _start(request, links.authorize_url, OAUTH)


async def qr_start(request: web.Request) -> web.StreamResponse:
    """In a PC browser: WeCom's QR-code Web login, scanned with the WeCom app."""
    return await _start(request, links.web_login_url, QR)


async def oauth_callback(request: web.Request) -> web.StreamResponse:
    """Both logins come back here with `code` and `state`; the code is spent once."""
    session = await get_session(request)
    expected = session.pop(sessions.STATE, None)
    via = session.pop(sessions.VIA, OAUTH)
    next_path = session.pop(sessions.NEXT, "/")
    code = request.query.get("code", "")
    if not expected or request.query.get("state") != expected or not code:
        return error_page(request, 403, texts.OAUTH_STATE_MISMATCH[via])
    try:
        userid = await deps(request).client.oauth_userid(code)
    except WeComError as error:
        if error.errcode == INVALID_CODE:
            return error_page(request, 401, texts.OAUTH_CODE_EXPIRED[via])
        raise web.HTTPServiceUnavailable(text=str(error)) from error
    if userid is None:
        return error_page(request, 403, texts.OAUTH_NOT_MEMBER)
    digest = hashlib.sha256(code.encode()).hexdigest()
    return await _enter(request, userid, f"code:{digest}", next_path)


async def logout(request: web.Request) -> web.StreamResponse:
    session = await get_session(request)
    if not sessions.csrf_ok(session, (await request.post()).get("csrf")):  # type: ignore[arg-type]
        return error_page(request, 403, texts.CSRF_FAILED)
    session.invalidate()
    return error_page(request, 200, texts.LOGGED_OUT)
