"""签收 through WeCom: the 交办 card reaches each of the owner unit's people through the fake
WeCom API, and a click on its 签收 button signs the problem as typing 签收 would."""

from __future__ import annotations

from bot.app import DELIVERY
from core.problems import ProblemStatus
from tests.fakes.harness import wecom_harness
from tests.office_support import OFFICE, POWER_CONTACT, add_people
from tests.problem_support import POWER_LEADER, POWER_MEMBER, add_power_people, events, problem


async def test_a_click_on_the_card_signs_the_problem(database_url, engine, clock):
    async with wecom_harness(database_url, clock) as h:
        await add_people(h.sessions, clock.now())
        await add_power_people(h.sessions, clock.now())
        h.api.users |= {u.lower() for u in (POWER_CONTACT, POWER_LEADER, POWER_MEMBER, OFFICE)}
        await h.user.say(OFFICE, "交办 获得电力 工信局 2026-12-31 排名下降，原因分析")
        await h.send_outbox()
        [card] = [s for s in h.api.seen_by(POWER_CONTACT) if s.msgtype == "template_card"]
        assert [b["text"] for b in card.content["button_list"]] == ["签收"]
        # The notice is longer than a card's subtitle: it goes first, the card follows.
        assert any("排名下降" in s.text for s in h.api.seen_by(POWER_CONTACT))
        assert [s.msgtype for s in h.api.seen_by(POWER_LEADER)][-1] == "template_card"

        click = h.user.card_click_xml(POWER_CONTACT, *h.api.click(card.content["task_id"], 0))
        response = await h.user.post(click)
        assert response.status == 200
        await h.app[DELIVERY].drain()
        await h.send_outbox()
        signed = await problem(h.sessions, 1)
        assert (signed.status, signed.acknowledged_by) == (
            ProblemStatus.IN_PROGRESS,
            POWER_CONTACT,
        )
        assert any("已签收问题1" in s.text for s in h.api.seen_by(POWER_CONTACT))
        assert h.api.cards[card.content["task_id"]].replaced_name == "已选择：签收"
        # The others of the unit hear who signed.
        assert any(
            "签收" in s.text and "工信联系人" in s.text for s in h.api.seen_by(POWER_LEADER)
        )
        assert [e.actor for e in await events(h.sessions, 1)] == [OFFICE, POWER_CONTACT]


async def test_signing_in_the_middle_of_a_check_in_keeps_the_check_in(
    dispatcher, sessions, clock, office_people
):
    from handlers.checkin import spec
    from tests.office_support import TAX_CONTACT, reply_of, say

    clock.set(clock.now().replace(month=12, day=2))  # the quarter's period is open
    started = reply_of(await say(dispatcher, clock, "填报", user=TAX_CONTACT))
    first = spec.question("meeting").field("held").prompt
    assert first in started
    await say(dispatcher, clock, "交办 纳税 税务局 2026-12-31 办税排队")
    signed = await say(dispatcher, clock, "签收 1", user=TAX_CONTACT)
    assert signed.intent == "problem.acknowledge"
    assert (await problem(sessions, 1)).status is ProblemStatus.IN_PROGRESS
    # The check-in is where it was: the next answer is the meeting's.
    after = reply_of(await say(dispatcher, clock, "否", user=TAX_CONTACT))
    assert spec.question("meeting").field("reason").prompt in after
