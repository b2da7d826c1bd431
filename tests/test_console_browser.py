"""The console in headless Chromium at 375 px: log in by link, board chart, the web form."""

from __future__ import annotations

import json

import pytest

from handlers.office.overview import STATES
from storage.repositories import Repositories
from tests.browser import phone
from tests.console_support import console_harness, login_link, stored_attachment
from tests.office_support import ANSWERS, OFFICE, TAX_CONTACT, add_people, submit_report

PHONE_WIDTH = 375
NO_SIDEWAYS_SCROLL = f"document.documentElement.scrollWidth <= {PHONE_WIDTH}"
"""A mobile browser widens its layout viewport to the content, so compare with the phone."""
WIDE = (  # set through the CSSOM: the console's CSP refuses inline style attributes
    "(() => { const wide = document.createElement('div'); wide.style.width = '600px';"
    " wide.textContent = 'x'; document.body.append(wide); return true; })()"
)

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
  form.querySelector('input[name=case][value="否"]').checked = true;
  return true;
})()
"""


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
        await page.evaluate(FILL_FORM % {"progress": json.dumps(ANSWERS["progress"])})
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
[...document.querySelectorAll('.top nav, .top .logout, form.actions, button')]
  .every(el => getComputedStyle(el).display === 'none')
"""


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
            assert not await page.evaluate(HIDDEN_WHEN_PRINTED), path  # on screen: shown
            await page.send("Emulation.setEmulatedMedia", media="print")
            assert await page.evaluate(HIDDEN_WHEN_PRINTED), path
            visible = f"getComputedStyle(document.querySelector('{shown}')).display !== 'none'"
            assert await page.evaluate(visible), path
            printed = await page.send("Page.printToPDF")
            assert len(printed["data"]) > 1000, path
            await page.send("Emulation.setEmulatedMedia", media="")
