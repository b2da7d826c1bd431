"""The console's pages read the same state the chat writes: board, task force history."""

from __future__ import annotations

import csv
import re
from datetime import datetime, timedelta

import pytest
from aiohttp import FormData

from core.clock import LOCAL_TZ
from handlers.office.overview import STATES
from handlers.texts import OFFICE_STATE_LABELS
from storage.repositories.registry import RosterStore
from tests.console_support import console_harness, csrf_of, log_in
from tests.factories import add_person, outbox
from tests.office_support import (
    ANSWERS,
    OFFICE,
    PEOPLE,
    POWER_CONTACT,
    TAX_CONTACT,
    TAX_LEADER,
    add_people,
    say,
    submit_report,
)
from tests.roster_files import ROSTERS

BAR = re.compile(r'<rect class="bar state-(\w+)"[^>]* height="([\d.]+)"')
ROW = re.compile(r'<tr class="state-(\w+)" data-task-force="(\w+)">')


async def test_the_board_shows_each_task_force_state_and_a_bar_per_state(
    database_url, sessions, clock, kb
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        await log_in(h, OFFICE, clock)
        page = await (await h.client.get("/console/?q=2026Q4")).text()
        rows = dict((tf, state) for state, tf in ROW.findall(page))
        assert len(rows) == len(kb.task_forces)
        assert rows["paying_taxes"] == "submitted"
        bars = BAR.findall(page)
        assert [state for state, _ in bars] == list(STATES)
        tall = [state for state, height in bars if float(height) > 0]
        assert set(tall) == set(rows.values())
        for state in set(rows.values()):
            assert OFFICE_STATE_LABELS[state] in page


async def test_a_contact_sees_only_their_task_forces_on_the_board(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        page = await (await h.client.get("/console/")).text()
        assert [tf for _, tf in ROW.findall(page)] == ["paying_taxes"]


async def test_the_board_offers_the_web_form_only_to_who_may_fill_it(
    database_url, sessions, clock
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        async with h.sessions() as session, session.begin():
            await add_person(
                session,
                userid="tax_member",
                name="税务成员",
                unit="税务局",
                now=clock.now(),
                task_forces={"paying_taxes": "member"},
            )
        form = 'href="/console/checkin/paying_taxes?q=2026Q4"'
        for userid, offered in ((TAX_CONTACT, True), (TAX_LEADER, True), ("tax_member", False)):
            await log_in(h, userid, clock)
            page = await (await h.client.get("/console/?q=2026Q4")).text()
            assert [tf for _, tf in ROW.findall(page)] == ["paying_taxes"]
            assert (form in page) is offered, userid


async def test_the_on_time_line_has_a_point_per_quarter_with_reports_due(
    database_url, sessions, clock
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now(), quarter="2026Q3")  # after its due day
        await submit_report(h.sessions, clock.now(), quarter="2026Q4")
        await log_in(h, TAX_CONTACT, clock)
        page = await (await h.client.get("/console/?q=2026Q4")).text()
        points = re.findall(r'<circle class="point"[^>]*><title>(\S+) (\d+)%</title>', page)
        assert points[-2:] == [("26Q3", "0"), ("26Q4", "100")]
        assert len(points) == 12


async def test_the_task_force_page_shows_versions_with_what_changed_and_reviews(
    database_url, sessions, clock, dispatcher
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        await say(dispatcher, clock, "退回 纳税 请补充典型案例材料")
        clock.advance(timedelta(hours=2))
        changed = ANSWERS | {"problems": "人手不足"}
        await submit_report(h.sessions, clock.now(), answers=changed)
        await log_in(h, TAX_CONTACT, clock)
        page = await (await h.client.get("/console/task-forces/paying_taxes")).text()
        assert re.findall(r'data-version="(\d+)"', page) == ["2", "1"]
        assert "<del>无</del><ins>人手不足" in page  # and, as an old answer, 列入问题清单
        assert "请补充典型案例材料" in page
        assert page.count("税务联系人") >= 2


async def test_the_units_page_lists_each_units_task_forces_and_on_time_record(
    database_url, sessions, clock, kb
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        await log_in(h, OFFICE, clock)
        page = await (await h.client.get("/console/units?q=2026Q4")).text()
        units = re.findall(r'<tr data-unit="([^"]+)">', page)
        assert "税务局" in units and len(units) == len(set(units))
        row = page[page.index('data-unit="税务局"') :]
        row = row[: row.index("</tr>")]
        led = len(kb.led_by("税务局"))
        assert re.search(r'class="on-time">(\d+)/(\d+)<', row).groups() == ("1", str(4 * led))


async def test_the_ranking_page_shows_ranks_changes_a_chart_and_missing_indicators(
    database_url, sessions, clock, kb, dispatcher
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        for line in ("成绩 2025 纳税 90 5", "成绩 2026 纳税 92.5 3", "成绩 2026 获得电力 95 1"):
            await say(dispatcher, clock, line)
        await log_in(h, TAX_CONTACT, clock)
        page = await (await h.client.get("/console/ranking?year=2026")).text()
        assert page.count('<rect class="bar score"') == 2
        indicators = re.findall(r'<tr data-indicator="([^"]+)">', page)
        assert len(indicators) == 2 and indicators[1] == kb.indicator("paying_taxes").name
        assert "+2.5" in page
        missing = re.search(r"未录入得分的指标（(\d+)项）", page).group(1)
        assert int(missing) == len(kb.indicators) - 2


async def test_search_finds_text_in_reports_the_viewer_may_see(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        page = await (await h.client.get("/console/search", params={"q": "非接触式"})).text()
        hits = re.findall(r'<div class="card hit" data-task-force="(\w+)">', page)
        assert hits == ["paying_taxes", "paying_taxes"]  # 工作推进情况 and 典型案例
        assert "<mark>非接触式</mark>" in page
        h.client.session.cookie_jar.clear()
        await log_in(h, POWER_CONTACT, clock)
        page = await (await h.client.get("/console/search", params={"q": "非接触式"})).text()
        assert "card hit" not in page


async def _preview(h, clock, roster_file: str) -> str:
    """Log in as the office and upload a roster file; the preview page."""
    await add_people(h.sessions, clock.now())
    await log_in(h, OFFICE, clock)
    data = FormData(quote_fields=False)  # as browsers send a file name: UTF-8
    data.add_field("csrf", await csrf_of(h.client, "/console/roster"))
    data.add_field("file", (ROSTERS / roster_file).read_bytes(), filename=f"名册{roster_file}")
    return await (await h.client.post("/console/roster/preview", data=data)).text()


async def test_the_roster_import_previews_changes_and_applies_only_on_confirm(
    database_url, sessions, clock
):
    async with console_harness(database_url, clock) as h:
        page = await _preview(h, clock, "good_small.csv")
        assert re.findall(r'<li class="change">', page) and "确认导入" in page
        before = await _roster_userids(h.sessions)
        assert OFFICE.lower() in before
        form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
        done = await h.client.post("/console/roster/confirm", data=form)
        assert done.status == 200
        with (ROSTERS / "good_small.csv").open(encoding="utf-8") as file:
            in_file = {row["企业微信账号"].lower() for row in csv.DictReader(file)}
        assert await _roster_userids(h.sessions) == in_file
        assert set(re.findall(r'<tr data-userid="([^"]+)">', await done.text())) == in_file


async def test_a_roster_imported_at_night_tells_the_office_in_the_morning(
    database_url, sessions, clock
):
    clock.set(datetime(2026, 12, 9, 21, 0, tzinfo=LOCAL_TZ))  # a Wednesday evening
    async with console_harness(database_url, clock) as h:
        page = await _preview(h, clock, "good_small.csv")
        form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
        assert (await h.client.post("/console/roster/confirm", data=form)).status == 200
    [notice] = [row for row in await outbox(sessions) if row.source == "roster"]
    assert notice.next_attempt_at >= datetime(2026, 12, 10, 9, 1, tzinfo=LOCAL_TZ)


async def test_a_bad_roster_file_lists_its_row_errors_and_changes_nothing(
    database_url, sessions, clock
):
    async with console_harness(database_url, clock) as h:
        page = await _preview(h, clock, "unknown_role.csv")
        problems = re.findall(r'<li class="problem">([^<]+)</li>', page)
        assert any("第2行" in p and "组长" in p for p in problems)
        assert "确认导入" not in page
        assert await _roster_userids(h.sessions) == {person[0].lower() for person in PEOPLE}


async def _roster_userids(sessions, original: bool = False) -> set[str]:
    async with sessions() as session:
        people = await RosterStore(session).active_roster()
    return {p.userid for p in people.values()} if original else set(people)


@pytest.mark.parametrize(
    "path",
    [
        "/console/?q=9999Q4",
        "/console/documents/quarter.docx?q=9999Q4",
        "/console/problems/99999999999999999999",
        "/console/attachments/99999999999999999999",
    ],
)
async def test_an_out_of_range_quarter_or_id_is_a_page_not_a_crash(
    database_url, sessions, clock, path
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, OFFICE, clock)
        response = await h.client.get(path)
        assert response.status in (400, 404), path
        assert "季度" in await response.text() or response.status == 404
