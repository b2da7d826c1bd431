"""The check-in asks about each of the quarter's targets (完成 / 部分完成 / 未完成, evidence, a
file) and the submission becomes the targets' results; a quarter without targets is not
asked."""

from __future__ import annotations

import pytest

from core.lights import Progress
from core.messages import Kind
from handlers import texts
from handlers.checkin import spec
from storage.repositories import Repositories
from tests.chat import Chat
from tests.checkin_support import OFFICE, PLAN, PROGRESS, contact_chat, report_of, seed_roster
from tests.targets_support import TAXES_Q4, load_targets, sheet

QUESTION = spec.question("targets")
FIRST, SECOND = (
    "推广非接触式办税：非接触式办税占比达到95%",
    "压缩办税时间：年度纳税时间压缩至100小时",
)


@pytest.fixture
async def planned(sessions, kb, clock, tmp_path):
    """纳税 has two targets in 2026's fourth quarter (the clock's) and one in the third."""
    await seed_roster(sessions, clock)
    result = await load_targets(sessions, kb, clock, sheet(tmp_path, *TAXES_Q4))
    assert result.applied


async def results(sessions):
    async with sessions() as session:
        repos = Repositories(session)
        targets = {t.id: t for t in await repos.targets.of_year(2026, ["paying_taxes"])}
        latest = await repos.targets.latest_results(targets)
    return {f"{targets[i].task}：{targets[i].target}": r for i, r in latest.items()}


async def test_each_target_of_the_quarter_is_asked_and_the_submission_records_results(
    planned, dispatcher, sessions, clock
):
    chat = Chat(dispatcher, clock, "LiSi")
    started = await chat.say("填报")
    assert "共8题" in started
    await chat.say("11月20日")
    asked = await chat.say(PROGRESS)
    assert "【第3/8题 · 季度目标完成情况】" in asked and f"1. {FIRST}" in asked
    assert SECOND not in asked and "完成办税流程梳理" not in asked  # one at a time; Q3 not asked
    assert [label for label, _ in chat.buttons] == ["完成", "部分完成", "未完成"]
    assert texts.CHECKIN_PROGRESS_HINT in await chat.say("还行吧")
    assert "完成情况和佐证" in await chat.say("完成")
    assert "佐证材料" in await chat.say("已上线非接触式办税平台，占比96%")
    second = await chat.say("跳过")
    assert f"2. {SECOND}" in second
    await chat.say("部分完成")
    await chat.say("已压缩至120小时，差距在于跨部门数据共享")
    assert texts.CHECKIN_RECORDED_EVIDENCE in await chat.say("MEDIA-EVIDENCE", kind=Kind.FILE)
    for text in ("无", "无", PLAN, "否"):
        await chat.say(text)
    preview = await chat.say("跳过")
    assert "3. 季度目标完成情况" in preview
    assert texts.CHECKIN_TARGETS_SUMMARY.format(count=2, done=1) in preview
    assert "部分完成" in preview and "8. 对标学习先进地区经验" in preview
    assert "已提交" in await chat.say("确认提交")

    found = await results(sessions)
    assert {name: r.progress for name, r in found.items()} == {
        FIRST: Progress.DONE,
        SECOND: Progress.PARTLY,
    }
    assert found[FIRST].attachment_id is None and found[SECOND].attachment_id is not None
    assert "120小时" in (found[SECOND].evidence or "")
    report = await report_of(sessions)
    assert report is not None and found[FIRST].report_version == report.version == 1
    stored = report.answers["targets"]
    assert [item["progress"] for item in stored] == ["done", "partly"]

    shown = await Chat(dispatcher, clock, OFFICE[0]).say("查看 纳税")  # plan against actual
    first = next(line for line in shown.splitlines() if FIRST in line)
    assert "完成情况：完成" in first and "占比96%" in first
    second = next(line for line in shown.splitlines() if SECOND in line)
    assert "完成情况：部分完成" in second and texts.CHECKIN_CASE_WITH_FILE in second


async def test_a_task_force_without_targets_for_the_quarter_is_not_asked(
    dispatcher, sessions, clock
):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日")
    asked = await chat.say(PROGRESS)
    assert "【第3/7题 · 二级指标进展】" in asked and QUESTION.title not in asked
    report = await report_of(sessions)
    assert report is not None and "targets" not in report.answers


async def test_targets_entered_while_a_draft_is_open_are_asked_when_it_is_reopened(
    dispatcher, sessions, clock, kb, tmp_path
):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日", PROGRESS)
    await load_targets(sessions, kb, clock, sheet(tmp_path, *TAXES_Q4))
    await chat.say("取消")
    resumed = await chat.say("继续")
    assert "已完成2/8题" in resumed
    for text in ("无", "无", PLAN, "否"):
        await chat.say(text)
    asked = await chat.say("跳过")  # the draft's one gap left: the targets
    assert f"1. {FIRST}" in asked and "第3/8题" in asked


async def test_a_resubmission_adds_a_result_and_the_latest_counts(
    planned, dispatcher, sessions, clock
):
    chat = Chat(dispatcher, clock, "LiSi")
    for text in ("填报", "11月20日", PROGRESS, "未完成", "平台尚未上线", "跳过"):
        await chat.say(text)
    for text in ("未完成", "尚在梳理流程", "跳过", "无", "无", PLAN, "否", "跳过", "确认提交"):
        await chat.say(text)
    assert (await results(sessions))[FIRST].progress is Progress.NOT_DONE
    await chat.say("填报")
    await chat.say("修改3")
    for text in ("完成", "平台已上线", "跳过", "未完成", "尚在梳理流程", "跳过"):
        await chat.say(text)
    await chat.say("确认提交")
    latest = await results(sessions)
    assert latest[FIRST].progress is Progress.DONE and latest[FIRST].report_version == 2


async def test_a_target_removed_while_the_draft_is_open_is_not_recorded(
    planned, dispatcher, sessions, clock, kb, tmp_path
):
    chat = Chat(dispatcher, clock, "LiSi")
    for text in (
        "填报",
        "11月20日",
        PROGRESS,
        "完成",
        "平台已上线",
        "跳过",
        "完成",
        "已压缩至90小时",
    ):
        await chat.say(text)
    # The office re-imports the year without the first target while the contact fills in.
    await load_targets(sessions, kb, clock, sheet(tmp_path, *TAXES_Q4[1:]))
    for text in ("跳过", "无", "无", PLAN, "否", "跳过"):
        await chat.say(text)
    assert "已提交" in await chat.say("确认提交")
    assert set(await results(sessions)) == {SECOND}
