"""Every control word of the check-in: 上一步, 跳过, 取消, 帮助, 预览, 修改N, 继续."""

from __future__ import annotations

from core.messages import Kind
from handlers import texts
from tests.checkin_support import PLAN, PROGRESS, contact_chat, field, report_of


async def test_back_shows_the_current_answer_and_continue_keeps_it(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日", PROGRESS)
    back = await chat.say("上一步")
    assert "工作推进情况" in back and texts.CHECKIN_CURRENT.format(value=PROGRESS) in back
    back = await chat.say("上一步")
    assert field("meeting", "date").prompt in back
    assert texts.CHECKIN_CURRENT.format(value="2026年11月20日（周五）") in back
    # A new answer replaces the old one and goes back to the first unanswered question.
    assert "二级指标" in await chat.say("11月19日")
    for _ in range(3):
        back = await chat.say("上一步")
    assert "是否召开了调度会商会议" in back and "当前答案：是" in back
    assert "已经是第一题了" in await chat.say("上一步")
    kept = await chat.say("继续")
    assert "已保留原答案" in kept and "二级指标" in kept
    report = await report_of(sessions)
    assert report is not None
    assert report.answers["meeting"] == {"held": True, "date": "2026-11-19"}
    assert report.answers["progress"] == PROGRESS


async def test_changing_a_branch_drops_its_old_follow_ups(dispatcher, sessions, clock):
    chat = await contact_chat(
        dispatcher,
        sessions,
        clock,
        "填报",
        "11月20日",
        PROGRESS,
        "上一步",
        "上一步",
        "上一步",
        "否",
    )
    report = await report_of(sessions)
    assert report is not None and report.answers["meeting"] == {"held": False}
    assert "原因" in chat.last.replies[-1].text


async def test_skip_only_on_optional_questions(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报")
    refused = await chat.say("跳过")
    assert "不能跳过" in refused and "是否召开了调度会商会议" in refused
    for text in ("11月20日", PROGRESS, "无", "无", PLAN, "否"):
        await chat.say(text)
    assert "（选填" in chat.last.replies[-1].text
    skipped = await chat.say("跳过")
    assert "已跳过" in skipped and "确认提交" in skipped
    report = await report_of(sessions)
    assert report is not None and report.answers["benchmark"] is None


async def test_cancel_keeps_the_draft_and_continue_resumes_at_the_same_question(
    dispatcher, sessions, clock
):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日", PROGRESS)
    cancelled = await chat.say("取消")
    assert "已暂存" in cancelled and "已完成2/7题" in cancelled and "“继续”" in cancelled
    report = await report_of(sessions)
    assert report is not None and report.editor is None
    assert report.answers["progress"] == PROGRESS
    # Outside the flow, a question goes to the knowledge, and 取消 has nothing to cancel.
    assert "税务局" in await chat.say("谁牵头纳税")
    assert "没有进行中的操作" in await chat.say("取消")
    assert "没有进行中的操作" in await chat.say("稍后")
    resumed = await chat.say("继续")
    assert "继续填报纳税指标专班" in resumed and "二级指标" in resumed


async def test_help_explains_the_step_and_asks_again(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日")
    helped = await chat.say("帮助")
    assert field("progress").help in helped and texts.CHECKIN_COMMANDS in helped
    assert field("progress").prompt in helped
    assert chat.last.intent == "checkin.help"


async def test_preview_mid_flow_then_the_pending_question(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日")
    preview = await chat.say("预览")
    assert "草稿，尚未提交" in preview
    assert any(
        line.startswith("1. 调度会商会议") and "2026年11月20日（周五）" in line
        for line in preview.splitlines()
    )
    assert "2. 工作推进情况：（未填）" in preview
    assert preview.rstrip().endswith(field("progress").prompt)


async def test_edit_n_from_the_preview_returns_to_the_preview(dispatcher, sessions, clock):
    chat = await contact_chat(
        dispatcher, sessions, clock, "填报", "11月20日", PROGRESS, "无", "无", PLAN, "否", "跳过"
    )
    assert "没有第9项" in await chat.say("修改9")
    edit = await chat.say("修改第三项")
    assert "哪些指标进展滞后" in edit and "当前答案：无" in edit
    await chat.say("1")
    await chat.say("申报系统切换")
    back = await chat.say("切换完成后恢复")
    assert "确认提交" in back and "1. 纳税次数——" in back and "申报系统切换" in back
    # 修改1 walks the meeting question's steps, 继续 keeping each.
    assert "当前答案：是" in await chat.say("修改 1")
    assert "2026年11月20日" in await chat.say("继续")
    assert "确认提交" in await chat.say("继续")
    assert "提交报告" in await chat.say("随便说点什么")
    assert chat.last.intent == "checkin.invalid"


async def test_submit_before_the_end_says_what_is_missing(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日")
    early = await chat.say("确认提交")
    assert "还有6题没有填完" in early and "工作推进情况" in early
    report = await report_of(sessions)
    assert report is not None and report.version == 0


async def test_opening_the_app_mid_flow_repeats_the_pending_question(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日")
    reopened = await chat.say("", kind=Kind.ENTER)
    assert "继续填报纳税指标专班" in reopened and "工作推进情况" in reopened
    report = await report_of(sessions)
    assert report is not None and "progress" not in report.answers
