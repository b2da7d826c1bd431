"""帮助 lists only what that user may do: the office its commands (the problem list's and
the targets' too) and the roster file; a lead unit's 联系人 and 分管领导 the check-in and
their self-service questions (the 分管领导 the 确认 when it is on); anyone on a task force
the problem owner's words; an outsider the questions alone; an office member who is also a
contact both."""

from __future__ import annotations

from bot.dispatcher import Dispatcher
from core.office_commands import OfficeCommand
from core.settings import Settings
from handlers import texts
from handlers.office import COMMANDS
from handlers.problems import texts as problem_texts
from handlers.routing import build_router
from tests.office_support import (
    OFFICE,
    OUTSIDER,
    PEOPLE,
    TAX_CONTACT,
    TAX_LEADER,
    add_people,
    reply_of,
    say,
)

OFFICE_CONTACT = "ZhengWu"  # of the office, and contact of 办理建筑许可 (政务服务办 leads it)
TAX_MEMBER = "tax_member"  # a plain 成员 of 纳税's lead unit
HOUSING = "housing_contact"  # contact of 住建委, a responsible unit of 办理建筑许可
CAST = (
    *PEOPLE,
    (OFFICE_CONTACT, "政务联系人", "政务服务办", {"construction_permits": "contact"}, True),
    (TAX_MEMBER, "税务成员", "税务局", {"paying_taxes": "member"}, False),
    (HOUSING, "住建联系人", "住建委", {"construction_permits": "contact"}, False),
)
FILL = "回复“填报”"
SELF_SERVICE = "我的待办"
NEW_OFFICE_WORDS = (
    OfficeCommand.ASSIGN,
    OfficeCommand.PROBLEMS,
    OfficeCommand.CLOSE,
    OfficeCommand.RETURN_CLOSE,
    OfficeCommand.TARGETS,
    OfficeCommand.PERIOD,
)


def command_lines(text: str) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if any(line.startswith(f"· {word} ") for word in COMMANDS)
    ]


async def help_for(dispatcher, clock, user: str) -> str:
    return reply_of(await say(dispatcher, clock, "帮助", user=user))


async def test_the_office_sees_every_command_and_the_roster_file(dispatcher, sessions, clock):
    await add_people(sessions, clock.now(), CAST)
    text = await help_for(dispatcher, clock, OFFICE)
    assert len(command_lines(text)) == len(COMMANDS)
    for word in NEW_OFFICE_WORDS:
        assert any(line.startswith(f"· {word.value} ") for line in command_lines(text))
    assert ".xlsx" in text and "立即发送" in text
    # Not on any task force: no check-in, no problem owner's words.
    assert FILL not in text and problem_texts.HELP_PROBLEMS not in text


async def test_an_office_member_who_is_a_contact_sees_both(dispatcher, sessions, clock):
    await add_people(sessions, clock.now(), CAST)
    text = await help_for(dispatcher, clock, OFFICE_CONTACT)
    assert len(command_lines(text)) == len(COMMANDS)
    assert FILL in text and "建筑许可" in text and SELF_SERVICE in text
    assert problem_texts.HELP_PROBLEMS in text


async def test_a_contact_sees_the_check_in_and_the_problem_words_but_no_command(
    dispatcher, sessions, clock
):
    await add_people(sessions, clock.now(), CAST)
    text = await help_for(dispatcher, clock, TAX_CONTACT)
    assert text.startswith(texts.HELP) and command_lines(text) == []
    assert FILL in text and "纳税" in text and "联系人" in text and SELF_SERVICE in text
    assert problem_texts.HELP_PROBLEMS in text
    assert texts.HELP_LEADER_CONFIRM not in text


async def test_a_leader_sees_the_confirmation_only_when_it_is_on(
    dispatcher, sessions, kb, clock, database_url
):
    await add_people(sessions, clock.now(), CAST)
    off = await help_for(dispatcher, clock, TAX_LEADER)
    assert FILL in off and "分管领导" in off and texts.HELP_LEADER_CONFIRM not in off
    settings = Settings(_env_file=None, database_url=database_url, leader_confirmation=True)
    confirming = Dispatcher(sessions, kb, clock, settings, build_router())
    on = await help_for(confirming, clock, TAX_LEADER)
    assert texts.HELP_LEADER_CONFIRM in on and command_lines(on) == []
    # The confirmation is the 分管领导's: a contact is not offered it.
    assert texts.HELP_LEADER_CONFIRM not in await help_for(confirming, clock, TAX_CONTACT)


async def test_plain_members_get_the_problem_words_and_outsiders_the_questions(
    dispatcher, sessions, clock
):
    await add_people(sessions, clock.now(), CAST)
    for member in (TAX_MEMBER, HOUSING):  # on a task force, but filling no report
        text = await help_for(dispatcher, clock, member)
        assert text == texts.HELP + problem_texts.HELP_PROBLEMS
    assert await help_for(dispatcher, clock, OUTSIDER) == texts.HELP
