"""Who sees what in the web console: every route tried as every role."""

from __future__ import annotations

from datetime import date

import pytest

from bot.console.app import console_app
from core.problems import ProblemSource
from storage.repositories import Repositories
from storage.repositories.problems import NewProblem
from tests.console_support import (
    CONSOLE_SECRET,
    console_harness,
    csrf_of,
    log_in,
    stored_attachment,
)
from tests.office_support import (
    OFFICE,
    OUTSIDER,
    POWER_CONTACT,
    TAX_CONTACT,
    TAX_LEADER,
    add_people,
    submit_report,
)

ANY, OWN, FILLER, OFFICE_ONLY = "any", "own", "filler", "office"
"""Open to everyone on the roster; to the paying_taxes task force's people; to those who may
fill its report (its lead unit's contact and 分管领导); to the office."""

ROUTES = [
    ("GET", "/console/", ANY),
    ("GET", "/console/task-forces/paying_taxes", OWN),
    ("GET", "/console/attachments/{attachment}", OWN),
    ("GET", "/console/units", ANY),
    ("GET", "/console/problems", ANY),
    ("GET", "/console/problems?task_force=paying_taxes", OWN),
    ("GET", "/console/problems/1", OWN),
    ("GET", "/console/ranking?year=2026", ANY),
    ("GET", "/console/search?q=纳税", ANY),
    ("GET", "/console/roster", OFFICE_ONLY),
    ("POST", "/console/roster/preview", OFFICE_ONLY),
    ("POST", "/console/roster/confirm", OFFICE_ONLY),
    ("GET", "/console/targets", OFFICE_ONLY),
    ("POST", "/console/targets/preview", OFFICE_ONLY),
    ("POST", "/console/targets/confirm", OFFICE_ONLY),
    ("GET", "/console/checkin/paying_taxes", FILLER),
    ("POST", "/console/checkin/paying_taxes/save", FILLER),
    ("POST", "/console/checkin/paying_taxes/submit", FILLER),
    ("GET", "/console/documents/quarter.docx", OFFICE_ONLY),
    ("POST", "/console/documents/quarter", OFFICE_ONLY),
    ("GET", "/console/documents/ranking.docx?year=2026", OFFICE_ONLY),
    ("POST", "/console/documents/ranking?year=2026", OFFICE_ONLY),
]
"""Every page, with the paying_taxes task force where a route names one (and a stored
attachment of its report)."""

OPEN_ROUTES = {"/login", "/auth", "/auth/qr", "/auth/callback", "/logout", "/static"}
"""Routes that work before login (logout checks its own CSRF token)."""

ROLES = {
    OFFICE: {ANY: 200, OWN: 200, FILLER: 403, OFFICE_ONLY: 200},
    TAX_LEADER: {ANY: 200, OWN: 200, FILLER: 200, OFFICE_ONLY: 403},
    TAX_CONTACT: {ANY: 200, OWN: 200, FILLER: 200, OFFICE_ONLY: 403},
    POWER_CONTACT: {ANY: 200, OWN: 403, FILLER: 403, OFFICE_ONLY: 403},
    OUTSIDER: {ANY: 200, OWN: 403, FILLER: 403, OFFICE_ONLY: 403},
}


def test_the_route_table_covers_every_console_route(settings):
    settings = settings.model_copy(update={"console_secret": CONSOLE_SECRET})
    app = console_app(settings)
    registered = {
        resource.canonical.rstrip("/") or "/"
        for resource in app.router.resources()
        if resource.canonical.rstrip("/") not in OPEN_ROUTES
    }
    tested = {
        path.removeprefix("/console")
        .split("?")[0]
        .replace("paying_taxes", "{task_force}")
        .replace("/problems/1", "/problems/{problem}")
        or "/"
        for _, path, _ in ROUTES
    }
    assert registered <= tested, registered - tested


@pytest.mark.parametrize("userid", list(ROLES))
async def test_every_route_as_each_role(database_url, sessions, clock, userid):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        await record_score(h.sessions, clock.now())
        attachment = await stored_attachment(h, clock)
        await add_problem(h.sessions, clock.now())
        await log_in(h, userid, clock)
        token = await csrf_of(h.client)
        for method, path, kind in ROUTES:
            data = {"csrf": token} if method == "POST" else None
            path = path.format(attachment=attachment)
            response = await h.client.request(method, path, data=data, allow_redirects=False)
            assert response.status == ROLES[userid][kind], (userid, method, path)


async def test_anonymous_gets_401_everywhere(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        for method, path, _ in ROUTES:
            path = path.format(attachment=1)
            response = await h.client.request(method, path, allow_redirects=False)
            assert response.status == 401, (method, path)


async def test_a_post_without_the_csrf_token_is_refused(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, OFFICE, clock)
        for method, path, _ in ROUTES:
            if method == "POST":
                response = await h.client.post(path, data={"csrf": "forged"})
                assert response.status == 403, path


async def add_problem(sessions, now) -> None:
    """Problem 1, of paying_taxes (税务局)."""
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        unit = (await repos.problems.unit_ids(["税务局"]))["税务局"]
        new = NewProblem(
            "paying_taxes", unit, "办税排队", date(2026, 12, 31), ProblemSource.OFFICE
        )
        await repos.problems.create(new, OFFICE, now)


async def record_score(sessions, now) -> None:
    async with sessions() as session, session.begin():
        await Repositories(session).scores.record(
            2026, "paying_taxes", score=92.5, rank=3, userid=OFFICE, now=now
        )


async def test_every_page_forbids_framing_caching_and_outside_scripts(
    database_url, sessions, clock
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        anonymous = await h.client.get("/console/")
        await log_in(h, OFFICE, clock)
        board = await h.client.get("/console/")
        for response in (anonymous, board):
            policy = response.headers["Content-Security-Policy"]
            assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
            assert response.headers["Cache-Control"] == "no-store"
            assert response.headers["Referrer-Policy"] == "same-origin"
