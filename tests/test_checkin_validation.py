"""Answers that make sense: each kind validated, a length limit, warnings for odd values."""

from __future__ import annotations

from handlers import texts
from handlers.checkin import spec
from tests.checkin_support import PLAN, PROGRESS, contact_chat, report_of

TO_PLAN = ("填报", "11月20日", PROGRESS, "无", "无")


async def test_a_plan_needs_substance(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, *TO_PLAN)
    for empty in ("好的", "无", "同上", "按计划推进。"):
        refused = await chat.say(empty)
        assert "没有说明具体内容" in refused and "下季度工作计划" in refused
        assert chat.last.intent == "checkin.invalid"
    report = await report_of(sessions)
    assert report is not None and "next_plan" not in report.answers
    assert "典型案例" in await chat.say(PLAN)


async def test_a_lagging_reason_needs_substance_too(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日", PROGRESS, "1")
    assert "没有说明具体内容" in await chat.say("不知道")
    assert "整改措施" in await chat.say("申报系统切换")


async def test_a_five_thousand_character_answer_is_asked_to_be_shortened(
    dispatcher, sessions, clock
):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日")
    refused = await chat.say("推进" * 2500)
    assert "5000个字" in refused and f"{spec.MAX_CHARS}字以内" in refused
    assert len(chat.last.replies) == 1 and len(refused) < 1000
    report = await report_of(sessions)
    assert report is not None and "progress" not in report.answers
    assert "二级指标" in await chat.say(PROGRESS)


async def test_a_sunday_meeting_is_kept_with_a_warning_and_its_weekday(
    dispatcher, sessions, clock
):
    chat = await contact_chat(dispatcher, sessions, clock, "填报")
    kept = await chat.say("11月22日")
    assert "2026年11月22日（周日）" in kept and "不是工作日" in kept and "修改1" in kept
    assert chat.last.intent == "checkin.answer"
    report = await report_of(sessions)
    assert report is not None and report.answers["meeting"] == {"held": True, "date": "2026-11-22"}


async def test_a_meeting_date_in_the_future_or_another_quarter_is_refused(
    dispatcher, sessions, clock
):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "是")
    assert "不能是将来的日期" in await chat.say("11月30日")
    assert "不在2026年第四季度" in await chat.say("9月30日")
    report = await report_of(sessions)
    assert report is not None and report.answers["meeting"] == {"held": True}


async def test_a_planned_day_far_off_is_kept_with_a_warning(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "否", "领导外出学习")
    kept = await chat.say("2028-03-01")
    assert "2028年3月1日" in kept and "超过一年" in kept
    report = await report_of(sessions)
    assert report is not None and report.answers["meeting"]["planned"] == "2028-03-01"


async def test_an_answer_copied_from_another_question_is_kept_with_a_warning(
    dispatcher, sessions, clock
):
    chat = await contact_chat(dispatcher, sessions, clock, *TO_PLAN)
    kept = await chat.say(PROGRESS)
    assert texts.CHECKIN_SAME_AS.format(title="工作推进情况", number=5) in kept
    report = await report_of(sessions)
    assert report is not None and report.answers["next_plan"] == PROGRESS


async def test_a_case_title_has_its_own_shorter_limit(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, *TO_PLAN, PLAN, "是")
    limit = spec.question("case").field("title").max_chars
    assert f"{limit}字以内" in await chat.say("案" * (limit + 1))
    assert "案例材料" in await chat.say("一窗通办压缩开办时间")


async def test_the_preview_comes_before_submitting(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, *TO_PLAN, PLAN, "否")
    preview = await chat.say("跳过")
    assert "确认提交" in preview and PLAN in preview
    report = await report_of(sessions)
    assert report is not None and report.version == 0
