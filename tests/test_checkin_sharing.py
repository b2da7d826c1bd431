"""One shared draft per task force: resuming anywhere, two contacts at once, edits after submit."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.dispatcher import Dispatcher
from core.messages import ToUsers
from handlers import texts
from handlers.routing import build_router
from storage import db
from storage.repositories import Repositories
from tests.chat import Chat
from tests.checkin_support import (
    CONTACT,
    OFFICE,
    PLAN,
    PROGRESS,
    SECOND_CONTACT,
    fill_without_lags,
    report_of,
    seed_roster,
    versions_of,
)
from tests.factories import outbox


async def test_resume_in_a_new_process_after_a_week(
    dispatcher, sessions, clock, kb, settings, database_url
):
    await seed_roster(sessions, clock)
    chat = Chat(dispatcher, clock, CONTACT)
    for text in ("填报", "11月20日", PROGRESS):
        await chat.say(text)

    # A new process: its own engine, sessions and dispatcher over the same database.
    clock.advance(timedelta(days=7))
    engine = db.create_engine(database_url)
    try:
        restarted = Dispatcher(db.session_factory(engine), kb, clock, settings, build_router())
        again = Chat(restarted, clock, CONTACT)
        resumed = await again.say("继续")
        assert "继续填报纳税指标专班" in resumed and "已完成2/7题" in resumed
        assert "哪些指标进展滞后" in resumed
        assert "存在哪些问题" in await again.say("无")
    finally:
        await engine.dispose()
    report = await report_of(sessions)
    assert report is not None and report.answers["lagging"] == []


async def test_a_second_contact_is_told_who_is_editing_and_may_take_over(
    dispatcher, sessions, clock
):
    await seed_roster(sessions, clock)
    first = Chat(dispatcher, clock, CONTACT)
    second = Chat(dispatcher, clock, SECOND_CONTACT)
    await first.say("填报")
    clock.advance(timedelta(minutes=5))
    await first.say("11月20日")

    clock.advance(timedelta(minutes=30))
    busy = await second.say("填报")
    assert (
        texts.CHECKIN_EDITING_BY_OTHER.format(
            name="李四",
            task_force="纳税指标专班",
            quarter="2026年第四季度",
            since="2026年11月25日 10:07",
            last="2026年11月25日 10:12",
        )
        in busy
    )
    assert second.buttons == [("接管", "接管"), ("预览", "预览"), ("取消", "取消")]
    # Nothing the second contact types is stored until they take over.
    assert "李四正在填报" in await second.say(PROGRESS)
    assert "1. 调度会商会议：已召开" in await second.say("预览")
    report = await report_of(sessions)
    assert report is not None and "progress" not in report.answers

    taken = await second.say("接管")
    assert texts.CHECKIN_TAKEN_OVER.format(name="李四") in taken and "工作推进情况" in taken
    notices = [m for m in await outbox(sessions) if m.outbound.to == ToUsers.of(CONTACT)]
    notice = notices[0].outbound.body.text
    assert "赵六" in notice and "2026年11月25日 10:42" in notice
    await second.say(PROGRESS)

    # The first contact is now the one told, and may take it back explicitly.
    assert "赵六正在填报" in await first.say("无")
    back = await first.say("接管")
    assert "二级指标" in back
    await first.say("无")
    report = await report_of(sessions)
    assert report is not None and report.editor == CONTACT
    assert report.answers == {
        "meeting": {"held": True, "date": "2026-11-20"},
        "progress": PROGRESS,
        "lagging": [],
    }


async def test_two_contacts_starting_at_once_share_one_report(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    first = Chat(dispatcher, clock, CONTACT)
    second = Chat(dispatcher, clock, SECOND_CONTACT)
    replies = await asyncio.gather(first.say("填报"), second.say("填报"))
    assert sum("正在填报" in reply for reply in replies) == 1
    assert sum("开始填报" in reply for reply in replies) == 1
    # Both answer at once: only the holder's answer lands, nothing is overwritten.
    holder, other = (first, second) if "开始填报" in replies[0] else (second, first)
    await asyncio.gather(holder.say("11月20日"), other.say("11月18日"))
    async with sessions() as session:
        reports = await Repositories(session).reports.reports("2026Q4")
    assert len(reports) == 1
    assert reports[0].answers == {"meeting": {"held": True, "date": "2026-11-20"}}
    assert reports[0].editor == holder.user


async def test_cancel_releases_the_report_for_the_other_contact(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    first = Chat(dispatcher, clock, CONTACT)
    second = Chat(dispatcher, clock, SECOND_CONTACT)
    for text in ("填报", "11月20日", "取消"):
        await first.say(text)
    picked_up = await second.say("填报")
    assert "继续填报" in picked_up and "工作推进情况" in picked_up
    await second.say(PROGRESS)
    # The first contact resumes later: told who holds it now.
    assert "赵六正在填报" in await first.say("继续")


async def test_a_submission_by_the_other_contact_is_shown_on_return(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    first = Chat(dispatcher, clock, CONTACT)
    second = Chat(dispatcher, clock, SECOND_CONTACT)
    for text in ("填报", "11月20日", PROGRESS, "无"):
        await first.say(text)
    await second.say("填报")
    await second.say("接管")
    for text in ("无", PLAN, "否", "跳过"):
        await second.say(text)
    assert "第1版" in await second.say("确认提交")
    shown = await first.say("新的问题")
    assert (
        texts.CHECKIN_SUBMITTED_MEANWHILE.format(
            name="赵六",
            time="2026年11月25日 10:07",
            task_force="纳税指标专班",
            quarter="2026年第四季度",
            version=1,
        )
        in shown
    )
    assert "已提交第1版" in shown and "确认提交" in shown
    report = await report_of(sessions)
    assert report is not None and report.answers["problems"] == {"text": "无"}


async def test_edit_after_submit_makes_a_new_version(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    chat = Chat(dispatcher, clock, CONTACT)
    await fill_without_lags(chat)
    clock.advance(timedelta(days=3))
    shown = await chat.say("填报")
    for fact in ("2026年11月25日 10:07", "李四", "第1版", "2027年1月15日（周五）", "第2版"):
        assert fact in shown
    await chat.say("修改5")
    edited = await chat.say("下季度推进非接触式办税，新增：上线智能咨询。")
    assert texts.CHECKIN_STATUS_EDITING.format(version=1) in edited
    receipt = await chat.say("确认提交")
    assert "第2版" in receipt and "2026年11月28日 10:07" in receipt
    first, second = await versions_of(sessions)
    assert first.answers["next_plan"] == PLAN
    assert second.answers["next_plan"] == "下季度推进非接触式办税，新增：上线智能咨询。"
    office = [m for m in await outbox(sessions) if m.outbound.to == ToUsers.of(OFFICE[0])]
    assert ["第1版" in m.outbound.body.text for m in office] == [True, False]
    assert "第2版" in office[1].outbound.body.text


async def test_a_returned_report_shows_the_office_comment(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    chat = Chat(dispatcher, clock, CONTACT)
    await fill_without_lags(chat)
    async with sessions() as session, session.begin():
        reports = Repositories(session).reports
        report = await reports.report("2026Q4", "paying_taxes")
        assert report is not None
        await reports.review(report, "returned", OFFICE[0], "请补充量化成效", clock.now())
    shown = await chat.say("填报")
    assert "请补充量化成效" in shown and shown.startswith(
        texts.CHECKIN_RETURNED.format(
            task_force="纳税指标专班",
            quarter="2026年第四季度",
            version=1,
            comment="请补充量化成效",
        ).splitlines()[0]
    )
    await chat.say("修改2")
    await chat.say(PROGRESS + "办税时间压缩40%。")
    assert "第2版" in await chat.say("确认提交")
    report = await report_of(sessions)
    assert report is not None and report.status == "submitted"
