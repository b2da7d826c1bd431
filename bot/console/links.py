"""One-time signed login links and the OAuth2 authorize URL (docs/console.md).

A login link carries a Fernet token (AES-128-CBC + HMAC-SHA256 under ZHUANBAN_CONSOLE_SECRET)
holding the userid, a random nonce and an expiry; the nonce is spent on use, so a link works
once. Times come from the injected clock, never from Fernet's own timestamp check.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

from cryptography.fernet import Fernet, InvalidToken

from core.settings import Settings

PREFIX = "/console"
LOGIN_PATH = f"{PREFIX}/login"
OAUTH_PATH = f"{PREFIX}/auth"
OAUTH_CALLBACK_PATH = f"{PREFIX}/auth/callback"
QR_LOGIN_PATH = f"{PREFIX}/auth/qr"
AUTHORIZE_URL = "https://open.weixin.qq.com/connect/oauth2/authorize"
WEB_LOGIN_URL = "https://login.work.weixin.qq.com/wwlogin/sso/login"
"""WeCom's Web login (扫码登录) page, for a PC browser outside the WeCom client."""
DEFAULT_LINK_MINUTES = 30


def new_key() -> str:
    """A fresh value for ZHUANBAN_CONSOLE_SECRET."""
    return Fernet.generate_key().decode("ascii")


def fernet(settings: Settings) -> Fernet:
    return Fernet(settings.console_secret.encode("ascii"))


def base_url(settings: Settings) -> str:
    """Where the console is reached: ZHUANBAN_PUBLIC_URL, else this host's port."""
    return settings.public_url.rstrip("/") or f"http://127.0.0.1:{settings.port}"


def console_url(settings: Settings, path: str = "/") -> str:
    """A page's full address for a chat message: {public url}/console{path}."""
    return base_url(settings) + PREFIX + path


@dataclass(frozen=True, slots=True)
class LinkClaim:
    userid: str
    nonce: str
    next_path: str


def make_login_token(
    settings: Settings, userid: str, now: datetime, minutes: int, next_path: str = "/"
) -> str:
    expires = now + timedelta(minutes=minutes)
    payload = {
        "u": userid,
        "n": secrets.token_hex(16),
        "e": int(expires.timestamp()),
        "p": next_path,
    }
    token = fernet(settings).encrypt_at_time(json.dumps(payload).encode(), int(now.timestamp()))
    return token.decode("ascii")


def login_url(settings: Settings, token: str) -> str:
    return base_url(settings) + LOGIN_PATH + "?" + urlencode({"t": token})


def read_login_token(settings: Settings, token: str, now: datetime) -> LinkClaim | None:
    """The claim of an authentic, unexpired token; None otherwise (forged, tampered, late)."""
    try:
        payload = json.loads(fernet(settings).decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError, UnicodeEncodeError):
        return None
    if not isinstance(payload, dict) or payload.get("e", 0) < now.timestamp():
        return None
    return LinkClaim(str(payload["u"]), str(payload["n"]), safe_next(payload.get("p")))


def safe_next(path: object) -> str:
    """A path inside the console to go to after login; anything else becomes the board."""
    if isinstance(path, str) and path.startswith("/") and not path.startswith("//"):
        return path
    return "/"


def new_state() -> str:
    """The OAuth state: [a-zA-Z0-9], at most 128 bytes (WeCom's rule), unguessable."""
    return secrets.token_hex(16)


def wecom_login_ready(settings: Settings) -> bool:
    """Whether the corp settings a WeCom login needs (its code exchange too) are there."""
    return bool(settings.wecom_corp_id and settings.wecom_agent_id and settings.wecom_secret)


def web_login_url(settings: Settings, state: str) -> str:
    """The QR-code login page for a PC browser (the redirect form, no wwlogin script):
    WeCom returns to the same callback with a code for auth/getuserinfo."""
    query = urlencode(
        {
            "login_type": "CorpApp",
            "appid": settings.wecom_corp_id,
            "agentid": settings.wecom_agent_id,
            "redirect_uri": base_url(settings) + OAUTH_CALLBACK_PATH,
            "state": state,
        },
        quote_via=quote,
    )
    return f"{WEB_LOGIN_URL}?{query}"


def authorize_url(settings: Settings, state: str) -> str:
    """The snsapi_base authorize link (works inside the WeCom client only)."""
    redirect = base_url(settings) + OAUTH_CALLBACK_PATH
    query = urlencode(
        {
            "appid": settings.wecom_corp_id,
            "redirect_uri": redirect,
            "response_type": "code",
            "scope": "snsapi_base",
            "state": state,
            "agentid": settings.wecom_agent_id,
        },
        quote_via=quote,
    )
    return f"{AUTHORIZE_URL}?{query}#wechat_redirect"
