"""催报: a reminder now, through the outbox, at most once a task force a day."""

from __future__ import annotations

from datetime import timedelta

from core.messages import Text, ToUsers
from handlers import texts
from tests.factories import outbox
from tests.office_support import (
    OUTSIDER,
    POWER_CONTACT,
    TAX_CONTACT,
    audit_entries,
    reply_of,
    say,
    submit_report,
)


async def test_chase_one_task_force_reaches_its_lead_contacts(
    dispatcher, sessions, clock, office_people
):
    result = await say(dispatcher, clock, "催报 纳税")
    assert result.intent == "office.chase"
    assert reply_of(result).splitlines() == [
        texts.OFFICE_CHASE_SENT.format(count=1),
        "· 纳税 → 税务联系人",
    ]
    [message] = await outbox(sessions)
    assert message.outbound.to == ToUsers.of(TAX_CONTACT)
    assert isinstance(message.outbound.body, Text)
    assert message.outbound.body.text == texts.OFFICE_CHASE_MESSAGE.format(
        task_force="纳税指标专班",
        quarter="2026年第四季度",
        note=texts.OFFICE_CHASE_PENDING.format(due="12月25日"),
    )
    assert message.dedupe_key == "chase:2026Q4:paying_taxes:2026-11-25"
    [entry] = await audit_entries(sessions, "report")
    assert (entry.action, entry.entity_key) == ("report.chase", "2026Q4/paying_taxes")
    assert entry.after == {"recipients": [TAX_CONTACT]}


async def test_chase_all_skips_what_was_chased_today_and_who_has_no_contact(
    dispatcher, sessions, clock, office_people
):
    await say(dispatcher, clock, "催报 纳税")
    clock.advance(timedelta(hours=2))
    text = reply_of(await say(dispatcher, clock, "催报 全部"))
    lines = text.splitlines()
    assert lines[0] == texts.OFFICE_CHASE_SENT.format(count=1)
    assert lines[1] == "· 获得电力 → 工信联系人"
    assert lines[2] == texts.OFFICE_CHASE_REPEATED.format(names="纳税")
    assert lines[3].startswith("名单中没有联系人、无法催报：开办企业，办理建筑许可")
    messages = await outbox(sessions)
    assert [m.outbound.to for m in messages] == [
        ToUsers.of(TAX_CONTACT),
        ToUsers.of(POWER_CONTACT),
    ]

    clock.advance(timedelta(days=1))
    text = reply_of(await say(dispatcher, clock, "催报 全部"))
    assert text.startswith("已向2个专班发送催报：")
    assert len(await outbox(sessions)) == 4


async def test_chase_overdue_and_returned_wording(dispatcher, sessions, clock, office_people):
    clock.advance(timedelta(days=31))  # 12-26: past the due day
    await say(dispatcher, clock, "催报 获得电力")
    await submit_report(sessions, clock.now())
    await say(dispatcher, clock, "退回 纳税 请补充")
    await say(dispatcher, clock, "催报 纳税")
    contents = [m.outbound.body.text for m in await outbox(sessions) if m.source == "office.chase"]
    assert texts.OFFICE_CHASE_OVERDUE.format(due="12月25日") in contents[0]
    assert texts.OFFICE_CHASE_RETURNED in contents[1]


async def test_chase_a_task_force_that_has_reported(dispatcher, sessions, clock, office_people):
    await submit_report(sessions, clock.now())
    assert reply_of(
        await say(dispatcher, clock, "催报 纳税")
    ) == texts.OFFICE_CHASE_NOT_NEEDED.format(
        task_force="纳税", state=texts.OFFICE_STATE_LABELS["submitted"]
    )
    assert await outbox(sessions) == []


async def test_chase_needs_a_target(dispatcher, clock, office_people):
    result = await say(dispatcher, clock, "催报")
    assert reply_of(result) == texts.OFFICE_MISSING_ARGUMENT.format(
        usage=texts.OFFICE_USAGE["催报"]
    )


async def test_chase_unknown_task_force_gets_the_closest_suggestion(
    dispatcher, clock, office_people
):
    text = reply_of(await say(dispatcher, clock, "催报 办理建筑"))
    assert "您是不是要找“办理建筑许可指标专班”" in text


async def test_chase_refused_for_outsiders(dispatcher, sessions, clock, office_people):
    result = await say(dispatcher, clock, "催报 全部", user=OUTSIDER)
    assert result.intent == "office.refused"
    assert await outbox(sessions) == []
