"""The console as a whole: who may use it, 帮助, and how commands are recognised."""

from __future__ import annotations

import pytest

from handlers import texts
from handlers.office import COMMANDS
from tests.factories import outbox, recipient_of
from tests.office_support import OFFICE, OUTSIDER, TAX_CONTACT, reply_of, say


async def test_help_for_the_office_lists_every_command_with_an_example(
    dispatcher, clock, office_people
):
    text = reply_of(await say(dispatcher, clock, "帮助"))
    for word in COMMANDS:
        line = next(line for line in text.splitlines() if line.startswith(f"· {word} "))
        assert f"例：{word}" in line


async def test_help_for_others_is_what_they_can_do(dispatcher, clock, office_people):
    outsider = reply_of(await say(dispatcher, clock, "帮助", user=OUTSIDER))
    assert outsider == texts.HELP  # questions only: nothing to fill, no commands
    contact = reply_of(await say(dispatcher, clock, "帮助", user=TAX_CONTACT))
    assert contact.startswith(texts.HELP)
    assert "纳税" in contact and "填报" in contact and "我的待办" in contact
    lines = contact.splitlines()  # no office command is offered
    assert not any(line.startswith(f"· {word} ") for word in COMMANDS for line in lines)


async def test_commands_without_a_space_and_in_full_width(
    dispatcher, sessions, clock, office_people
):
    result = await say(dispatcher, clock, "导出２０２６Ｑ４")
    assert result.intent == "office.export"
    result = await say(dispatcher, clock, "进度Q4")
    assert result.intent == "office.progress" and "2026年第四季度" in reply_of(result)
    result = await say(dispatcher, clock, "未报 2026年第四季度")
    assert result.intent == "office.missing"
    # What merely starts with a command word stays a question.
    result = await say(dispatcher, clock, "进度怎么查")
    assert not result.intent.startswith("office.")


@pytest.mark.parametrize("word", list(COMMANDS))
async def test_every_command_is_refused_to_a_contact(
    dispatcher, sessions, clock, office_people, word
):
    result = await say(dispatcher, clock, f"{word} 纳税", user=TAX_CONTACT)
    assert result.intent == "office.refused"
    assert reply_of(result).startswith(f"抱歉，“{word}”是区营商环境办公室的管理命令")
    assert "请联系区营商环境办公室的王主任" in reply_of(result)


async def test_refusal_without_office_members_names_the_office(dispatcher, clock):
    text = reply_of(await say(dispatcher, clock, "导出", user=OUTSIDER))
    assert "请联系区营商环境办公室（区政务服务办）" in text


async def test_a_question_that_starts_like_a_command_is_not_one(dispatcher, clock, office_people):
    result = await say(dispatcher, clock, "进度怎么查", user=OUTSIDER)
    assert result.intent != "office.refused"


async def test_full_width_space_separates_arguments(dispatcher, clock, office_people):
    assert reply_of(await say(dispatcher, clock, "进度\u30002026Q3")).startswith("2026年第三季度")


async def test_an_indicator_with_several_task_forces_asks_which(dispatcher, clock, office_people):
    assert reply_of(await say(dispatcher, clock, "查看 市场监管")) == (
        texts.OFFICE_TASK_FORCE_WHICH.format(
            text="市场监管",
            names="，".join(
                ("“双随机、一公开”、信用监管", "政务诚信度", "商务诚信度", "“互联网+”")
            ),
        )
    )


async def test_the_roster_comes_as_a_file_in_chat(dispatcher, sessions, clock, office_people):
    result = await say(dispatcher, clock, "名单")
    assert result.intent == "office.roster"
    [message] = await outbox(sessions)
    assert (recipient_of(message), message.outbound.body.kind) == (OFFICE, "file")
    assert message.outbound.body.filename.endswith(".xlsx")


async def test_the_reminder_schedule_in_chat(dispatcher, clock, office_people):
    result = await say(dispatcher, clock, "提醒 2026Q4")
    assert result.intent == "office.reminders"
    text = reply_of(result)
    assert "2026Q4" in text and "纳税指标专班" in text
    assert texts.SCHEDULE_NEVER_TICKED in text
