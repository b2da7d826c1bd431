"""No dead ends: 取消, 帮助 and 重新开始 everywhere; stale and idle states end with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete

from bot.dispatcher import Dispatcher
from core.settings import Settings
from handlers import texts
from handlers.routing import build_router
from storage.models import Conversation, Report
from storage.repositories import Repositories
from tests.chat import Chat
from tests.checkin_support import (
    CONTACT,
    MARKET,
    PLAN,
    PROGRESS,
    SECOND_CONTACT,
    report_of,
    seed_roster,
)
from tests.factories import outbox
from tests.office_support import OFFICE as OFFICE_USER
from tests.office_support import reply_of, say

FAILURES = (texts.INTERNAL_ERROR, texts.FLOW_FAILED)

# Ways into every state a contact can be in: nothing, paused, the choice, each kind of
# question, the preview, someone else editing, a submitted report.
STATES = {
    "idle": (CONTACT, ()),
    "paused": (CONTACT, ("填报", "11月20日", "取消")),
    "choosing": (MARKET, ("填报",)),
    "yes_no": (CONTACT, ("填报",)),
    "day": (CONTACT, ("填报", "是")),
    "text": (CONTACT, ("填报", "11月20日")),
    "lagging item": (CONTACT, ("填报", "11月20日", PROGRESS, "1")),
    "file": (CONTACT, ("填报", "11月20日", PROGRESS, "无", "无", PLAN, "是", "一窗通办案例")),
    "preview": (CONTACT, ("填报", "11月20日", PROGRESS, "无", "无", PLAN, "否", "跳过")),
    "busy": (SECOND_CONTACT, ("填报",)),
    "submitted": (
        CONTACT,
        ("填报", "11月20日", PROGRESS, "无", "无", PLAN, "否", "跳过", "确认提交", "填报"),
    ),
}


async def _in_state(dispatcher, sessions, clock, state: str) -> Chat:
    await seed_roster(sessions, clock)
    user, says = STATES[state]
    if state == "busy":  # the first contact holds the report
        await Chat(dispatcher, clock, CONTACT).say("填报")
    chat = Chat(dispatcher, clock, user)
    for text in says:
        await chat.say(text)
    return chat


def _no_failure(reply: str) -> None:
    assert reply and not any(failure in reply for failure in FAILURES)


@pytest.mark.parametrize("state", list(STATES))
async def test_help_cancel_and_restart_answer_in_every_state(dispatcher, sessions, clock, state):
    chat = await _in_state(dispatcher, sessions, clock, state)
    helped = await chat.say("帮助")
    _no_failure(helped)
    assert chat.last.intent.endswith("help") or chat.last.intent == "checkin.busy"

    restarted = await chat.say("重新开始")
    _no_failure(restarted)
    assert texts.CHECKIN_RESTARTED in restarted or texts.RESTARTED in restarted

    cancelled = await chat.say("取消")
    _no_failure(cancelled)
    # After 取消 the contact is outside every flow: an ordinary question is answered as one.
    async with sessions() as session:
        row = await session.get(Conversation, chat.user.lower())
    assert row is None or row.flow is None


async def test_a_report_gone_mid_flow_ends_it_with_the_reason(dispatcher, sessions, clock):
    chat = await _in_state(dispatcher, sessions, clock, "text")
    async with sessions() as session, session.begin():
        await session.execute(delete(Report))
    told = await chat.say(PROGRESS)
    assert texts.CHECKIN_STALE_REPORT in told
    assert "开始填报" in await chat.say("填报")  # and the way out works


async def test_a_contact_dropped_from_the_roster_mid_flow_is_told(dispatcher, sessions, clock):
    chat = await _in_state(dispatcher, sessions, clock, "text")
    async with sessions() as session, session.begin():
        person = await Repositories(session).registry.person(CONTACT)
        assert person is not None
        person.active = False
    told = await chat.say(PROGRESS)
    assert texts.CHECKIN_NO_LONGER_ALLOWED in told and "赵六" in told
    report = await report_of(sessions)
    assert report is not None and "progress" not in report.answers and report.editor is None


async def test_a_broken_state_ends_with_a_note_not_an_error_forever(dispatcher, sessions, clock):
    """A state written by an older version (no period in it): one note, then all is well."""
    await seed_roster(sessions, clock)
    async with sessions() as session, session.begin():
        session.add(
            Conversation(
                user_key=CONTACT.lower(),
                flow="checkin",
                step="progress",
                data={"tf": "paying_taxes"},
                updated_at=clock.now(),
            )
        )
    chat = Chat(dispatcher, clock, CONTACT)
    assert texts.FLOW_FAILED in await chat.say(PROGRESS)
    assert "开始填报" in await chat.say("填报")


def _dispatcher(sessions, kb, clock, database_url, hours: float) -> Dispatcher:
    settings = Settings(_env_file=None, database_url=database_url, checkin_idle_hours=hours)
    return Dispatcher(sessions, kb, clock, settings, build_router())


async def test_an_idle_conversation_expires_and_says_so(
    sessions, kb, clock, database_url, dispatcher
):
    chat = await _in_state(dispatcher, sessions, clock, "text")
    clock.advance(timedelta(hours=2))
    short = Chat(_dispatcher(sessions, kb, clock, database_url, hours=1.5), clock, CONTACT)
    told = await short.say(PROGRESS)
    assert "1.5小时" in told and "2026年11月25日 10:07" in told
    assert texts.CHECKIN_EXPIRED_NOT_SAVED in told
    report = await report_of(sessions)
    assert report is not None and "progress" not in report.answers and report.editor is None
    # The draft and the place in it are kept: 继续 asks the same question.
    resumed = await short.say("继续")
    assert "工作推进情况" in resumed and chat.user == CONTACT


async def test_the_default_idle_limit_is_a_day(dispatcher, sessions, clock):
    chat = await _in_state(dispatcher, sessions, clock, "text")
    clock.advance(timedelta(hours=23))
    assert "二级指标" in await chat.say(PROGRESS)
    clock.advance(timedelta(hours=25))
    assert "24小时" in await chat.say("无")


async def test_a_busy_contact_is_told_what_was_not_saved(dispatcher, sessions, clock):
    chat = await _in_state(dispatcher, sessions, clock, "busy")
    told = await chat.say(PROGRESS)
    assert "李四正在填报" in told and "2026年11月25日 10:07" in told
    assert texts.CHECKIN_NOT_SAVED_BUSY.format(text=PROGRESS[:30] + "…") in told
    report = await report_of(sessions)
    assert report is not None and "progress" not in report.answers


async def test_an_idle_claim_lapses_for_the_other_contact(dispatcher, sessions, clock):
    await _in_state(dispatcher, sessions, clock, "text")
    clock.advance(timedelta(hours=25))
    second = Chat(dispatcher, clock, SECOND_CONTACT)
    opened = await second.say("填报")
    assert "正在填报" not in opened and "工作推进情况" in opened
    await second.say(PROGRESS)
    report = await report_of(sessions)
    assert report is not None and report.editor == SECOND_CONTACT
    assert report.answers["progress"] == PROGRESS


async def test_help_and_restart_in_another_flow_keep_their_meaning(
    dispatcher, sessions, clock, office_people
):
    """The office's pending 晾晒 confirmation: 帮助 keeps it waiting, 重新开始 leaves it."""
    await say(dispatcher, clock, "成绩 2026 纳税 92.5 2")
    await say(dispatcher, clock, "晾晒 2026")
    helped = reply_of(await say(dispatcher, clock, "帮助"))
    assert texts.FLOW_PENDING in helped
    assert texts.OFFICE_PUBLISH_CANCELLED in reply_of(await say(dispatcher, clock, "取消"))
    await say(dispatcher, clock, "晾晒 2026")
    restarted = reply_of(await say(dispatcher, clock, "重新开始"))
    assert texts.RESTARTED in restarted
    async with sessions() as session:
        row = await session.get(Conversation, OFFICE_USER.lower())
    assert row is not None and row.flow is None
    assert await outbox(sessions) == []
