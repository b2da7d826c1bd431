"""The check-in web form: the chat's validation, draft, submission and notices."""

from __future__ import annotations

import re
from datetime import datetime

from core.clock import LOCAL_TZ
from handlers.checkin.render import titles
from storage.repositories import Repositories
from tests.console_support import console_harness, csrf_of, log_in, queued
from tests.office_support import ANSWERS, OFFICE, TAX_CONTACT, TAX_LEADER, add_people, say

FORM = "/console/checkin/paying_taxes"
FILLED = {
    "meeting": "是",
    "meeting.date": "2026-11-20",
    "progress": ANSWERS["progress"],
    "lagging.no": "2",
    "lagging.2.reason": "系统升级延迟",
    "lagging.2.measure": "12月底前完成切换",
    "problems": "无",
    "next_plan": "推广电子税务局新功能。",
    "case": "是",
    "case.title": "非接触式办税典型案例",
}


async def _report(sessions):
    async with sessions() as session:
        repos = Repositories(session)
        report = await repos.reports.report("2026Q4", "paying_taxes")
        versions = await repos.reports.versions(report.id) if report else []
        return report, versions


async def test_autosave_stores_what_validates_and_hints_the_rest(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        token = await csrf_of(h.client, FORM)
        response = await h.client.post(
            f"{FORM}/save",
            data={"meeting": "是", "meeting.date": "2026-12-20", "progress": "推进中"},
            headers={"X-CSRF-Token": token},
        )
        result = await response.json()
        assert result["saved"] == ["meeting"]
        assert set(result["errors"]) == {"meeting.date", "progress"}
        assert "20" in result["errors"]["progress"]  # the chat's minimum of 20 characters
        report, versions = await _report(h.sessions)
        assert report.answers == {"meeting": {"held": True}} and versions == []
        assert report.editor == TAX_CONTACT


async def test_submitting_the_form_stores_the_same_report_as_the_chat(
    database_url, sessions, clock
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        token = await csrf_of(h.client, FORM)
        page = await (await h.client.post(f"{FORM}/submit", data=FILLED | {"csrf": token})).text()
        assert "第1版" in re.search(r'id="notice">([^<]*)', page).group(1)
        report, versions = await _report(h.sessions)
        assert report.status == "submitted" and [v.version for v in versions] == [1]
        expected = ANSWERS | {
            "problems": {"text": "无"},
            "case": {"formed": True, "title": "非接触式办税典型案例"},
        }
        expected["case"]["media_id"] = None
        assert versions[0].answers == expected
        # One notice to each person, keyed by the submission and what the notice is for.
        notices = {(m.dedupe_key.rsplit(":", 1)[0], m.recipient) for m in await queued(h.sessions)}
        assert ("checkin:2026Q4:paying_taxes:v1:office", OFFICE) in notices
        assert ("checkin:2026Q4:paying_taxes:v1:leaders", TAX_LEADER) in notices


async def test_an_incomplete_form_keeps_what_was_entered_and_says_what_is_missing(
    database_url, sessions, clock
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        token = await csrf_of(h.client, FORM)
        partial = {k: v for k, v in FILLED.items() if k not in ("next_plan", "problems")}
        page = await (await h.client.post(f"{FORM}/submit", data=partial | {"csrf": token})).text()
        assert titles()["progress"] in page
        assert "2项" in re.search(r'id="notice">([^<]*)', page).group(1)
        assert ANSWERS["progress"] in page  # what was typed is shown again
        report, versions = await _report(h.sessions)
        assert versions == [] and report.answers["progress"] == ANSWERS["progress"]


async def test_a_locked_quarter_takes_no_web_edits(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        assert (await h.client.get(FORM)).status == 200  # opens the 2026Q4 period
        clock.set(datetime(2027, 1, 20, 9, 0, tzinfo=LOCAL_TZ))
        await log_in(h, TAX_CONTACT, clock)
        response = await h.client.get(FORM + "?q=2026Q4")
        assert response.status == 403
        assert "锁定" in await response.text()


async def test_the_form_names_who_is_filling_in_chat(database_url, sessions, clock, dispatcher):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await say(dispatcher, clock, "填报", TAX_LEADER)
        await log_in(h, TAX_CONTACT, clock)
        page = await (await h.client.get(FORM)).text()
        assert "税务分管领导正在填报" in page
        token = await csrf_of(h.client, FORM)
        await h.client.post(f"{FORM}/save", data={"progress": ANSWERS["progress"], "csrf": token})
        report, _ = await _report(h.sessions)
        assert report.editor == TAX_CONTACT  # saving takes the report over


async def test_the_form_marks_a_problem_for_the_list_as_the_chat_does(
    database_url, sessions, clock
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        token = await csrf_of(h.client, FORM)
        page = await (await h.client.get(FORM)).text()
        assert 'name="problems.listed"' in page
        marked = FILLED | {"problems": "办税大厅窗口人手不足", "problems.listed": "是"}
        await h.client.post(f"{FORM}/submit", data=marked | {"csrf": token})
        report, _ = await _report(h.sessions)
        assert report.status == "submitted"
        assert report.answers["problems"] == {"text": "办税大厅窗口人手不足", "listed": True}
