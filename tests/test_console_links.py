"""Links from chat into the console, when ZHUANBAN_PUBLIC_URL says where it is."""

from __future__ import annotations

from bot.dispatcher import Dispatcher
from handlers.checkin.flow import LONG_ANSWER
from handlers.routing import build_router
from tests.console_support import CONSOLE_SECRET, queued
from tests.office_support import ANSWERS, OFFICE, TAX_CONTACT, reply_of, say, submit_report

PUBLIC = "https://zhuanban.example.gov.cn"


def _public(sessions, kb, clock, settings) -> Dispatcher:
    public = settings.model_copy(update={"public_url": PUBLIC, "console_secret": CONSOLE_SECRET})
    return Dispatcher(sessions, kb, clock, public, build_router())


async def test_progress_links_to_the_quarters_board(sessions, kb, clock, settings, office_people):
    text = reply_of(await say(_public(sessions, kb, clock, settings), clock, "进度 2026Q4"))
    assert f"{PUBLIC}/console/?q=2026Q4" in text


async def test_without_a_public_url_no_link_is_sent(dispatcher, clock, office_people):
    assert "/console" not in reply_of(await say(dispatcher, clock, "进度"))


async def test_submission_notices_link_to_the_task_force_page(
    sessions, kb, clock, settings, office_people
):
    chat = _public(sessions, kb, clock, settings)
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
    notices = {m.recipient: m.text for m in await queued(sessions)}
    assert f"{PUBLIC}/console/task-forces/paying_taxes" in notices[OFFICE]


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
