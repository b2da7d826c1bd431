"""Logging in: a one-time link (PC browsers, tests) or WeCom OAuth2 snsapi_base, and out."""

from __future__ import annotations

import hashlib
import logging

from aiohttp import web
from aiohttp_session import get_session, new_session

from bot.console import links, sessions, texts
from bot.console.viewer import load_viewer
from bot.console.web import deps, error_page
from bot.wecom.client import WeComError
from storage.repositories import Repositories

log = logging.getLogger(__name__)

INVALID_CODE = 40029


async def _enter(request: web.Request, userid: str, nonce_key: str, next_path: str):
    """Spend the single-use key and start a session for a roster person."""
    runtime = deps(request).runtime
    now = runtime.clock.now()
    async with runtime.sessions() as db, db.begin():
        repos = Repositories(db)
        if not await repos.nonces.spend(nonce_key, now):
            return error_page(request, 403, texts.LINK_USED)
        viewer = await load_viewer(repos, userid)
    if viewer is None:
        return error_page(request, 403, texts.NOT_ON_ROSTER)
    session = await new_session(request)
    sessions.start(session, viewer.userid, now, runtime.settings.console_session_hours)
    log.info("console login", extra={"userid": viewer.userid})
    raise web.HTTPFound(links.PREFIX + links.safe_next(next_path))


async def login_link(request: web.Request) -> web.StreamResponse:
    runtime = deps(request).runtime
    claim = links.read_login_token(
        runtime.settings, request.query.get("t", ""), runtime.clock.now()
    )
    if claim is None:
        return error_page(request, 401, texts.LINK_INVALID)
    return await _enter(request, claim.userid, f"link:{claim.nonce}", claim.next_path)


async def oauth_start(request: web.Request) -> web.StreamResponse:
    settings = deps(request).runtime.settings
    if not settings.wecom_corp_id:
        return error_page(request, 401, texts.OAUTH_UNAVAILABLE)
    session = await get_session(request)
    state = links.new_state()
    session[sessions.STATE] = state
    raise web.HTTPFound(links.authorize_url(settings, state))


async def oauth_callback(request: web.Request) -> web.StreamResponse:
    session = await get_session(request)
    expected = session.pop(sessions.STATE, None)
    next_path = session.pop(sessions.NEXT, "/")
    code = request.query.get("code", "")
    if not expected or request.query.get("state") != expected or not code:
        return error_page(request, 403, texts.OAUTH_STATE_MISMATCH)
    try:
        userid = await deps(request).client.oauth_userid(code)
    except WeComError as error:
        if error.errcode == INVALID_CODE:
            return error_page(request, 401, texts.OAUTH_CODE_EXPIRED)
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
