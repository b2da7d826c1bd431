"""The console's targets: an import with the chat's preview and 确认, the year's targets
with their colours on the targets page and the task force's page, for the office only."""

from __future__ import annotations

import re

from aiohttp import FormData

from tests.console_support import console_harness, csrf_of, log_in
from tests.office_support import OFFICE, TAX_CONTACT, add_people
from tests.targets_support import TAXES_Q4, sheet, target_count

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


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
