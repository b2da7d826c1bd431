"""The console's session: an encrypted (Fernet), HttpOnly, SameSite=Lax cookie with expiry.

aiohttp-session keeps the data in the cookie itself; the expiry stored inside is checked
against the injected clock, so a stolen old cookie is refused even if the browser kept it.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from aiohttp_session import Session
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from bot.console.links import PREFIX, fernet
from core.settings import Settings

COOKIE = "zhuanban_console"
USER = "uid"
EXPIRES = "exp"
CSRF = "csrf"
STATE = "oauth_state"
VIA = "oauth_via"
NEXT = "next"
ROSTER_UPLOAD = "roster_upload"


def storage(settings: Settings) -> EncryptedCookieStorage:
    return EncryptedCookieStorage(
        fernet(settings),
        cookie_name=COOKIE,
        max_age=settings.console_session_hours * 3600,
        path=PREFIX,
        secure=settings.public_url.startswith("https://"),
        httponly=True,
        samesite="Lax",
    )


def start(session: Session, userid: str, now: datetime, hours: int) -> None:
    """A fresh session for `userid` (a new CSRF token; nothing from before login kept)."""
    session.invalidate()
    session[USER] = userid
    session[EXPIRES] = (now + timedelta(hours=hours)).timestamp()
    session[CSRF] = secrets.token_urlsafe(24)


def user(session: Session, now: datetime) -> str | None:
    """The logged-in userid while the session lasts."""
    userid: Any = session.get(USER)
    if not isinstance(userid, str) or session.get(EXPIRES, 0) < now.timestamp():
        return None
    return userid


def csrf_ok(session: Session, token: str | None) -> bool:
    expected = session.get(CSRF)
    if not token or not isinstance(expected, str):
        return False
    return hmac.compare_digest(expected, token)
