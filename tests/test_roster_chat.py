"""Roster questions in chat: answered from the roster to its people and the office only."""

from __future__ import annotations

import pytest

from handlers import texts
from tests.chat import incoming
from tests.roster_files import SAMPLE, run_import


@pytest.fixture
async def ask(dispatcher, sessions, kb, clock):
    await run_import(sessions, kb, clock, SAMPLE)

    async def ask(text: str, user: str = "gxj_contact"):
        result = await dispatcher.feed(incoming(clock, user, text))
        return result.intent, "\n".join(reply.text for reply in result.replies)

    return ask


async def test_contacts_of_a_task_force(ask):
    intent, text = await ask("获得电力专班的联系人是谁")
    assert intent == "roster.people"
    assert text.splitlines() == [
        "获得电力指标专班的联系人：",
        "· 工信局：工信局联系人（gxj_contact）",
        "· 国网东丽供电公司：国网东丽供电公司联系人（gdgs_contact）",
    ]


async def test_leader_of_a_task_force(ask):
    intent, text = await ask("谁是纳税专班的分管领导？")
    assert intent == "roster.people"
    assert "纳税指标专班的分管领导" in text and "税务局分管领导（swuju_leader）" in text
    assert "swuju_contact" not in text


async def test_contacts_of_a_unit_across_task_forces(ask):
    intent, text = await ask("工信局的联系人", user="YSHJ_OFFICE")  # the office, any case
    assert intent == "roster.people"
    assert text.splitlines() == [
        "工信局的联系人：",
        "· 工信局联系人（gxj_contact）：办理建筑许可指标专班、获得电力指标专班、"
        "包容普惠创新-创新创业活跃度指标专班",
    ]


@pytest.mark.parametrize("question", ["我是哪个专班的", "我的专班", "我在哪个专班？"])
async def test_my_task_forces(ask, question):
    intent, text = await ask(question, user="rsj_leader")
    assert intent == "roster.mine"
    assert text.splitlines() == [
        "人社局分管领导，您在以下专班：",
        "· 劳动力市场监管指标专班：分管领导（人社局）",
        "· 包容普惠创新-人才流动便利度指标专班：分管领导（人社局）",
    ]


async def test_an_office_member_on_no_task_force(ask):
    _, text = await ask("我的专班", user="yshj_director")
    assert text == texts.ROSTER_MINE_OFFICE.format(name="营商环境办公室主任")


@pytest.mark.parametrize("question", ["工信局的联系人", "我的专班"])
async def test_someone_off_the_roster_is_told_whom_to_ask(ask, question):
    intent, text = await ask(question, user="stranger")
    assert intent == "roster.denied"
    assert "gxj_contact" not in text
    assert "营商环境办公室主任（yshj_director）" in text


async def test_a_task_force_with_nobody_in_that_role(ask):
    _, text = await ask("开办企业专班的成员")
    assert text == texts.ROSTER_NOBODY.format(subject="开办企业指标专班", role="成员")


@pytest.mark.parametrize(
    "question",
    [
        "谁牵头获得电力",
        "获得电力的责任单位",
        "工作人员名单谁来汇总",
        "谁是指标的第一责任人",
        "分管领导是谁",
        "“双随机、一公开”联席会议成员单位有哪些",
    ],
)
async def test_knowledge_questions_are_left_to_the_qa(ask, question):
    intent, _ = await ask(question)
    assert not intent.startswith("roster")
