"""Shared set-up of the web console tests: the server with a console secret, logging in."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp.test_utils import TestClient
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.console.links import make_login_token
from core.clock import ManualClock
from core.messages import File, Text, ToUsers
from storage.files import FileStore
from storage.repositories import Repositories
from storage.repositories.attachments import NewAttachment
from tests.factories import outbox
from tests.fakes.harness import Harness, wecom_harness

CONSOLE_SECRET = Fernet.generate_key().decode()
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


@asynccontextmanager
async def console_harness(
    database_url: str, clock: ManualClock, **overrides: Any
) -> AsyncIterator[Harness]:
    async with wecom_harness(
        database_url, clock, console_secret=CONSOLE_SECRET, **overrides
    ) as harness:
        yield harness


def settings_of(harness: Harness):
    from bot.app import RUNTIME

    return harness.app[RUNTIME].settings


def login_link(harness: Harness, userid: str, clock: ManualClock, minutes: int = 30) -> str:
    """The path and query of a one-time login link, as `zhuanban console link` prints it."""
    token = make_login_token(settings_of(harness), userid, clock.now(), minutes)
    return "/console/login?" + urlencode({"t": token})


async def log_in(harness: Harness, userid: str, clock: ManualClock, minutes: int = 30) -> None:
    """Follow a one-time login link."""
    link = login_link(harness, userid, clock, minutes)
    response = await harness.client.get(link, allow_redirects=False)
    assert response.status == 302, await response.text()


async def csrf_of(client: TestClient, path: str = "/console/") -> str:
    """The CSRF token a page's forms carry."""
    response = await client.get(path)
    match = CSRF_FIELD.search(await response.text())
    assert match is not None
    return match.group(1)


FILL_FORM = """
(() => {
  const form = document.getElementById("checkin");
  const set = (name, value) => {
    const field = form.elements[name];
    field.value = value;
    field.dispatchEvent(new Event("input", {bubbles: true}));
  };
  form.querySelector('input[name=meeting][value="是"]').checked = true;
  set("meeting.date", "2026-11-20");
  set("progress", %(progress)s);
  form.querySelector('input[name="lagging.none"]').checked = true;
  set("problems", "无");
  set("next_plan", "推广电子税务局新功能。");
  const title = %(case_title)s;
  form.querySelector(`input[name=case][value="${title ? "是" : "否"}"]`).checked = true;
  if (title) { set("case.title", title); }
  return true;
})()
"""


def fill_form(progress: str, case_title: str = "") -> str:
    """A script that fills the web form in a browser as a contact types (met on 20
    November, nothing lagging, a case with `case_title` or none)."""
    return FILL_FORM % {"progress": json.dumps(progress), "case_title": json.dumps(case_title)}


@dataclass(frozen=True, slots=True)
class Queued:
    """An outbox message as the console tests read it: to whom, and the text or file."""

    recipient: str
    dedupe_key: str | None
    text: str = ""
    filename: str = ""
    content: bytes = b""


async def queued(sessions: async_sessionmaker[AsyncSession]) -> list[Queued]:
    """The messages to members waiting in the outbox, oldest first (one per recipient)."""
    found = []
    for message in await outbox(sessions):
        outbound = message.outbound
        if not isinstance(outbound.to, ToUsers):
            continue
        body = outbound.body
        for userid in outbound.to.userids:
            if isinstance(body, File):
                content = body.inline_bytes() or b""
                found.append(Queued(userid, message.dedupe_key, "", body.filename, content))
            elif isinstance(body, Text):
                found.append(Queued(userid, message.dedupe_key, body.text))
    return found


async def stored_attachment(
    h: Harness,
    clock: ManualClock,
    *,
    name: str = "案例材料.pdf",
    data: bytes = b"%PDF-1.4 case",
    stored: bool = True,
    task_force: str | None = "paying_taxes",
    sender: str = "tax_contact",
) -> int:
    """A file sent for the 2026Q4 paying_taxes report, as the attachment worker leaves it
    (downloaded into the store, or still pending): its id."""
    async with h.sessions() as session, session.begin():
        repos = Repositories(session)
        report = await repos.reports.report("2026Q4", "paying_taxes")
        new = NewAttachment(
            msg_key=f"msg-{name}-{task_force}",
            media_id=f"media-{name}",
            media_type="file",
            uploader=sender,
            purpose="report",
            task_force_id=task_force,
            period_id="2026Q4",
            report_id=report.id if report and task_force else None,
        )
        row = await repos.attachments.add(new, clock.now())
        assert row is not None
        if stored:
            put = FileStore(settings_of(h).files_path()).put(data, "pdf")
            await repos.attachments.stored(
                row.id,
                file_name=name,
                content_type="application/octet-stream",
                size=put.size,
                sha256=put.sha256,
                path=put.path,
                now=clock.now(),
            )
        return row.id
