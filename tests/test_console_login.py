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
        assert texts.OAUTH_STATE_MISMATCH["oauth"] in await wrong.text()
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
        assert texts.OAUTH_CODE_EXPIRED["oauth"] in await replay.text()
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


CHROME = {"User-Agent": "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0"}
QR_LINK = 'href="/console/auth/qr"'


async def _scan(h, userid: str | None) -> str:
    """Choose 企业微信扫码登录 and scan: the callback's path and query WeCom sends back to."""
    start = await h.client.get("/console/auth/qr", headers=CHROME, allow_redirects=False)
    assert start.status == 302
    back = urlsplit(h.api.web_login(start.headers["Location"], userid))
    assert back.path == "/console/auth/callback"
    return f"{back.path}?{back.query}"


async def test_a_pc_browser_logs_in_by_scanning_the_qr_code(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        page = await h.client.get("/console/task-forces/paying_taxes", headers=CHROME)
        assert page.status == 401
        text = await page.text()
        assert QR_LINK in text and texts.LOGIN_LINK_HELP in text
        start = await h.client.get("/console/auth/qr", allow_redirects=False)
        location = urlsplit(start.headers["Location"])
        query = parse_qs(location.query)
        assert query["login_type"] == ["CorpApp"] and query["appid"] == [
            settings_of(h).wecom_corp_id
        ]
        assert query["agentid"] == [settings_of(h).wecom_agent_id]
        assert query["redirect_uri"][0].endswith("/console/auth/callback")
        callback = await _scan(h, TAX_CONTACT)
        done = await h.client.get(callback, allow_redirects=False)
        assert done.status == 302
        assert done.headers["Location"] == "/console/task-forces/paying_taxes"
        assert (await h.client.get("/console/task-forces/paying_taxes")).status == 200
        code = parse_qs(urlsplit(callback).query)["code"]
        assert [r.query["code"] for r in h.api.requests if r.path == "auth/getuserinfo"] == code


async def test_a_scanned_code_works_once_and_needs_its_state(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        callback = await _scan(h, OFFICE)
        assert (await h.client.get(callback, allow_redirects=False)).status == 302
        h.client.session.cookie_jar.clear()
        replayed = urlsplit(callback)
        fresh = parse_qs(urlsplit(await _scan(h, OFFICE)).query)["state"][0]
        old_code = parse_qs(replayed.query)["code"][0]
        replay = await h.client.get(
            replayed.path, params={"code": old_code, "state": fresh}, allow_redirects=False
        )
        assert replay.status == 401
        assert texts.OAUTH_CODE_EXPIRED["qr"] in await replay.text()
        assert (await h.client.get("/console/")).status == 401
        forged = urlsplit(await _scan(h, OFFICE))
        code = parse_qs(forged.query)["code"][0]
        mismatch = await h.client.get(forged.path, params={"code": code, "state": "guessed"})
        assert mismatch.status == 403
        assert texts.OAUTH_STATE_MISMATCH["qr"] in await mismatch.text()
        stranger = await h.client.get(await _scan(h, None))
        assert stranger.status == 403 and texts.OAUTH_NOT_MEMBER in await stranger.text()


async def test_without_wecom_settings_the_login_page_explains_the_link(
    database_url, sessions, clock
):
    async with console_harness(database_url, clock, wecom_agent_id="") as h:
        page = await h.client.get("/console/", headers=CHROME)
        assert page.status == 401
        text = await page.text()
        assert QR_LINK not in text and texts.LOGIN_LINK_HELP in text
        refused = await h.client.get("/console/auth/qr", allow_redirects=False)
        assert refused.status == 401 and texts.OAUTH_UNAVAILABLE in await refused.text()
        inside = await h.client.get(
            "/console/", headers={"User-Agent": "wxwork/4.1"}, allow_redirects=False
        )
        assert inside.status == 401  # no OAuth to send them to
        landing = await h.client.get("/console/login")
        assert landing.status == 200 and texts.LOGIN_LINK_HELP in await landing.text()


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
