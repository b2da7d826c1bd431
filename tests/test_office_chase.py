"""催报: a reminder now, through the outbox, at most once a task force a day."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.clock import LOCAL_TZ
from core.messages import Outbound, Text, ToUsers
from handlers import notices, texts
from tests.factories import add_person, outbox, recipient_of, text_of
from tests.office_support import (
    OFFICE,
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
        texts.OFFICE_SENT_NOW.format(count=1),
    ]
    [message] = await outbox(sessions)
    assert message.outbound == Outbound(ToUsers.of(TAX_CONTACT), Text(text_of(message)))
    assert "纳税指标专班2026年第四季度工作情况尚未提交" in text_of(message)
    assert "12月25日（周五）" in text_of(message)
    assert message.next_attempt_at == clock.now()
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
    assert lines[3] == texts.OFFICE_CHASE_REPEATED.format(names="纳税")
    assert lines[4].startswith("名单中没有联系人、无法催报：开办企业，办理建筑许可")
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


async def test_a_contact_of_two_task_forces_gets_one_chase(dispatcher, sessions, clock, kb):
    both = [tf for tf in kb.task_forces if "工信局" in tf.lead_units][:2]
    assert len(both) == 2, "the knowledge has two task forces led by 工信局"
    async with sessions() as session, session.begin():
        await add_person(
            session, userid=OFFICE, name="王主任", unit="政务服务办", now=clock.now(), office=True
        )
        await add_person(
            session,
            userid="two",
            name="两专班联系人",
            unit="工信局",
            now=clock.now(),
            task_forces={tf.id: "contact" for tf in both},
        )
    reply = reply_of(await say(dispatcher, clock, "催报 全部"))
    assert texts.OFFICE_CHASE_SENT.format(count=2) in reply
    assert texts.OFFICE_SENT_NOW.format(count=1) in reply
    [message] = await outbox(sessions)
    assert recipient_of(message) == "two"
    assert texts.NOTICES_HEADER.format(count=2) in text_of(message)
    assert all(tf.name in text_of(message) for tf in both)


async def test_chase_outside_office_hours_waits_for_the_next_working_morning(
    dispatcher, sessions, clock, office_people
):
    clock.set(datetime(2026, 12, 4, 21, 46, tzinfo=LOCAL_TZ))  # a Friday night
    reply = reply_of(await say(dispatcher, clock, "催报 纳税"))
    [message] = await outbox(sessions)
    monday = datetime(2026, 12, 7, 9, 1, tzinfo=LOCAL_TZ)
    assert message.next_attempt_at == monday + notices.AFTER_THE_TICK
    assert "12月7日（周一） 09:01" in reply
    assert notices.IMMEDIATE_WORD in reply


async def test_chase_immediately_when_asked(dispatcher, sessions, clock, office_people):
    clock.set(datetime(2026, 12, 6, 10, 0, tzinfo=LOCAL_TZ))  # a Sunday
    reply = reply_of(await say(dispatcher, clock, "催报 纳税 立即发送"))
    [message] = await outbox(sessions)
    assert message.next_attempt_at == clock.now()
    assert texts.OFFICE_SENT_NOW.format(count=1) in reply


async def test_a_locked_quarter_is_never_chased(dispatcher, sessions, clock, office_people):
    clock.set(datetime(2027, 1, 18, 10, 7, tzinfo=LOCAL_TZ))  # after 2026Q4's lock day (1-15)
    reply = reply_of(await say(dispatcher, clock, "催报 全部 2026Q4"))
    assert "2026年第四季度" in reply and "1月15日（周五）" in reply
    assert await outbox(sessions) == []
