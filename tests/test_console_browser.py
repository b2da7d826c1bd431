"""The console in headless Chromium at 375 px: log in by link, board chart, the web form."""

from __future__ import annotations

from datetime import date

import pytest

from core.problems import ProblemSource
from handlers.office.overview import STATES
from storage.repositories import Repositories
from storage.repositories.problems import NewProblem
from tests.browser import phone
from tests.console_support import console_harness, fill_form, login_link, stored_attachment
from tests.office_support import ANSWERS, OFFICE, TAX_CONTACT, add_people, submit_report
from tests.targets_support import TAXES_Q4, load_targets, sheet

PHONE_WIDTH = 375
NO_SIDEWAYS_SCROLL = f"document.documentElement.scrollWidth <= {PHONE_WIDTH}"
"""A mobile browser widens its layout viewport to the content, so compare with the phone."""
WIDE = (  # set through the CSSOM: the console's CSP refuses inline style attributes
    "(() => { const wide = document.createElement('div'); wide.style.width = '600px';"
    " wide.textContent = 'x'; document.body.append(wide); return true; })()"
)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_contact_on_a_phone_logs_in_sees_the_chart_and_submits_the_form(
    database_url, sessions, clock, kb
):
    async with console_harness(database_url, clock) as h, phone(PHONE_WIDTH) as page:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now(), task_force_id="getting_electricity")
        await submit_report(h.sessions, clock.now(), quarter="2026Q3")
        await stored_attachment(h, clock, name="纳税服务“非接触式”办税典型案例材料（定稿）.pdf")
        await page.goto(str(h.client.make_url("/console/")))  # the login page
        assert await page.evaluate("document.querySelectorAll('a.qr-login').length") == 1
        assert await page.evaluate(NO_SIDEWAYS_SCROLL)
        await page.goto(str(h.client.make_url(login_link(h, TAX_CONTACT, clock))))
        assert await page.evaluate("location.pathname") == "/console/"
        bars = await page.evaluate("document.querySelectorAll('svg.chart rect.bar').length")
        assert bars == len(STATES)
        width = await page.evaluate(
            "document.querySelector('svg.chart').getBoundingClientRect().width"
        )
        assert 0 < width <= PHONE_WIDTH
        assert await page.evaluate("window.innerWidth") == PHONE_WIDTH
        assert await page.evaluate(NO_SIDEWAYS_SCROLL)
        await page.evaluate(WIDE)
        assert not await page.evaluate(NO_SIDEWAYS_SCROLL)  # the check does see an overflow

        await page.goto(str(h.client.make_url("/console/task-forces/paying_taxes")))
        assert await page.evaluate("document.querySelectorAll('tr.attachment a').length") == 1
        assert await page.evaluate(NO_SIDEWAYS_SCROLL)
        for path in ("/console/units", "/console/ranking", "/console/search?q=纳税"):
            await page.goto(str(h.client.make_url(path)))
            assert await page.evaluate(NO_SIDEWAYS_SCROLL), path

        await page.goto(str(h.client.make_url("/console/checkin/paying_taxes")))
        assert await page.evaluate(NO_SIDEWAYS_SCROLL)
        await page.evaluate(fill_form(ANSWERS["progress"]))
        saved = await page.wait_for("document.getElementById('save-status').textContent")
        assert "已保存草稿" in saved
        await page.submit("#submit")
        notice = await page.evaluate("document.getElementById('notice').textContent")
        assert "第1版" in notice
        assert await page.evaluate(NO_SIDEWAYS_SCROLL)

        await page.goto(str(h.client.make_url(login_link(h, OFFICE, clock))))
        for path in ("/console/", "/console/roster", "/console/task-forces/paying_taxes"):
            await page.goto(str(h.client.make_url(path)))
            assert await page.evaluate(NO_SIDEWAYS_SCROLL), path

    async with sessions() as session:
        report = await Repositories(session).reports.report("2026Q4", "paying_taxes")
    assert report.status == "submitted" and report.version == 1
    assert report.answers["progress"] == ANSWERS["progress"]
    assert report.answers["lagging"] == [] and report.answers["benchmark"] is None


HIDDEN_WHEN_PRINTED = """
[...document.querySelectorAll('.top nav, .top .logout, form.actions, form.upload, button')]
  .every(el => getComputedStyle(el).display === 'none')
"""


async def _prints_without_controls(page, path: str, shown: str) -> None:
    """On screen the controls show; printed, they are left out and `shown` is not, and the
    page makes a PDF."""
    assert not await page.evaluate(HIDDEN_WHEN_PRINTED), path
    await page.send("Emulation.setEmulatedMedia", media="print")
    assert await page.evaluate(HIDDEN_WHEN_PRINTED), path
    visible = f"getComputedStyle(document.querySelector('{shown}')).display !== 'none'"
    assert await page.evaluate(visible), path
    printed = await page.send("Page.printToPDF")
    assert len(printed["data"]) > 1000, path
    await page.send("Emulation.setEmulatedMedia", media="")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_pages_print_without_the_controls(database_url, sessions, clock, kb):
    """From a PC the office prints the board and a task force's page: the navigation,
    logout and buttons are left out, the charts and the tables are not."""
    async with console_harness(database_url, clock) as h, phone(PHONE_WIDTH) as page:
        await add_people(h.sessions, clock.now())
        await submit_report(h.sessions, clock.now())
        await stored_attachment(h, clock)
        await page.goto(str(h.client.make_url(login_link(h, OFFICE, clock))))
        for path, shown in (
            ("/console/", "svg.chart rect.bar"),
            ("/console/task-forces/paying_taxes", "tr.attachment"),
        ):
            await page.goto(str(h.client.make_url(path)))
            await _prints_without_controls(page, path, shown)


BENEFITS = "符合条件的纳税人缴费人全部享受优惠" * 3
LONG_TARGET = f"2026,纳税,税费优惠政策直达快享,4,{BENEFITS},税务局,"
"""A long quarterly target: a phone's table must wrap it."""


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_targets_and_problems_fit_a_phone_print_and_link_from_the_task_force(
    database_url, sessions, clock, kb, tmp_path
):
    """The year's targets and the problem list at 375 px and on paper, and the task force's
    page showing its targets (plan and what was done) and its open problems in colour."""
    async with console_harness(database_url, clock) as h, phone(PHONE_WIDTH) as page:
        await add_people(h.sessions, clock.now())
        loaded = await load_targets(h.sessions, kb, clock, sheet(tmp_path, *TAXES_Q4, LONG_TARGET))
        assert not loaded.problems, loaded.problems
        for task_force, title, due in (
            ("paying_taxes", "办税窗口排队时间过长，群众反映集中", date(2026, 11, 20)),
            ("paying_taxes", "电子税务局部分事项无法全程网办", date(2026, 11, 27)),
            ("paying_taxes", "跨部门涉税数据共享不及时", date(2026, 12, 31)),
            ("getting_electricity", "低压接电时间偏长", date(2026, 12, 31)),
        ):
            await add_problem(h.sessions, clock.now(), task_force, title, due)
        await page.goto(str(h.client.make_url(login_link(h, OFFICE, clock))))
        for path, shown in (
            ("/console/targets", "tr[data-target]"),
            ("/console/problems", "tr[data-problem]"),
            ("/console/task-forces/paying_taxes", "#problems tr[data-problem]"),
        ):
            await page.goto(str(h.client.make_url(path)))
            assert await page.evaluate(NO_SIDEWAYS_SCROLL), path
            await _prints_without_controls(page, path, shown)

        # The task force's page (still open): its own open problems with their colours.
        lights = "[...document.querySelectorAll('#problems tr')].map(r => r.dataset.light)"
        assert await page.evaluate(lights) == [None, "red", "yellow", "green"]  # header first
        colours = (
            "new Set([...document.querySelectorAll('#problems tr[data-problem] .badge')]"
            ".map(b => getComputedStyle(b).backgroundColor)).size"
        )
        assert await page.evaluate(colours) == 3
        planned = "document.querySelectorAll('#targets tr[data-target]').length"
        assert await page.evaluate(planned) == len(TAXES_Q4) + 1
        await page.submit('#targets a[href*="/targets#tf-paying_taxes"]')
        assert await page.evaluate("location.hash") == "#tf-paying_taxes"
        assert await page.evaluate("document.getElementById('tf-paying_taxes') !== null")
        await page.goto(str(h.client.make_url("/console/task-forces/paying_taxes")))
        await page.submit('#problems a[href$="problems?task_force=paying_taxes"]')
        listed = "[...document.querySelectorAll('tr[data-problem]')].map(r => r.dataset.problem)"
        assert await page.evaluate(listed) == ["1", "2", "3"]  # not 获得电力's
        assert await page.evaluate(NO_SIDEWAYS_SCROLL)


async def add_problem(sessions, now, task_force: str, title: str, due: date) -> None:
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        units = await repos.problems.unit_ids([unit_of[task_force]])
        new = NewProblem(task_force, units[unit_of[task_force]], title, due, ProblemSource.OFFICE)
        await repos.problems.create(new, OFFICE, now)


unit_of = {"paying_taxes": "税务局", "getting_electricity": "工信局"}
