"""The year's targets from the office's sheet: rows checked against the knowledge, a clean
file previewed and written all or nothing, by file and by chat."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from handlers import texts
from storage.models import Attachment
from storage.repositories import Repositories
from storage.targets.validate import parse_targets
from tests.checkin_support import CONTACT, OFFICE, seed_roster
from tests.fakes.harness import wecom_harness
from tests.targets_support import EXAMPLE, TAXES_Q4, load_targets, sheet, target_count
from tests.test_attachments import attachments_in, download, queued_texts, send_file


def test_the_example_reads_with_the_quarter_end_as_the_default_due_date(kb):
    parsed = parse_targets(EXAMPLE, kb)
    assert parsed.problems == []
    by_key = {(row.task_force_id, row.task, row.quarter): row for row in parsed.rows}
    first = by_key[("getting_electricity", "压减低压小微企业接电时间", 1)]
    assert (first.owner_unit, first.due_on) == ("工信局", date(2027, 3, 20))
    second = by_key[("getting_electricity", "压减低压小微企业接电时间", 2)]
    assert (second.owner_unit, second.due_on) == ("国网东丽供电公司", date(2027, 6, 30))
    assert by_key[("paying_taxes", "推广“非接触式”办税", 3)].owner_unit is None


BAD_ROWS = {
    "2026,办理建设许证,压减审批时间,4,审批时间压减至30日,,": (2, "您是不是要填“办理建筑许可"),
    "2026,获得电力,压减接电时间,4,接电时间压减至10日,税务局,": (2, "不是获得电力指标专班的牵头"),
    "2026,获得电力,压减接电时间,五,接电时间压减至10日,,": (2, "季度“五”无法识别"),
    "26,获得电力,压减接电时间,4,接电时间压减至10日,,": (2, "年度“26”不对"),
    "2026,获得电力,压减接电时间,4,,,": (2, "“季度目标”为空"),
    "2026,获得电力,压减接电时间,4,接电时间压减至10日,,下个月": (2, "完成时限“下个月”无法识别"),
    "2026,获得电力,压减接电时间,4,接电时间压减至10日,,2026-09-30": (2, "早于2026年第四季度"),
}


@pytest.mark.parametrize("row", BAD_ROWS)
async def test_a_bad_row_is_told_by_number_and_nothing_is_written(
    sessions, kb, clock, tmp_path, row
):
    good = "2026,获得电力,提升供电可靠性,4,完成配网改造5处,国网东丽供电公司,"
    result = await load_targets(sessions, kb, clock, sheet(tmp_path, row, good))
    number, part = BAD_ROWS[row]
    assert result.refused and not result.applied
    assert [(p.row, part in p.message) for p in result.problems] == [(number, True)]
    assert await target_count(sessions) == 0


async def test_a_duplicate_row_and_a_missing_column(sessions, kb, clock, tmp_path):
    row = "2026,纳税,压缩办税时间,4,压缩至100小时,,"
    result = await load_targets(sessions, kb, clock, sheet(tmp_path, row, row))
    assert [(p.row, "与第2行重复" in p.message) for p in result.problems] == [(3, True)]
    path = tmp_path / "no_quarter.csv"
    path.write_text("年度,专班,重点任务,季度目标\n2026,纳税,压缩,压缩至100小时\n", "utf-8")
    [problem] = (await load_targets(sessions, kb, clock, path)).problems
    assert problem.row == 1 and "季度" in problem.message
    assert await target_count(sessions) == 0


async def test_a_second_file_replaces_the_task_forces_year_and_keeps_the_rest(
    sessions, kb, clock, tmp_path
):
    first = await load_targets(sessions, kb, clock, sheet(tmp_path, *TAXES_Q4))
    assert first.applied and await target_count(sessions) == 3
    [section] = first.sections
    assert (section.tasks, len(section.rows), section.before) == (2, 3, 0)

    changed = TAXES_Q4[0].replace("95%", "98%")
    electricity = "2026,获得电力,提升供电可靠性,4,完成配网改造5处,,"
    second = await load_targets(
        sessions, kb, clock, sheet(tmp_path, changed, TAXES_Q4[1], electricity), dry_run=True
    )
    by_force = {s.task_force_id: s for s in second.sections}
    taxes = by_force["paying_taxes"]
    assert (taxes.before, taxes.added, taxes.updated, taxes.removed) == (3, 0, 1, 1)
    assert by_force["getting_electricity"].before == 0
    assert await target_count(sessions) == 3  # a dry run writes nothing

    await load_targets(sessions, kb, clock, sheet(tmp_path, changed, TAXES_Q4[1], electricity))
    async with sessions() as session:
        rows = await Repositories(session).targets.of_year(2026)
    assert sorted((r.task_force_id, r.quarter, r.target) for r in rows) == [
        ("getting_electricity", 4, "完成配网改造5处"),
        ("paying_taxes", 4, "年度纳税时间压缩至100小时"),
        ("paying_taxes", 4, "非接触式办税占比达到98%"),
    ]


# -- by chat ------------------------------------------------------------------------------------


@pytest.fixture
async def h(database_url, engine, sessions, clock, tmp_path):
    async with wecom_harness(database_url, clock, files_dir=tmp_path / "files") as harness:
        harness.api.users |= {CONTACT.lower(), *(o.lower() for o in OFFICE)}
        await seed_roster(sessions, clock)
        yield harness


async def test_the_office_sends_the_targets_file_previews_and_confirms(h, sessions, tmp_path):
    data = sheet(tmp_path, *TAXES_Q4).read_bytes()
    await send_file(h, OFFICE[0], h.api.add_media("2026年目标.csv", data, "text/csv"))
    await download(h)
    [preview] = await queued_texts(h, OFFICE[0])
    assert "2026年目标.csv" in preview and "纳税指标专班" in preview
    assert "重点任务 2 项" in preview and "季度目标 3 条" in preview
    assert texts.TARGETS_FILE_CONFIRM in preview
    assert await target_count(sessions) == 0

    applied = await h.user.say(OFFICE[0], "确认")
    assert "已导入年度目标表" in applied
    assert await target_count(sessions) == 3
    [row] = await attachments_in(h)
    assert row.purpose == "targets.applied"
    assert "已导入年度目标表" not in await h.user.say(OFFICE[0], "确认")


async def test_cancel_keeps_the_file_and_writes_nothing(h, sessions, tmp_path):
    data = sheet(tmp_path, *TAXES_Q4).read_bytes()
    await send_file(h, OFFICE[0], h.api.add_media("目标.csv", data, "text/csv"))
    await download(h)
    assert "已放弃导入年度目标表" in await h.user.say(OFFICE[0], "取消")
    assert await target_count(sessions) == 0
    [row] = await attachments_in(h)
    assert (row.status, row.purpose) == ("stored", "targets.dropped")


async def test_row_errors_by_chat_and_nothing_awaits(h, sessions, tmp_path):
    data = sheet(tmp_path, "2026,乡村振兴,任务,4,目标,,").read_bytes()
    await send_file(h, OFFICE[0], h.api.add_media("目标.csv", data, "text/csv"))
    await download(h)
    [told] = await queued_texts(h, OFFICE[0])
    assert "第2行" in told and "乡村振兴" in told and texts.TARGETS_FILE_PROBLEMS_HINT in told
    [row] = await attachments_in(h)
    assert row.purpose == "chat"


async def test_a_sheet_that_is_neither_is_kept_and_the_office_told(h):
    data = "指标,得分\n纳税,92\n".encode()
    await send_file(h, OFFICE[0], h.api.add_media("数据.csv", data, "text/csv"))
    await download(h)
    [told] = await queued_texts(h, OFFICE[0])
    assert "不是工作人员名册" in told and "也不是年度目标表" in told
    [row] = await attachments_in(h)
    assert (row.status, row.purpose) == ("stored", "chat")


async def test_a_contact_cannot_import_targets(h, sessions, tmp_path):
    data = sheet(tmp_path, *TAXES_Q4).read_bytes()
    await send_file(h, CONTACT, h.api.add_media("目标.csv", data, "text/csv"))
    await download(h)
    [told] = await queued_texts(h, CONTACT)
    assert "年度目标由区营商环境办公室录入" in told
    assert await target_count(sessions) == 0
    async with sessions() as session:
        [row] = (await session.scalars(select(Attachment))).all()
    assert row.purpose == "chat"
