"""进度 and 未报: the quarter at a glance, and who still owes a report."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.clock import LOCAL_TZ
from core.quarters import Quarter
from handlers import texts
from storage.repositories import Repositories
from tests.office_support import (
    OFFICE,
    OUTSIDER,
    reply_of,
    save_draft,
    say,
    submit_report,
)


async def test_progress_shows_totals_then_each_task_force(
    dispatcher, sessions, clock, office_people
):
    await submit_report(sessions, clock.now())
    await save_draft(sessions, clock.now(), "getting_electricity", {"progress": "正在填写"})
    async with sessions() as session, session.begin():
        await Repositories(session).reports.set_exemption(
            "2026Q4", "starting_business", reason="无", userid=OFFICE, now=clock.now()
        )
    result = await say(dispatcher, clock, "进度 2026Q4")
    text = reply_of(result)
    lines = text.splitlines()
    assert result.intent == "office.progress"
    assert lines[0] == texts.OFFICE_PROGRESS_TITLE.format(
        quarter="2026年第四季度", due="12月25日", today="11月25日"
    )
    assert lines[1] == "共23个专班：已提交1、已通过0、已退回0、草稿1、未开始20、逾期0、免报1"
    assert "1. 开办企业 免报" in lines
    tax = next(line for line in lines if "纳税" in line)
    # Submitted at 10:07 Beijing time, by name, one lagging sub-indicator.
    assert tax.endswith("纳税 已提交 第1版 11-25 10:07 税务联系人 滞后1项")
    assert any(line.endswith("获得电力 草稿") for line in lines)
    assert len(lines) == 2 + 23
    assert max(len(line.encode()) for line in lines) < 120


async def test_progress_without_quarter_is_the_current_one_and_marks_overdue(
    dispatcher, sessions, clock, office_people
):
    clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=LOCAL_TZ))  # Q4 still open for reporting
    await submit_report(sessions, clock.now())
    async with sessions() as session, session.begin():
        reports = Repositories(session).reports
        report = await reports.report("2026Q4", "paying_taxes")
        await reports.review(report, "returned", OFFICE, "补充", clock.now())
        await reports.set_extension(
            "2026Q4",
            "getting_electricity",
            due_on=datetime(2027, 1, 8).date(),
            reason="出差",
            userid=OFFICE,
            now=clock.now(),
        )
    text = reply_of(await say(dispatcher, clock, "进度"))
    assert text.startswith("2026年第四季度填报进度")
    assert "纳税 已退回 第1版 01-05 09:00 税务联系人 迟交 滞后1项" in text
    assert "获得电力 未开始 延期至1月8日" in text
    assert "开办企业 逾期" in text
    assert "逾期21" in text


async def test_progress_accepted(dispatcher, sessions, clock, office_people):
    await submit_report(sessions, clock.now())
    clock.advance(timedelta(hours=1))
    await say(dispatcher, clock, "通过 纳税")
    assert "纳税 已通过 第1版" in reply_of(await say(dispatcher, clock, "进度 2026Q4"))


async def test_missing_lists_pending_task_forces_with_their_lead_contacts(
    dispatcher, sessions, clock, office_people
):
    await submit_report(sessions, clock.now(), task_force_id="getting_electricity")
    text = reply_of(await say(dispatcher, clock, "未报 2026年第四季度"))
    lines = text.splitlines()
    assert lines[0] == texts.OFFICE_MISSING_TITLE.format(
        quarter="2026年第四季度", count=22, due="12月25日"
    )
    assert any(
        "纳税（未开始）分管领导：税务分管领导；联系人：税务联系人" in line for line in lines
    )
    assert not any("获得电力" in line for line in lines)
    assert any("开办企业" in line and texts.OFFICE_NO_CONTACTS in line for line in lines)
    assert lines[-1] == texts.OFFICE_MISSING_HINT


async def test_missing_when_everyone_reported(dispatcher, sessions, clock, office_people, kb):
    async with sessions() as session, session.begin():
        q3 = Quarter.parse("2026Q3")
        await Repositories(session).reports.set_period(
            q3.id,
            opens_on=q3.default_opens_on(),
            due_on=q3.default_due_on(25),
            locks_on=q3.default_locks_on(),
            now=clock.now(),
        )
        for task_force in kb.task_forces:
            await Repositories(session).reports.set_exemption(
                "2026Q3", task_force.id, reason="试点", userid=OFFICE, now=clock.now()
            )
    assert reply_of(await say(dispatcher, clock, "未报 2026Q3")) == (
        texts.OFFICE_NONE_MISSING.format(quarter="2026年第三季度")
    )


@pytest.mark.parametrize("command", ["进度 2026Q5", "未报 明年", "进度 2026"])
async def test_bad_quarter_gets_an_example(dispatcher, clock, office_people, command):
    result = await say(dispatcher, clock, command)
    assert result.intent.endswith(".bad_argument")
    assert "请写成 2026Q4 或 2026年第四季度" in reply_of(result)


async def test_outsider_is_refused_politely(dispatcher, clock, office_people):
    result = await say(dispatcher, clock, "进度", user=OUTSIDER)
    assert result.intent == "office.refused"
    assert reply_of(result) == (
        "抱歉，“进度”是区营商环境办公室的管理命令，您暂无使用权限。"
        "如需了解填报进度或办理相关事项，请联系区营商环境办公室的王主任。"
        "回复“帮助”可查看您能使用的功能。"
    )
