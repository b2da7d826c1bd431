"""Links from chat into the console, when ZHUANBAN_PUBLIC_URL says where it is."""

from __future__ import annotations

import pytest

from bot.dispatcher import Dispatcher
from bot.scheduler import Scheduler
from core.clock import ManualClock
from core.messages import Card, Markdown, ToRobot
from handlers.checkin.flow import LONG_ANSWER
from handlers.routing import build_router
from tests.console_support import CONSOLE_SECRET, queued
from tests.factories import outbox
from tests.office_support import (
    ANSWERS,
    OFFICE,
    TAX_CONTACT,
    TAX_LEADER,
    reply_of,
    say,
    submit_report,
)
from tests.reminder_world import at, narrow_settings, sent

PUBLIC = "https://zhuanban.example.gov.cn"
PUBLIC_SETTINGS = {"public_url": PUBLIC, "console_secret": CONSOLE_SECRET}
TAX_PAGE = f"{PUBLIC}/console/task-forces/paying_taxes"
TAX_FORM = f"{PUBLIC}/console/checkin/paying_taxes?q=2026Q4"


def _public(sessions, kb, clock, settings, **more) -> Dispatcher:
    public = settings.model_copy(update=PUBLIC_SETTINGS | more)
    return Dispatcher(sessions, kb, clock, public, build_router())


async def test_progress_links_to_the_quarters_board(sessions, kb, clock, settings, office_people):
    text = reply_of(await say(_public(sessions, kb, clock, settings), clock, "进度 2026Q4"))
    assert f"{PUBLIC}/console/?q=2026Q4" in text


async def test_without_a_public_url_no_link_is_sent(dispatcher, clock, office_people):
    assert "/console" not in reply_of(await say(dispatcher, clock, "进度"))


async def _check_in(chat, clock) -> None:
    await say(chat, clock, "填报", TAX_CONTACT)
    for answer in (
        "是 11月20日",
        ANSWERS["progress"],
        "无",
        "无",
        "推广电子税务局新功能。",
        "否",
        "跳过",
        "确认提交",
    ):
        await say(chat, clock, answer, TAX_CONTACT)


async def test_submission_notices_link_to_the_task_force_page(
    sessions, kb, clock, settings, office_people
):
    await _check_in(_public(sessions, kb, clock, settings), clock)
    notices = {m.recipient: m.text for m in await queued(sessions)}
    assert TAX_PAGE in notices[OFFICE]


async def test_a_leaders_confirmation_is_asked_and_told_with_the_page(
    sessions, kb, clock, settings, office_people
):
    chat = _public(sessions, kb, clock, settings, leader_confirmation=True)
    await _check_in(chat, clock)
    assert OFFICE not in {m.recipient for m in await queued(sessions)}
    [request] = [
        m.outbound.body for m in await outbox(sessions) if isinstance(m.outbound.body, Card)
    ]
    assert request.url == TAX_PAGE  # the 分管领导 reviews the report there: a tap on the card
    assert TAX_PAGE not in request.text
    await say(chat, clock, "确认", TAX_LEADER)
    notices = {m.recipient: m.text for m in await queued(sessions)}
    assert TAX_PAGE in notices[OFFICE]


@pytest.mark.parametrize("public", [True, False])
async def test_office_notices_link_to_the_matching_page(
    sessions, kb, clock, settings, office_people, public
):
    """通过 and 免报: the task force's page; 截止 and 延期: the contact's form for that
    quarter."""
    chat = _public(sessions, kb, clock, settings) if public else None
    chat = chat or Dispatcher(sessions, kb, clock, settings, build_router())
    await say(chat, clock, "截止 2026Q4 12月28日")
    await submit_report(sessions, clock.now())
    await say(chat, clock, "通过 纳税")
    await say(chat, clock, "延期 纳税 12月30日 负责同志出差")
    await say(chat, clock, "免报 纳税 2027Q1 机构调整")
    notices = [m.text for m in await queued(sessions) if m.recipient == TAX_CONTACT]
    assert len(notices) == 4
    deadline, accepted, extended, exempted = notices
    assert "12月28日" in deadline and "通过" in accepted
    assert "延期" in extended and "免报" in exempted
    if public:
        assert TAX_FORM in deadline
        assert TAX_PAGE in accepted and TAX_FORM not in accepted
        assert TAX_FORM in extended
        assert TAX_PAGE in exempted
    else:
        assert not any("/console" in text for text in notices)


async def test_the_published_ranking_links_the_ranking_page_in_markdown(
    sessions, kb, clock, settings, office_people
):
    chat = _public(sessions, kb, clock, settings)
    await say(chat, clock, "成绩 2026 纳税 92.5 2")
    await say(chat, clock, "晾晒 2026")
    await say(chat, clock, "确认发布")
    [message] = await outbox(sessions)
    assert message.outbound.to == ToRobot() and isinstance(message.outbound.body, Markdown)
    assert f"]({PUBLIC}/console/ranking?year=2026)" in message.outbound.body.text


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("public", [True, False])
async def test_reminders_link_each_person_to_their_page(sessions, database_url, public):
    """A contact's reminder: the web form of each report it is about; a 分管领导's copy:
    the task force's page; the office group's overdue summary: the quarter's board."""
    settings = narrow_settings(database_url)
    if public:
        settings = settings.model_copy(update=PUBLIC_SETTINGS)
    clock = ManualClock(at("2026-09-01 09:01"))
    scheduler = Scheduler(sessions, clock, settings)
    for moment in ("2026-09-01 09:01", "2026-09-28 09:01", "2026-09-30 09:01"):
        clock.set(at(moment))
        await scheduler.tick(clock.now())
    messages = [(when[:5], to, text) for when, _, to, text, _ in await sent(sessions)]
    by = {(day, to): text for day, to, text in messages}
    form = PUBLIC + "/console/checkin/{}?q=2026Q3"
    page = PUBLIC + "/console/task-forces/{}"
    if not public:
        assert messages and not any("/console" in text for *_, text in messages)
        return
    opening = by[("09-01", "li")]
    assert all(form.format(tf) in opening for tf in ("starting_business", "intellectual_property"))
    assert form.format("paying_taxes") in by[("09-01", "zhang")]
    assert form.format("paying_taxes") not in opening
    assert page.format("paying_taxes") in by[("09-28", "chen")]  # the leader's copy
    assert form.format("paying_taxes") not in by[("09-28", "chen")]
    group = by[("09-30", "office")]
    assert f"{PUBLIC}/console/?q=2026Q3" in group


async def test_the_one_whose_filling_is_taken_over_gets_the_form(
    sessions, kb, clock, settings, office_people
):
    chat = _public(sessions, kb, clock, settings)
    await say(chat, clock, "填报", TAX_LEADER)
    await say(chat, clock, "填报", TAX_CONTACT)
    await say(chat, clock, "接管", TAX_CONTACT)
    [notice] = [m.text for m in await queued(sessions) if m.recipient == TAX_LEADER]
    assert "税务联系人" in notice and TAX_FORM in notice


async def test_a_long_answer_is_offered_the_web_form(sessions, kb, clock, settings, office_people):
    chat = _public(sessions, kb, clock, settings)
    await say(chat, clock, "填报", TAX_CONTACT)
    await say(chat, clock, "是 11月20日", TAX_CONTACT)
    short = reply_of(await say(chat, clock, ANSWERS["progress"], TAX_CONTACT))
    assert "/console/checkin/" not in short
    await say(chat, clock, "修改2", TAX_CONTACT)
    long = reply_of(await say(chat, clock, "推进" * LONG_ANSWER, TAX_CONTACT))
    assert f"{PUBLIC}/console/checkin/paying_taxes?q=2026Q4" in long


async def test_a_chase_and_a_return_link_the_contact_to_the_web_form(
    sessions, kb, clock, settings, office_people
):
    chat = _public(sessions, kb, clock, settings)
    form = f"{PUBLIC}/console/checkin/paying_taxes?q=2026Q4"
    await say(chat, clock, "催报 纳税")
    chased = [m.text for m in await queued(sessions) if m.recipient == TAX_CONTACT]
    assert len(chased) == 1 and form in chased[0]
    await submit_report(sessions, clock.now())
    await say(chat, clock, "退回 纳税 请补充案例")
    notices = [m.text for m in await queued(sessions) if m.recipient == TAX_CONTACT]
    assert len(notices) == 2 and "请补充案例" in notices[1] and form in notices[1]
