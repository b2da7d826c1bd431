"""Contacts and 分管领导 ask about their own work by chat; other task forces only in counts."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.clock import LOCAL_TZ
from handlers import texts
from handlers.selfservice import Ask, ask_of
from tests.chat import Chat
from tests.checkin_support import (
    CONTACT,
    LEADER,
    MARKET,
    OFFICE,
    PLAN,
    PROGRESS,
    fill_without_lags,
    seed_roster,
)


@pytest.fixture
async def people(sessions, clock):
    clock.set(datetime(2026, 12, 10, 10, 0, tzinfo=LOCAL_TZ))
    await seed_roster(sessions, clock)


@pytest.mark.parametrize(
    ("text", "ask"),
    [
        ("截止日期是哪天", Ask.DUE),
        ("还有几天截止？", Ask.DUE),
        ("我的报告通过了吗", Ask.STATUS),
        ("我们还差什么", Ask.MISSING),
        ("我的待办", Ask.TODO),
        ("上季度报的什么", Ask.LAST),
        ("我们专班今年的典型案例", Ask.CASES),
        ("哪些专班还没报", Ask.OTHERS),
        # Knowledge questions stay with Q&A.
        ("谁牵头获得电力？", None),
        ("纳税指标有哪些二级指标", None),
        ("典型案例怎么写", None),
    ],
)
def test_which_questions_are_self_service(text, ask):
    assert ask_of(text) is ask


@pytest.mark.usefixtures("people")
async def test_due_day_and_days_left(dispatcher, clock):
    reply = await Chat(dispatcher, clock, CONTACT).say("截止日期是哪天")
    assert "纳税指标专班" in reply
    assert "12月25日（周五）" in reply
    assert texts.SELF_DAYS_LEFT.format(days=15) in reply


@pytest.mark.usefixtures("people")
async def test_status_through_the_quarter(dispatcher, clock):
    contact, office = Chat(dispatcher, clock, CONTACT), Chat(dispatcher, clock, OFFICE[0])
    assert texts.SELF_STATE_NOT_STARTED in await contact.say("我的报告通过了吗")
    await contact.say("填报")
    await contact.say("11月20日")
    await contact.say("取消")
    reply = await contact.say("我们还差什么")
    assert "工作推进情况" in reply and "会商会议" not in reply
    await fill_without_lags(contact)
    assert "等待办公室审核" in await contact.say("我的报告通过了吗")
    await office.say("退回 纳税 请补充量化成效")
    returned = await contact.say("我的报告通过了吗")
    assert "请补充量化成效" in returned and "12月25日（周五）" in returned
    assert "按退回意见修改" in await contact.say("我的待办")
    await contact.say("填报")
    await contact.say("确认提交")
    await office.say("通过 纳税")
    assert "已通过审核" in await contact.say("我的报告通过了吗")
    assert await contact.say("我的待办") == texts.SELF_TODO_NONE


@pytest.mark.usefixtures("people")
async def test_todo_lists_every_task_force_of_a_contact(dispatcher, clock, kb):
    reply = await Chat(dispatcher, clock, MARKET).say("我的待办")
    assert texts.SELF_TODO_TITLE.format(count=2) in reply
    assert kb.task_force("starting_business").name in reply
    assert kb.task_force("intellectual_property").name in reply


@pytest.mark.usefixtures("people")
async def test_a_leader_asks_the_same(dispatcher, clock):
    reply = await Chat(dispatcher, clock, LEADER).say("截止日期是哪天")
    assert "纳税指标专班" in reply and "12月25日（周五）" in reply


@pytest.mark.usefixtures("people")
async def test_other_task_forces_only_in_counts(dispatcher, clock, kb):
    await fill_without_lags(Chat(dispatcher, clock, CONTACT))
    reply = await Chat(dispatcher, clock, MARKET).say("哪些专班还没报")
    total = len(kb.task_forces)
    assert reply == texts.SELF_OTHERS.format(
        quarter="2026年第四季度", total=total, done=1, pending=total - 1
    )
    assert kb.task_force("getting_electricity").name not in reply


@pytest.mark.usefixtures("people")
async def test_last_quarter_and_cases(dispatcher, clock, sessions):
    contact = Chat(dispatcher, clock, CONTACT)
    clock.set(datetime(2026, 9, 10, 10, 0, tzinfo=LOCAL_TZ))
    for text in ("填报", "9月1日", PROGRESS, "无", "无", PLAN, "是", "智慧办税", "跳过", "跳过"):
        await contact.say(text)
    await contact.say("确认提交")
    clock.set(datetime(2026, 12, 10, 10, 0, tzinfo=LOCAL_TZ))
    last = await contact.say("上季度报的什么")
    assert "2026年第三季度" in last and PROGRESS in last
    assert "智慧办税" in await contact.say("我们专班今年的典型案例")


async def test_people_who_report_nothing_get_knowledge_answers(dispatcher, clock, sessions):
    await seed_roster(sessions, clock)
    chat = Chat(dispatcher, clock, OFFICE[0])
    await chat.say("截止日期是哪天")
    assert not chat.last.intent.startswith("self.")
