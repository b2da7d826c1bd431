"""Logging in to the web console: one-time links, WeCom OAuth, sessions, CSRF."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError

from bot.console import texts
from bot.console.links import make_login_token
from core.settings import Settings
from tests.console_support import CONSOLE_SECRET, console_harness, csrf_of, log_in, settings_of
from tests.office_support import OFFICE, OUTSIDER, TAX_CONTACT, add_people


async def test_a_login_link_works_once(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        token = make_login_token(settings_of(h), TAX_CONTACT, clock.now(), 30)
        first = await h.client.get("/console/login", params={"t": token}, allow_redirects=False)
        assert first.status == 302
        cookie = first.cookies["zhuanban_console"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert cookie["path"] == "/console"
        assert (await h.client.get("/console/")).status == 200
        h.client.session.cookie_jar.clear()
        again = await h.client.get("/console/login", params={"t": token}, allow_redirects=False)
        assert again.status == 403
        assert texts.LINK_USED in await again.text()
        assert (await h.client.get("/console/")).status == 401


async def test_expired_tampered_and_foreign_links_are_refused(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        token = make_login_token(settings_of(h), TAX_CONTACT, clock.now(), 5)
        clock.advance(timedelta(minutes=6))
        late = await h.client.get("/console/login", params={"t": token}, allow_redirects=False)
        assert late.status == 401
        tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
        forged = await h.client.get("/console/login", params={"t": tampered})
        assert forged.status == 401
        outsider = make_login_token(settings_of(h), "nobody_here", clock.now(), 5)
        unknown = await h.client.get("/console/login", params={"t": outsider})
        assert unknown.status == 403
        assert texts.NOT_ON_ROSTER in await unknown.text()


async def test_the_session_ends_after_its_hours(database_url, sessions, clock):
    async with console_harness(database_url, clock, console_session_hours=2) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, OFFICE, clock)
        clock.advance(timedelta(hours=1, minutes=59))
        assert (await h.client.get("/console/")).status == 200
        clock.advance(timedelta(minutes=2))
        assert (await h.client.get("/console/")).status == 401


async def test_logout_needs_the_csrf_token(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, OFFICE, clock)
        token = await csrf_of(h.client)
        refused = await h.client.post("/console/logout", data={"csrf": "forged"})
        assert refused.status == 403
        assert (await h.client.get("/console/")).status == 200
        done = await h.client.post("/console/logout", data={"csrf": token})
        assert done.status == 200
        assert (await h.client.get("/console/")).status == 401


async def _authorize(h, user_agent: str = "Mozilla/5.0 wxwork/4.1") -> str:
    """Open the console inside WeCom: redirected to the authorize URL; its state."""
    first = await h.client.get(
        "/console/", headers={"User-Agent": user_agent}, allow_redirects=False
    )
    assert first.status == 302 and first.headers["Location"] == "/console/auth"
    second = await h.client.get("/console/auth", allow_redirects=False)
    assert second.status == 302
    location = urlsplit(second.headers["Location"])
    assert location.netloc == "open.weixin.qq.com" and location.fragment == "wechat_redirect"
    query = parse_qs(location.query)
    assert query["scope"] == ["snsapi_base"]
    assert query["appid"] == [settings_of(h).wecom_corp_id]
    assert query["agentid"] == [settings_of(h).wecom_agent_id]
    assert query["redirect_uri"][0].endswith("/console/auth/callback")
    return query["state"][0]


async def test_oauth_logs_a_member_in_with_a_checked_state(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        state = await _authorize(h)
        code = h.api.oauth_code(TAX_CONTACT)
        wrong = await h.client.get(
            "/console/auth/callback", params={"code": code, "state": state + "x"}
        )
        assert wrong.status == 403
        assert texts.OAUTH_STATE_MISMATCH in await wrong.text()
        state = await _authorize(h)
        done = await h.client.get(
            "/console/auth/callback", params={"code": code, "state": state}, allow_redirects=False
        )
        assert done.status == 302 and done.headers["Location"] == "/console/"
        assert (await h.client.get("/console/")).status == 200
        assert [r.query["code"] for r in h.api.requests if r.path == "auth/getuserinfo"] == [code]


async def test_an_oauth_code_is_single_use_and_outsiders_are_refused(
    database_url, sessions, clock
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        code = h.api.oauth_code(OFFICE)
        state = await _authorize(h)
        await h.client.get("/console/auth/callback", params={"code": code, "state": state})
        h.client.session.cookie_jar.clear()
        state = await _authorize(h)
        replay = await h.client.get(
            "/console/auth/callback", params={"code": code, "state": state}
        )
        assert replay.status == 401
        assert texts.OAUTH_CODE_EXPIRED in await replay.text()
        state = await _authorize(h)
        stranger = h.api.oauth_code(None)
        response = await h.client.get(
            "/console/auth/callback", params={"code": stranger, "state": state}
        )
        assert response.status == 403
        assert texts.OAUTH_NOT_MEMBER in await response.text()
        state = await _authorize(h)
        late = h.api.oauth_code(OUTSIDER)
        clock.advance(timedelta(minutes=6))
        expired = await h.client.get(
            "/console/auth/callback", params={"code": late, "state": state}
        )
        assert expired.status == 401


async def test_outside_wecom_an_anonymous_visit_gets_401(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        response = await h.client.get("/console/", headers={"User-Agent": "Mozilla/5.0 Chrome"})
        assert response.status == 401
        assert texts.UNAUTHORIZED in await response.text()


def _cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ZHUANBAN_")} | {
        "ZHUANBAN_DATABASE_URL": database_url,
        "ZHUANBAN_CONSOLE_SECRET": CONSOLE_SECRET,
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_console_link_prints_a_login_url_that_works(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        done = await asyncio.to_thread(_cli, database_url, "link", "--as", "tax_CONTACT")
        assert done.returncode == 0, done.stderr
        url = urlsplit(done.stdout.strip())
        assert url.path == "/console/login"
        login = await h.client.get(url.path + "?" + url.query, allow_redirects=False)
        assert login.status == 302
        refused = await asyncio.to_thread(_cli, database_url, "link", "--as", "nobody_here")
        assert refused.returncode != 0 and "nobody_here" in refused.stderr


def test_console_key_prints_a_fernet_key():
    done = _cli("sqlite+aiosqlite:///unused.db", "key")
    assert done.returncode == 0
    Fernet(done.stdout.strip().encode())


def test_a_console_secret_that_is_no_key_is_refused_at_start():
    with pytest.raises(ValidationError, match="console key"):
        Settings(_env_file=None, console_secret="not-a-key")
    assert Settings(_env_file=None, console_secret=CONSOLE_SECRET).console_secret
