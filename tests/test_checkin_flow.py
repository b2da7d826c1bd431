"""Whole check-in conversations through the core: answers, hints, buttons, submission."""

from __future__ import annotations

from datetime import date, datetime

from core.clock import LOCAL_TZ
from core.messages import Kind, ToUsers
from handlers import texts
from storage.repositories import Repositories
from tests.chat import Chat
from tests.checkin_support import (
    CONTACT,
    LEADER,
    OFFICE,
    PLAN,
    PROGRESS,
    contact_chat,
    field,
    fill_without_lags,
    report_of,
    seed_roster,
    set_period,
    versions_of,
)
from tests.factories import outbox


async def test_complete_report_in_at_most_12_messages(dispatcher, sessions, clock):
    chat = await contact_chat(
        dispatcher, sessions, clock, "填报", "是", "上周五", PROGRESS, "无", "无", PLAN, "是"
    )
    assert "案例材料" in await chat.say("“一网通办”压缩办税时间")
    assert "对标学习" in await chat.say("跳过")
    assert "确认提交" in await chat.say("跳过")
    receipt = await chat.say("确认提交")
    assert chat.sent <= 12

    assert "纳税指标专班" in receipt and "2026年第四季度" in receipt
    assert "第1版" in receipt and "2026年11月25日 10:07" in receipt
    report = await report_of(sessions)
    assert report is not None
    assert (report.status, report.version, report.submitted_by) == ("submitted", 1, CONTACT)
    assert report.editor is None and not report.late
    assert report.answers == {
        "meeting": {"held": True, "date": "2026-11-20"},
        "progress": PROGRESS,
        "lagging": [],
        "problems": {"text": "无"},
        "next_plan": PLAN,
        "case": {"formed": True, "title": "“一网通办”压缩办税时间", "media_id": None},
        "benchmark": None,
    }
    [version] = await versions_of(sessions)
    assert version.answers == report.answers and version.submitted_by == CONTACT

    notices = {m.outbound.to: m.outbound.body.text for m in await outbox(sessions)}
    # One message per person: the 分管领导 and each office member.
    assert set(notices) == {ToUsers.of(LEADER), *(ToUsers.of(member) for member in OFFICE)}
    leader_notice = notices[ToUsers.of(LEADER)]
    assert "李四" in leader_notice and "第1版" in leader_notice
    office_notice = notices[ToUsers.of(OFFICE[0])]
    assert "\n" not in office_notice and "纳税指标专班" in office_notice

    # The flow is over: a question goes to the knowledge again.
    assert "税务局" in await chat.say("谁牵头纳税")
    assert not chat.last.intent.startswith("checkin")


async def test_no_lags_path_needs_ten_messages(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock)
    receipt = await fill_without_lags(chat)
    assert "已提交" in receipt
    assert chat.sent == 9


async def test_lagging_sub_indicators_ask_reason_and_measure(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", "11月20日")
    listing = await chat.say(PROGRESS)
    assert "1. 纳税次数" in listing and "5. 纳税便利度" in listing
    assert "“2. 缴纳税费时间”滞后的原因" in await chat.say("5、2")
    assert "整改措施" in await chat.say("系统升级延期")
    assert "“5. 纳税便利度”滞后的原因" in await chat.say("12月底前完成升级")
    await chat.say("调查样本不足")
    assert "存在哪些问题" in await chat.say("扩大调查范围")
    report = await report_of(sessions)
    assert report is not None
    assert report.answers["lagging"] == [
        {"no": 2, "name": "缴纳税费时间", "reason": "系统升级延期", "measure": "12月底前完成升级"},
        {"no": 5, "name": "纳税便利度", "reason": "调查样本不足", "measure": "扩大调查范围"},
    ]
    preview = await chat.say("预览")
    assert "滞后2项" in preview and "原因：系统升级延期" in preview


async def test_meeting_not_held_asks_reason_and_planned_date(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报")
    assert "原因" in await chat.say("否")
    assert "计划哪天召开" in await chat.say("主要负责同志外出学习")
    refused = await chat.say("11月1日")
    assert "早于今天" in refused and "计划哪天召开" in refused
    assert "2026年12月2日（周三）" in await chat.say("下周三")
    report = await report_of(sessions)
    assert report is not None
    assert report.answers["meeting"] == {
        "held": False,
        "reason": "主要负责同志外出学习",
        "planned": "2026-12-02",
    }


async def test_buttons_list_the_typed_values_and_clicks_answer_alike(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock)
    question = await chat.say("填报")
    assert chat.buttons == [("是", "是"), ("否", "否")]
    assert "“是”" in question and "“否”" in question
    assert "哪天召开" in await chat.say("是", kind=Kind.BUTTON)
    report = await report_of(sessions)
    assert report is not None and report.answers == {"meeting": {"held": True}}


async def test_bad_dates_are_refused_with_the_reason(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报")
    await chat.say("是")
    future = await chat.say("12月20日")
    assert (
        texts.CHECKIN_DATE_FUTURE.format(
            day="2026年12月20日（周日）",
            today="2026年11月25日（周三）",
            label=field("meeting", "date").label,
        )
        in future
    )
    assert field("meeting", "date").prompt in future
    outside = await chat.say("2026-09-30")
    assert "不在2026年第四季度" in outside and "2026年10月1日" in outside
    assert "没有这一天" in await chat.say("2月30日")
    assert "没有看懂这个日期" in await chat.say("开过了")
    report = await report_of(sessions)
    assert report is not None and report.answers == {"meeting": {"held": True}}
    recorded = texts.CHECKIN_RECORDED_VALUE.format(
        label=field("meeting", "date").label, value="2026年11月24日（周二）"
    )
    assert recorded in await chat.say("昨天")
    report = await report_of(sessions)
    assert report is not None and report.answers["meeting"]["date"] == "2026-11-24"


async def test_a_date_answers_the_meeting_question_at_once(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报")
    assert "晚于今天" in await chat.say("明天")
    reply = await chat.say("11.20")
    assert "2026年11月20日（周五）" in reply and "工作推进情况" in reply


async def test_invalid_answers_get_a_specific_hint_and_lose_nothing(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报")
    assert "请回复“是”或“否”" in await chat.say("也许吧")
    await chat.say("11月20日")
    short = await chat.say("做了一些工作")
    assert texts.CHECKIN_TOO_SHORT.format(title="工作推进情况", minimum=20, count=6) in short
    await chat.say(PROGRESS)
    assert texts.CHECKIN_LAGGING_BAD.format(bad="7", count=5) in await chat.say("2,7")
    assert "请回复滞后指标的编号" in await chat.say("有一些")
    report = await report_of(sessions)
    assert report is not None
    assert report.answers == {
        "meeting": {"held": True, "date": "2026-11-20"},
        "progress": PROGRESS,
    }


async def test_knowledge_question_is_answered_then_the_question_repeated(
    dispatcher, sessions, clock
):
    chat = await contact_chat(dispatcher, sessions, clock, "填报")
    await chat.say("11月20日")
    await chat.say(PROGRESS)
    await chat.say("无")
    reply = await chat.say("谁牵头获得电力？")
    assert "工信局" in reply and "存在哪些问题和困难" in reply
    assert chat.last.intent == "checkin.qa"
    report = await report_of(sessions)
    assert report is not None and "problems" not in report.answers


async def test_case_material_file_is_stored(dispatcher, sessions, clock):
    chat = await contact_chat(
        dispatcher, sessions, clock, "填报", "11月20日", PROGRESS, "无", "无", PLAN
    )
    assert "这一步不需要文件" in await chat.say("MEDIA-1", kind=Kind.FILE)
    await chat.say("是")
    assert "请直接发送文件" in await chat.say("“一网通办”案例")
    assert "请直接发送案例材料文件" in await chat.say("稍等")
    assert "已收到案例材料" in await chat.say("MEDIA-2", kind=Kind.FILE)
    report = await report_of(sessions)
    assert report is not None
    assert report.answers["case"] == {
        "formed": True,
        "title": "“一网通办”案例",
        "media_id": "MEDIA-2",
    }
    assert "（附材料）" in await chat.say("预览")


async def test_last_quarter_plan_is_shown_before_progress(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    await set_period(
        sessions, clock, due=date(2026, 9, 25), lock=date(2026, 10, 15), quarter="2026Q3"
    )
    async with sessions() as session, session.begin():
        reports = Repositories(session).reports
        report = await reports.report_for_update("2026Q3", "paying_taxes", clock.now())
        await reports.save_answers(
            report, {"next_plan": "上线电子税务局新版"}, CONTACT, clock.now()
        )
        await reports.submit(report, CONTACT, clock.now(), date(2026, 9, 25))
    chat = Chat(dispatcher, clock, CONTACT)
    await chat.say("填报")
    assert "上线电子税务局新版" in await chat.say("11月20日")


async def test_late_submission_is_flagged_in_receipt_and_notice(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    await set_period(sessions, clock, due=date(2026, 11, 20), lock=date(2027, 1, 15))
    chat = Chat(dispatcher, clock, CONTACT)
    receipt = await fill_without_lags(chat)
    assert texts.CHECKIN_LATE.format(due="2026年11月20日（周五）") in receipt
    report = await report_of(sessions)
    assert report is not None and report.late
    office = [m for m in await outbox(sessions) if m.outbound.to == ToUsers.of(OFFICE[0])]
    assert "逾期" in office[0].outbound.body.text


async def test_other_start_words_and_time_shown_in_shanghai(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    clock.set(datetime(2026, 11, 25, 23, 30, tzinfo=LOCAL_TZ))
    chat = Chat(dispatcher, clock, CONTACT)
    assert "开始填报纳税指标专班" in await chat.say("季度报送")
    await chat.say("取消")
    assert "调度会商会议" in await chat.say("Check in")
    for text in ("11月20日", PROGRESS, "无", "无", PLAN, "否", "跳过"):
        await chat.say(text)
    assert "2026年11月25日 23:30" in await chat.say("确认提交")


async def test_yes_or_no_with_the_rest_of_the_answer_in_one_message(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报")
    assert "2026年11月20日（周五）" in await chat.say("是，11月20日开的")
    for _ in range(2):
        await chat.say("上一步")
    assert "计划哪天召开" in await chat.say("否，主要负责同志外出学习")
    await chat.say("12月10日")
    for text in (PROGRESS, "无", "无", PLAN):
        await chat.say(text)
    assert "案例材料" in await chat.say("是：“一网通办”压缩办税时间")
    report = await report_of(sessions)
    assert report is not None
    assert report.answers["meeting"] == {
        "held": False,
        "reason": "主要负责同志外出学习",
        "planned": "2026-12-10",
    }
    assert report.answers["case"] == {"formed": True, "title": "“一网通办”压缩办税时间"}
    # A day given with 是 but refused says why, and the date question follows.
    await chat.say("修改1")
    refused = await chat.say("是，12月20日")
    assert "晚于今天" in refused and "会议是哪天召开的" in refused
