"""The problem list in the web console: colours, visibility by task force, a problem's
history with its evidence file."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.app import RUNTIME
from core.messages import Kind
from tests.chat import incoming
from tests.console_support import console_harness, log_in
from tests.office_support import OFFICE, POWER_CONTACT, TAX_CONTACT, add_people
from tests.problem_support import add_power_people


async def _world(h, clock) -> None:
    await add_people(h.sessions, clock.now())
    await add_power_people(h.sessions, clock.now())
    for text in (
        "交办 获得电力 工信局 2026-11-30 线路改造",
        "交办 纳税 税务局 2027-03-31 办税排队",
    ):
        await h.app[RUNTIME].dispatcher.feed(incoming(clock, OFFICE, text))
    clock.advance(timedelta(minutes=1))
    await h.app[RUNTIME].dispatcher.feed(incoming(clock, POWER_CONTACT, "MEDIA-9", kind=Kind.FILE))
    clock.advance(timedelta(minutes=1))
    await h.app[RUNTIME].dispatcher.feed(
        incoming(clock, POWER_CONTACT, "申请销号 1 已完成线路改造")
    )
    clock.advance(timedelta(days=7))  # 2 December: problem 1 is overdue


def _lights(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-problem="(\d+)" data-light="(\w+)"', page))


async def test_the_office_sees_every_problem_with_its_colour(database_url, engine, clock):
    async with console_harness(database_url, clock) as h:
        await _world(h, clock)
        await log_in(h, OFFICE, clock)
        page = await (await h.client.get("/console/problems")).text()
        assert _lights(page) == {"1": "red", "2": "green"}
        assert "红灯1" in page
        assert len(re.findall(r'<rect class="bar light-', page)) == 3  # red, yellow, green
        assert page.count('<circle class="point"') == 1  # only 2026Q4 has a problem due


async def test_a_contact_sees_only_their_task_forces(database_url, engine, clock):
    async with console_harness(database_url, clock) as h:
        await _world(h, clock)
        await log_in(h, TAX_CONTACT, clock)
        page = await (await h.client.get("/console/problems")).text()
        assert _lights(page) == {"2": "green"}
        assert (await h.client.get("/console/problems/1")).status == 403
        assert (await h.client.get("/console/problems/99")).status == 404


async def test_a_problems_history_and_evidence(database_url, engine, clock):
    async with console_harness(database_url, clock) as h:
        await _world(h, clock)
        await log_in(h, POWER_CONTACT, clock)
        page = await (await h.client.get("/console/problems/1")).text()
        actions = re.findall(r'data-action="(\w+)"', page)
        assert actions == ["assign", "request_close"]
        assert "已完成线路改造" in page and 'data-attachment="' in page


async def test_the_task_force_page_lists_its_open_problems_and_links_to_all(
    database_url, engine, clock
):
    async with console_harness(database_url, clock) as h:
        await _world(h, clock)
        await log_in(h, POWER_CONTACT, clock)
        own = await (await h.client.get("/console/task-forces/getting_electricity")).text()
        assert _lights(own) == {"1": "red"}
        assert 'href="/console/problems?task_force=getting_electricity"' in own
        await h.app[RUNTIME].dispatcher.feed(incoming(clock, OFFICE, "销号 1"))
        own = await (await h.client.get("/console/task-forces/getting_electricity")).text()
        assert _lights(own) == {}  # closed: no longer open
        listed = await h.client.get("/console/problems", params={"task_force": POWER})
        assert _lights(await listed.text()) == {"1": "closed"}
        other = await h.client.get("/console/problems", params={"task_force": "paying_taxes"})
        assert other.status == 403
        unknown = await h.client.get("/console/problems", params={"task_force": "nothing"})
        assert unknown.status == 404


POWER = "getting_electricity"
