"""The console's targets: an import with the chat's preview and 确认, the year's targets
with their colours on the targets page and the task force's page, for the office only."""

from __future__ import annotations

import re

from aiohttp import FormData

from core.lights import Progress
from storage.repositories import Repositories
from tests.console_support import console_harness, csrf_of, log_in
from tests.office_support import OFFICE, TAX_CONTACT, add_people
from tests.targets_support import TAXES_Q4, load_targets, sheet, target_count
from tests.test_console_checkin import FILLED, FORM

LIGHT_BAR = re.compile(r'<rect class="bar light-(\w+)"[^>]*><title>\S+ (\d+)</title>')
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


async def repos_report(sessions):
    async with sessions() as session:
        return await Repositories(session).reports.report("2026Q4", "paying_taxes")


async def _preview(h, clock, path) -> str:
    await add_people(h.sessions, clock.now())
    await log_in(h, OFFICE, clock)
    data = FormData(quote_fields=False)
    data.add_field("csrf", await csrf_of(h.client, "/console/targets"))
    data.add_field("file", path.read_bytes(), filename="2026年目标.csv")
    return await (await h.client.post("/console/targets/preview", data=data)).text()


async def test_the_office_imports_targets_on_the_console_and_sees_them(
    database_url, sessions, clock, tmp_path
):
    async with console_harness(database_url, clock) as h:
        page = await _preview(h, clock, sheet(tmp_path, *TAXES_Q4))
        [line] = re.findall(r'<li class="change">([^<]+)</li>', page)
        assert "纳税指标专班" in line and "季度目标 3 条" in line
        assert await target_count(h.sessions) == 0
        form = dict(HIDDEN.findall(page))
        done = await (await h.client.post("/console/targets/confirm", data=form)).text()
        assert "年度目标已导入" in done
        assert await target_count(h.sessions) == 3
        assert len(re.findall(r"<tr data-target=", done)) == 3
        assert "light-red" in done  # the third quarter's target, due 09-30, is overdue
        bars = dict(
            re.findall(r'<rect class="bar light-(\w+)"[^>]*><title>\S+ (\d+)</title>', done)
        )
        assert bars == {"green": "2", "yellow": "0", "red": "1"}
        own = await (await h.client.get("/console/task-forces/paying_taxes")).text()
        assert 'id="targets"' in own and "非接触式办税占比达到95%" in own


async def test_a_bad_targets_file_lists_row_errors_and_writes_nothing(
    database_url, sessions, clock, tmp_path
):
    async with console_harness(database_url, clock) as h:
        page = await _preview(h, clock, sheet(tmp_path, "2026,纳税,任务,九,目标,,"))
        problems = re.findall(r'<li class="problem">([^<]+)</li>', page)
        assert any("第2行" in p and "季度“九”" in p for p in problems)
        assert "确认导入" not in page and await target_count(h.sessions) == 0


async def test_the_targets_page_is_the_offices(database_url, sessions, clock):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        response = await h.client.get("/console/targets")
        assert response.status == 403


async def test_the_check_in_form_asks_the_quarters_targets_and_submits_their_results(
    database_url, sessions, clock, kb, tmp_path
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await load_targets(h.sessions, kb, clock, sheet(tmp_path, *TAXES_Q4))
        await log_in(h, TAX_CONTACT, clock)
        form = await (await h.client.get(FORM)).text()
        assert "季度目标完成情况" in form and "非接触式办税占比达到95%" in form
        assert 'name="targets.1.progress" value="部分完成"' in form
        assert "完成办税流程梳理" not in form  # the third quarter's
        token = await csrf_of(h.client, FORM)
        answers = FILLED | {
            "csrf": token,
            "targets.1.progress": "完成",
            "targets.1.evidence": "已上线非接触式办税平台",
            "targets.2.progress": "未完成",
            "targets.2.evidence": "跨部门数据尚未打通",
        }
        data = FormData(quote_fields=False)
        for key, value in answers.items():
            data.add_field(key, value)
        data.add_field("targets.2.attachment", "月份,办税时间\n10,112\n", filename="测算表.csv")
        page = await (await h.client.post(f"{FORM}/submit", data=data)).text()
        assert "第1版" in page
        async with h.sessions() as session:
            repos = Repositories(session)
            planned = await repos.targets.of_quarter(2026, 4, "paying_taxes")
            latest = await repos.targets.latest_results(t.id for t in planned)
        assert sorted(r.progress for r in latest.values()) == [Progress.DONE, Progress.NOT_DONE]
        report = await repos_report(h.sessions)
        first, second = report.answers["targets"]
        assert first["attachment"] is None  # optional, left empty
        async with h.sessions() as session:
            files = await Repositories(session).attachments.for_reports([report.id])
        assert [(f.file_name, f.status, f.media_id) for f in files] == [
            ("测算表.csv", "stored", second["attachment"])
        ]


async def test_a_draft_that_gained_targets_after_its_submission_shows_them_as_a_change(
    database_url, sessions, clock, kb, tmp_path
):
    async with console_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await log_in(h, TAX_CONTACT, clock)
        token = await csrf_of(h.client, FORM)
        await h.client.post(f"{FORM}/submit", data=FILLED | {"csrf": token})
        await load_targets(h.sessions, kb, clock, sheet(tmp_path, *TAXES_Q4))
        await h.client.get(FORM)  # reopening the report brings the quarter's targets in
        page = await (await h.client.get("/console/task-forces/paying_taxes")).text()
        draft = page.split('<div class="draft">', 1)[1].split("</div>", 1)[0]
        assert "季度目标完成情况" in draft
