"""2026Q3 walked minute by minute through the injected clock: the exact messages and recipients.

It has the 中秋 (9月25日) and 国庆 (10月1–7日) holidays and a 调休 working Saturday (10月10日).
The period opens 9月1日, is due 9月24日 (25日 is a holiday) and locks 10月15日.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.scheduler import Scheduler
from core.clock import ManualClock
from handlers import texts
from handlers.checkin import spec
from handlers.office import grants as control
from storage.repositories import Repositories
from tests.calendar_support import install_2027
from tests.reminder_world import MRI, Q3, TAX, at, narrow_settings, sent, submit

HEADER = "【专班助手提醒】"
FOOTER = "回复“填报”即可开始或继续填报。"
SB = "开办企业指标专班 · 2026年第三季度工作情况："
IP = "知识产权创造、保护和运用指标专班 · 2026年第三季度工作情况："
MRI_ = "市场监管-“双随机、一公开”、信用监管指标专班 · 2026年第三季度工作情况："
TAX_ = "纳税指标专班 · 2026年第三季度工作情况："
DUE = "9月24日（周四）"
# 开办企业's draft holds only its meeting: its reminders say what else is missing.
SB_MISSING = texts.REMINDER_MISSING.format(
    items=texts.NAME_SEPARATOR.join(
        q.label for q in spec.QUESTIONS if q.key != "meeting" and not q.seeded
    )
)
EXTENDED = "10月13日（周二，已延期）"


def dm(*items: str, done: int) -> str:
    numbered = [f"{n}. {item}" for n, item in enumerate(items, start=1)]
    return "\n".join([HEADER, *numbered, f"2026年第三季度已有 {done}/4 个专班提交。", FOOTER])


def opened(due: str) -> str:
    return f"报送已开始，截止日期为{due}。"


def meeting(due: str) -> str:
    return f"草稿中尚未记录本季度调度会商会议，请在截止日期{due}前召开，并在报送中填写。"


def left(days: int, due: str) -> str:
    return f"距截止还有 {days} 天，截止日期为{due}。"


def today(due: str) -> str:
    return f"今天截止，请尽快报送。截止日期为{due}。"


def overdue(days: int, due: str) -> str:
    return f"已逾期 {days} 天，请尽快报送（已抄送分管领导）。截止日期为{due}。"


def weekly(days: int, due: str) -> str:
    return f"已逾期 {days} 天，请尽快报送。截止日期为{due}。"


def copy(days: int, due: str) -> str:
    return f"【抄送分管领导】尚未报送，已逾期 {days} 天。截止日期为{due}，联系人：李明。"


EXPECTED = [
    (
        "09-01 09:01",
        "user",
        "li",
        dm(SB + opened(DUE), IP + opened(DUE), MRI_ + opened(DUE), done=0),
    ),
    ("09-01 09:01", "user", "zhang", dm(TAX_ + opened(DUE), done=0)),
    # 开办企业's draft records its meeting; the others get the T−20 nudge.
    ("09-04 09:01", "user", "zhang", dm(TAX_ + meeting(DUE), done=0)),
    ("09-04 09:01", "user", "li", dm(IP + meeting(DUE), MRI_ + meeting(DUE), done=0)),
    (
        "09-17 09:01",
        "user",
        "li",
        dm(SB + left(7, DUE) + SB_MISSING, IP + left(7, DUE), MRI_ + left(7, DUE), done=0),
    ),
    ("09-17 09:01", "user", "zhang", dm(TAX_ + left(7, DUE), done=0)),
    (
        "09-21 09:01",
        "user",
        "li",
        dm(SB + left(3, DUE) + SB_MISSING, IP + left(3, DUE), MRI_ + left(3, DUE), done=0),
    ),
    ("09-21 09:01", "user", "zhang", dm(TAX_ + left(3, DUE), done=0)),
    # 纳税 submitted on 9月22日: its ladder stops, and the count moves.
    (
        "09-24 09:01",
        "user",
        "li",
        dm(SB + today(DUE) + SB_MISSING, IP + today(DUE), MRI_ + today(DUE), done=1),
    ),
    # The extension granted at 09:15 restarts 双随机's ladder on the new day at once.
    ("09-24 09:15", "user", "li", dm(MRI_ + meeting(EXTENDED), done=1)),
    # T+1 is the first working day after 中秋 and the weekend; the 分管领导 gets a copy.
    (
        "09-28 09:01",
        "user",
        "li",
        dm(SB + overdue(4, DUE) + SB_MISSING, IP + overdue(4, DUE), done=1),
    ),
    ("09-28 09:01", "user", "wang", dm(SB + copy(4, DUE), IP + copy(4, DUE), done=1)),
    (
        "09-30 09:01",
        "webhook",
        "office",
        f"【专班助手】以下专班2026年第三季度工作情况逾期未报送（截止日期{DUE}）：\n"
        "1. 开办企业指标专班，联系人：李明\n"
        "2. 知识产权创造、保护和运用指标专班，联系人：李明\n"
        "2026年第三季度已有 1/4 个专班提交。\n"
        "请以上专班联系人回复专班助手“填报”尽快报送。",
    ),
    # After 国庆: weekly for the overdue two, and 双随机's T−7 (due 10月6日, a holiday).
    (
        "10-08 09:01",
        "user",
        "li",
        dm(
            SB + weekly(14, DUE) + SB_MISSING,
            IP + weekly(14, DUE),
            MRI_ + left(5, EXTENDED),
            done=1,
        ),
    ),
    # The 调休 working Saturday counts.
    ("10-10 09:01", "user", "li", dm(MRI_ + left(3, EXTENDED), done=1)),
    ("10-13 09:01", "user", "li", dm(MRI_ + today(EXTENDED), done=1)),
    (
        "10-14 09:01",
        "user",
        "li",
        dm(
            SB + weekly(20, DUE) + SB_MISSING,
            IP + weekly(20, DUE),
            MRI_ + overdue(1, EXTENDED),
            done=1,
        ),
    ),
    ("10-14 09:01", "user", "wang", dm(MRI_ + copy(1, EXTENDED), done=1)),
    # 10月15日 locks the period: nothing after.
]


@pytest.mark.usefixtures("world")
async def test_a_quarter_minute_by_minute(sessions, database_url, kb):
    clock = ManualClock(at("2026-08-31 00:00"))
    scheduler = Scheduler(sessions, clock, narrow_settings(database_url))

    async def extend_mri() -> None:
        async with sessions() as session, session.begin():
            repos = Repositories(session)
            period = await repos.reports.period(Q3.id)
            await control.extend(
                repos,
                kb.task_force(MRI),
                period,
                at("2026-10-13 00:00").date(),
                reason="系统升级，数据暂无法导出",
                actor="zhou",
                now=clock.now(),
            )

    events = {
        at("2026-09-22 09:15"): lambda: submit(sessions, TAX, "zhang", clock.now()),
        at("2026-09-24 09:15"): extend_mri,
    }
    while clock.now() < at("2026-10-21 00:00"):
        if (event := events.get(clock.now())) is not None:
            await event()
        await scheduler.tick(clock.now())
        clock.advance(timedelta(minutes=1))

    messages = await sent(sessions)
    assert [(when, channel, to, text) for when, channel, to, text, _ in messages] == EXPECTED
    assert [mentioned for *_, mentioned in messages if mentioned] == [("li",)]


# The case's deadline is the Q4 report's due day: cases are reported in it.
CASE = "本年度尚未形成典型案例（每年度至少一篇），请在12月25日（周五）前形成，并在季度报送中填写。"
IP_CASE = "知识产权创造、保护和运用指标专班 · 2026年度典型案例："
MRI_CASE = "市场监管-“双随机、一公开”、信用监管指标专班 · 2026年度典型案例："
TAX_CASE = "纳税指标专班 · 2026年度典型案例："
Q4_OPEN = "报送已开始，截止日期为12月25日（周五）。"
Q4 = " · 2026年第四季度工作情况："


@pytest.mark.usefixtures("world")
async def test_typical_case_nudges_monthly_from_november(sessions, database_url):
    """开办企业 has a case in its Q3 report; the others get one nudge in November (the 1st is
    a Sunday) and one on 1 December, there combined with Q4's opening notice."""
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        report = await repos.reports.report(Q3.id, "starting_business")
        await repos.reports.save_answers(
            report,
            {**report.answers, "case": {"formed": True, "title": "一网通办"}},
            "li",
            at("2026-09-10 10:00"),
        )
    install_2027()  # the office has entered next year's holidays: no calendar notice
    clock = ManualClock(at("2026-11-01 09:00"))
    scheduler = Scheduler(sessions, clock, narrow_settings(database_url))
    while clock.now() < at("2026-12-02 00:00"):  # the first minutes of every day suffice here
        for _ in range(5):
            await scheduler.tick(clock.now())
            clock.advance(timedelta(minutes=1))
        clock.advance(timedelta(days=1, minutes=-5))

    cases = "2026年度已有 1/23 个专班形成典型案例。"
    q4 = "2026年第四季度已有 0/23 个专班提交。"
    assert [(when, to, text) for when, _, to, text, _ in await sent(sessions)] == [
        ("11-02 09:01", "zhang", "\n".join([HEADER, f"1. {TAX_CASE}{CASE}", cases, FOOTER])),
        (
            "11-02 09:01",
            "li",
            "\n".join([HEADER, f"1. {IP_CASE}{CASE}", f"2. {MRI_CASE}{CASE}", cases, FOOTER]),
        ),
        (
            "12-01 09:01",
            "li",
            "\n".join(
                [
                    HEADER,
                    f"1. 开办企业指标专班{Q4}{Q4_OPEN}",
                    f"2. 知识产权创造、保护和运用指标专班{Q4}{Q4_OPEN}",
                    f"3. 市场监管-“双随机、一公开”、信用监管指标专班{Q4}{Q4_OPEN}",
                    f"4. {IP_CASE}{CASE}",
                    f"5. {MRI_CASE}{CASE}",
                    q4,
                    cases,
                    FOOTER,
                ]
            ),
        ),
        (
            "12-01 09:01",
            "zhang",
            "\n".join(
                [
                    HEADER,
                    f"1. 纳税指标专班{Q4}{Q4_OPEN}",
                    f"2. {TAX_CASE}{CASE}",
                    q4,
                    cases,
                    FOOTER,
                ]
            ),
        ),
    ]
