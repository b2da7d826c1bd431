"""查看, 版本, 退回, 通过: read a report and its history, return it or accept it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.dates import day_label
from handlers import texts
from handlers.checkin import spec
from storage.repositories import Repositories
from tests.factories import outbox, recipient_of, text_of
from tests.office_support import (
    ANSWERS,
    OFFICE,
    OUTSIDER,
    TAX_CONTACT,
    TAX_LEADER,
    audit_entries,
    reply_of,
    save_draft,
    say,
    submit_report,
)


async def report_status(sessions, task_force_id: str = "paying_taxes"):
    async with sessions() as session:
        return await Repositories(session).reports.report("2026Q4", task_force_id)


async def test_show_renders_every_field_of_the_latest_version(
    dispatcher, sessions, clock, office_people
):
    await submit_report(sessions, clock.now())
    text = reply_of(await say(dispatcher, clock, "查看 纳税指标专班 2026Q4"))
    lines = text.splitlines()
    assert lines[:2] == [
        "纳税指标专班 · 2026年第四季度",
        "状态：已提交（第1版，税务联系人 11-25 10:07提交）",
    ]
    # One line (or block) a question of the check-in spec, labelled as the spec says (no
    # targets question: the task force has no targets this quarter).
    labels = [question.label for question in spec.QUESTIONS if not question.seeded]
    assert [line.split("：", 1)[0] for line in lines if not line.startswith(" ")][2:] == labels
    shown = dict(line.split("：", 1) for line in lines[2:] if not line.startswith(" "))
    assert "已召开" in shown["会商会议"] and "2026年11月20日" in shown["会商会议"]
    assert shown["工作推进情况"] == ANSWERS["progress"]
    item = next(line for line in lines if line.startswith("  2. 缴纳税费时间"))
    assert "系统升级延迟" in item and "12月底前完成切换" in item
    assert shown["存在的问题和困难"] == "无"
    assert shown["下季度工作计划"] == "推广电子税务局新功能。"
    assert "非接触式办税典型案例" in shown["典型案例"]
    assert shown["对标学习"] == texts.CHECKIN_SKIPPED_VALUE


async def test_show_a_meeting_not_held_and_no_lagging(dispatcher, sessions, clock, office_people):
    answers = {
        **ANSWERS,
        "meeting": {"held": False, "reason": "领导出差", "planned": "2026-12-10"},
        "lagging": [],
        "case": {"formed": False},
    }
    await submit_report(sessions, clock.now(), answers=answers)
    text = reply_of(await say(dispatcher, clock, "查看 纳税"))
    meeting = next(line for line in text.splitlines() if line.startswith("会商会议："))
    assert "未召开" in meeting and "领导出差" in meeting and "2026年12月10日" in meeting
    assert f"滞后二级指标：{texts.CHECKIN_NO_LAGGING}" in text
    assert "典型案例：未形成" in text


async def test_show_a_draft_is_not_submitted(dispatcher, sessions, clock, office_people):
    await save_draft(sessions, clock.now(), "paying_taxes", {"progress": "草稿内容不给办公室看"})
    text = reply_of(await say(dispatcher, clock, "查看 纳税"))
    assert text == "纳税2026年第四季度尚未提交（草稿，截止12月25日（周五））。"


async def test_return_notifies_contacts_and_lets_them_resubmit(
    dispatcher, sessions, clock, office_people
):
    await submit_report(sessions, clock.now())
    clock.advance(timedelta(hours=1))
    result = await say(dispatcher, clock, "退回 纳税 请补充滞后指标的整改时限")
    assert result.intent == "office.return"
    done, notified, sent = reply_of(result).splitlines()
    assert done.startswith("已退回纳税2026年第四季度工作情况（第1版）。")
    assert day_label(date(2026, 12, 25), clock.now().date()) in done  # not before the due day
    assert "税务联系人" in notified and "税务分管领导" in notified
    assert sent == texts.OFFICE_SENT_NOW.format(count=2)
    report = await report_status(sessions)
    assert (report.status, report.review_comment, report.reviewed_by) == (
        "returned",
        "请补充滞后指标的整改时限",
        OFFICE,
    )
    shown = reply_of(await say(dispatcher, clock, "查看 纳税"))
    assert shown.startswith("纳税指标专班 · 2026年第四季度\n状态：已退回（第1版")
    assert shown.endswith("审核：已退回（王主任 11-25 11:07）：请补充滞后指标的整改时限")
    notices = await outbox(sessions)
    assert sorted(recipient_of(n) for n in notices) == [TAX_CONTACT, TAX_LEADER]
    assert all("意见：请补充滞后指标的整改时限" in text_of(n) for n in notices)
    [entry] = [e for e in await audit_entries(sessions, "report") if e.action == "report.return"]
    assert entry.before == {"status": "submitted", "version": 1}
    assert entry.after["comment"] == "请补充滞后指标的整改时限"

    # The contact edits and resubmits; the office sees the new version and what changed.
    clock.advance(timedelta(hours=1))
    await submit_report(sessions, clock.now(), answers={**ANSWERS, "problems": "人手紧张"})
    clock.advance(timedelta(hours=1))
    text = reply_of(await say(dispatcher, clock, "版本 纳税"))
    assert text.splitlines() == [
        "纳税指标专班 · 2026年第四季度：共2版，当前已提交",
        "第1版 11-25 10:07 税务联系人",
        "  首次提交",
        "审核：已退回（王主任 11-25 11:07）：请补充滞后指标的整改时限",
        "第2版 11-25 12:07 税务联系人",
        "  改动：存在的问题和困难",
    ]
    result = await say(dispatcher, clock, "通过 纳税")
    assert reply_of(result).startswith("已通过纳税2026年第四季度工作情况（第2版）。")
    assert (await report_status(sessions)).status == "accepted"
    assert "审核：已通过（王主任 11-25 13:07）" in reply_of(
        await say(dispatcher, clock, "版本 纳税")
    )
    accepted = [m for m in await outbox(sessions) if "【通过】" in text_of(m)]
    assert sorted(recipient_of(m) for m in accepted) == [TAX_CONTACT, TAX_LEADER]


async def test_return_needs_a_comment(dispatcher, sessions, clock, office_people):
    await submit_report(sessions, clock.now())
    text = reply_of(await say(dispatcher, clock, "退回 纳税"))
    assert text.startswith("退回时请写明意见")
    assert (await report_status(sessions)).status == "submitted"


async def test_return_with_a_quarter(dispatcher, sessions, clock, office_people):
    await submit_report(sessions, clock.now(), quarter="2026Q3")
    await say(dispatcher, clock, "退回 纳税 2026Q3 数据有误")
    async with sessions() as session:
        report = await Repositories(session).reports.report("2026Q3", "paying_taxes")
    assert (report.status, report.review_comment) == ("returned", "数据有误")


@pytest.mark.parametrize(
    ("command", "action"),
    [
        ("通过 纳税", "通过"),
        ("退回 纳税 不行", "退回"),
    ],
)
async def test_review_of_an_unsubmitted_report(
    dispatcher, sessions, clock, office_people, command, action
):
    await save_draft(sessions, clock.now(), "paying_taxes", {"progress": "x"})
    assert reply_of(await say(dispatcher, clock, command)) == texts.OFFICE_CANNOT_REVIEW.format(
        task_force="纳税",
        quarter="2026年第四季度",
        state=texts.OFFICE_REVIEW_STATES[None],
        action=action,
    )
    assert (await report_status(sessions)).status == "draft"
    assert await report_status(sessions, "getting_electricity") is None


async def test_accept_twice(dispatcher, sessions, clock, office_people):
    await submit_report(sessions, clock.now())
    await say(dispatcher, clock, "通过 纳税")
    text = reply_of(await say(dispatcher, clock, "通过 纳税"))
    assert text == texts.OFFICE_CANNOT_REVIEW.format(
        task_force="纳税",
        quarter="2026年第四季度",
        state=texts.OFFICE_REVIEW_STATES["accepted"],
        action="通过",
    )


async def test_review_without_contacts_says_nobody_was_told(
    dispatcher, sessions, clock, office_people
):
    await submit_report(sessions, clock.now(), task_force_id="starting_business")
    text = reply_of(await say(dispatcher, clock, "通过 开办企业"))
    assert text.endswith("名单中没有该专班的联系人，未能通知，请电话告知。")


@pytest.mark.parametrize("word", ["查看", "版本", "退回", "通过"])
async def test_missing_task_force(dispatcher, clock, office_people, word):
    assert reply_of(await say(dispatcher, clock, word)).startswith(
        f"命令缺少内容。用法：{word} <专班>"
    )


@pytest.mark.parametrize("word", ["查看", "版本", "退回", "通过"])
async def test_unknown_task_force_gets_a_suggestion(dispatcher, clock, office_people, word):
    text = reply_of(await say(dispatcher, clock, f"{word} 办理建筑 意见"))
    assert text == texts.OFFICE_TASK_FORCE_SUGGEST.format(
        text="办理建筑", name="办理建筑许可指标专班"
    )


async def test_show_bad_quarter(dispatcher, clock, office_people):
    assert "请写成 2026Q4" in reply_of(await say(dispatcher, clock, "查看 纳税 第五季度"))


@pytest.mark.parametrize("command", ["查看 纳税", "版本 纳税", "退回 纳税 不行", "通过 纳税"])
async def test_refused_for_outsiders(dispatcher, sessions, clock, office_people, command):
    await submit_report(sessions, clock.now())
    result = await say(dispatcher, clock, command, user=OUTSIDER)
    assert result.intent == "office.refused"
    assert (await report_status(sessions)).status == "submitted"
