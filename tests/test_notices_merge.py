"""Notices held for the next working morning leave as one message per person: a 催报 at
20:00, a 延期 and a 免报 later that evening, a contact's submission at 22:00 and a 退回 after
it — each person gets ONE message listing all of theirs, in order, when they fall due; a
crash before the claim commits loses nothing, and two workers send nothing twice."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from core.clock import local
from core.messages import Outbound, Text, ToUsers
from core.notices import Notices
from handlers import texts
from storage.models import OutboxMessage
from storage.repositories import Repositories
from storage.repositories.outbox import MERGED, WITHDRAWN
from tests.chat import Chat
from tests.checkin_support import (
    CONTACT,
    LEADER,
    MARKET,
    OFFICE,
    SECOND_CONTACT,
    at,
    fill_without_lags,
    seed_roster,
)
from tests.delivery_support import CHASED, roster_rig
from tests.fakes.harness import wecom_settings


async def rows(sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_notices_read_as_one_item_or_a_numbered_list():
    one = Notices("共{count}项：", ("催报 纳税",), ("chase:2026Q4/paying_taxes",))
    assert one.text == "催报 纳税"
    both = one.merged(Notices("另一标题{count}", ("退回 纳税", "催报 纳税")))
    assert both.text == "共2项：\n1. 催报 纳税\n2. 退回 纳税"  # in order, each once
    assert both.without(frozenset({"chase:2026Q4/paying_taxes"})).items == ("退回 纳税",)
    assert Notices.from_json(both.to_json()) == both


async def an_evening_of_notices(dispatcher, sessions, clock) -> None:
    """Wednesday evening 2026-12-09: office commands and a late submission, all held."""
    clock.set(at("2026-12-09 10:00"))
    await seed_roster(sessions, clock)
    office = Chat(dispatcher, clock, OFFICE[0])
    clock.set(at("2026-12-09 20:00"))
    chased = await office.say("催报 全部")
    assert "12月10日（周四）" in chased  # when they will go out
    clock.set(at("2026-12-09 21:00"))
    await office.say("延期 开办企业 12月30日 负责同志出差")
    clock.set(at("2026-12-09 21:30"))
    await office.say("免报 知识产权 2026Q4 本季度无新增工作")
    clock.set(at("2026-12-09 22:00"))
    receipt = await fill_without_lags(Chat(dispatcher, clock, CONTACT))
    assert "第1版" in receipt  # the contact's own receipt is immediate: they are writing
    clock.set(at("2026-12-09 22:30"))
    await office.say("退回 纳税 请补充量化成效")
    # Nothing may leave before the next working morning.
    morning = at("2026-12-10 09:00")
    assert all(local(row.next_attempt_at) >= morning for row in await rows(sessions))


async def test_held_notices_leave_as_one_message_per_person(
    dispatcher, sessions, clock, database_url
):
    await an_evening_of_notices(dispatcher, sessions, clock)
    async with roster_rig(database_url, sessions, clock) as rig:
        clock.set(at("2026-12-10 08:59"))
        await rig.worker.run_once()
        assert rig.api.seen == []  # not at night
        clock.set(at("2026-12-10 09:05"))
        await rig.worker.run_once()
        seen = {entry.to: entry.text for entry in rig.api.seen}
        assert len(seen) == len(rig.api.seen)  # one message per person
        # 孙八 was chased for 开办企业 and 知识产权 at 20:00; the 延期 and the 免报 that followed
        # took those items back. What is left: the 延期, then the 免报, in one message.
        market = seen[MARKET.lower()]
        assert texts.NOTICES_HEADER.format(count=2) in market and CHASED not in market
        first, second = market.splitlines()[1:]
        assert first.startswith("1.") and "开办企业" in first and "12月30日" in first
        assert second.startswith("2.") and "知识产权" in second
        leader = seen[LEADER.lower()]  # the 提交 at 22:00, then the 退回 at 22:30
        assert texts.NOTICES_HEADER.format(count=2) in leader
        assert leader.index("李四") < leader.index("请补充量化成效")
        for contact in (CONTACT, SECOND_CONTACT):  # the 退回; their 催报 went with the 提交
            assert (
                "请补充量化成效" in seen[contact.lower()] and CHASED not in seen[contact.lower()]
            )
        for member in OFFICE:  # the submission's notice, alone
            assert "纳税指标专班" in seen[member.lower()]
    stored = await rows(sessions)
    assert {row.status for row in stored} <= {"sent", MERGED, WITHDRAWN}
    merged = [row for row in stored if row.status == MERGED]
    sent_ids = {row.id for row in stored if row.status == "sent"}
    assert merged and all(row.delivery["merged_into"] in sent_ids for row in merged)


async def test_a_crash_before_the_claim_commits_loses_nothing(
    dispatcher, sessions, clock, database_url
):
    await an_evening_of_notices(dispatcher, sessions, clock)
    clock.set(at("2026-12-10 09:05"))
    before = [(row.id, row.status, row.message) for row in await rows(sessions)]
    async with sessions() as session, session.begin():
        claimed = await Repositories(session).outbox.claim_due(clock.now(), clock.now(), 50)
        assert claimed
        await session.rollback()  # the process died before its claim committed
    assert [(row.id, row.status, row.message) for row in await rows(sessions)] == before
    async with roster_rig(database_url, sessions, clock) as rig:
        await rig.worker.run_once()
        people = [entry.to for entry in rig.api.seen]
        assert len(people) == len(set(people)) and MARKET.lower() in people


async def test_two_workers_send_each_person_one_message(dispatcher, sessions, clock, database_url):
    await an_evening_of_notices(dispatcher, sessions, clock)
    clock.set(at("2026-12-10 09:05"))
    async with roster_rig(database_url, sessions, clock) as rig:
        second = type(rig.worker)(
            sessions,
            rig.worker._client,
            clock,
            wecom_settings(database_url, rig.api.base_url),
        )
        await asyncio.gather(rig.worker.run_once(), second.run_once())
        await rig.worker.run_once()
        people = [entry.to for entry in rig.api.seen]
        assert len(people) == len(set(people))
        assert texts.NOTICES_HEADER.format(count=2) in rig.api.seen_by(MARKET)[0].text


async def chase_tax_at_night(dispatcher, sessions, clock) -> None:
    """The roster, then a 催报 of 纳税 on Wednesday at 20:00, held for the morning."""
    clock.set(at("2026-12-09 10:00"))
    await seed_roster(sessions, clock)
    clock.set(at("2026-12-09 20:00"))
    await Chat(dispatcher, clock, OFFICE[0]).say("催报 纳税")


async def test_a_chase_waiting_for_the_morning_is_withdrawn_by_the_submission(
    dispatcher, sessions, clock, database_url
):
    await chase_tax_at_night(dispatcher, sessions, clock)
    clock.set(at("2026-12-09 21:00"))
    await fill_without_lags(Chat(dispatcher, clock, CONTACT))
    assert {row.status for row in await rows(sessions) if row.source == "office.chase"} == {
        WITHDRAWN
    }
    async with roster_rig(database_url, sessions, clock) as rig:
        clock.set(at("2026-12-10 09:05"))
        await rig.worker.run_once()
        assert rig.api.seen_by(CONTACT) == [] and rig.api.seen_by(SECOND_CONTACT) == []
        assert "李四" in rig.api.seen_by(LEADER)[0].text  # the 提交 notice, in office hours


async def test_a_chase_that_would_wait_past_the_lock_day_is_not_queued(
    dispatcher, sessions, clock
):
    clock.set(at("2026-12-09 10:00"))
    await seed_roster(sessions, clock)
    office = Chat(dispatcher, clock, OFFICE[0])
    clock.set(at("2027-01-15 20:00"))  # the lock day's evening: Monday would be too late
    refused = await office.say("催报 全部 2026Q4")
    assert (
        texts.OFFICE_CHASE_AFTER_LOCK.split("，")[0].format(
            quarter="2026年第四季度", lock="1月15日（周五）"
        )
        in refused
    )
    assert await rows(sessions) == []
    await office.say("催报 全部 2026Q4 立即发送")
    assert all(row.next_attempt_at == clock.now() for row in await rows(sessions))
    assert {row.source for row in await rows(sessions)} == {"office.chase"}


async def test_a_notice_held_for_the_morning_does_not_hold_back_an_answer_tonight(
    sessions, clock, database_url
):
    clock.set(at("2026-12-09 22:00"))
    async with roster_rig(database_url, sessions, clock) as rig:
        async with sessions() as session, session.begin():
            await Repositories(session).outbox.enqueue_notices(
                LEADER,
                Notices(texts.NOTICES_HEADER, ("【提交】纳税指标专班已提交",)),
                source="checkin",
                now=clock.now(),
                not_before=at("2026-12-10 09:01"),
            )
            # The leader writes meanwhile; the answer (a reply with buttons) goes out actively.
            await Repositories(session).outbox.enqueue(
                Outbound(ToUsers.of(LEADER), Text("您的待办（共1项）")),
                source="reply",
                now=clock.now(),
            )
        await rig.worker.run_once()
        assert [entry.text for entry in rig.api.seen_by(LEADER)] == ["您的待办（共1项）"]
        clock.set(at("2026-12-10 09:01"))
        await rig.worker.run_once()
        assert rig.api.seen_by(LEADER)[-1].text == "【提交】纳税指标专班已提交"


async def test_a_take_over_at_night_reaches_the_other_contact_in_the_morning_with_the_rest(
    dispatcher, sessions, clock, database_url
):
    await chase_tax_at_night(dispatcher, sessions, clock)
    first = Chat(dispatcher, clock, CONTACT)
    clock.set(at("2026-12-09 21:30"))
    await first.say("填报")
    await first.say("11月20日")
    clock.set(at("2026-12-09 22:00"))
    second = Chat(dispatcher, clock, SECOND_CONTACT)
    await second.say("填报")
    taken = await second.say("接管")
    assert texts.CHECKIN_TAKEN_OVER.format(name="李四") in taken  # the taker's answer: at once
    morning = at("2026-12-10 09:00")
    told = [row for row in await rows(sessions) if row.outbound.to == ToUsers.of(CONTACT)]
    assert told and all(local(row.next_attempt_at) >= morning for row in told)
    async with roster_rig(database_url, sessions, clock) as rig:
        clock.set(at("2026-12-09 23:00"))
        await rig.worker.run_once()
        assert rig.api.seen_by(CONTACT) == []  # not at night
        clock.set(at("2026-12-10 09:05"))
        await rig.worker.run_once()
        [message] = rig.api.seen_by(CONTACT)  # the 催报 and the take-over, as one
        assert texts.NOTICES_HEADER.format(count=2) in message.text
        assert CHASED in message.text and "赵六已于2026年12月9日 22:00接管" in message.text


async def test_the_morning_reminders_join_the_held_notices_as_one_message(
    dispatcher, sessions, clock, settings, database_url
):
    from bot.scheduler import Scheduler

    await chase_tax_at_night(dispatcher, sessions, clock)
    clock.set(at("2026-12-09 21:00"))
    await Chat(dispatcher, clock, OFFICE[0]).say("延期 开办企业 12月30日 负责同志出差")
    scheduler = Scheduler(sessions, clock, settings)
    clock.set(at("2026-12-10 09:01"))
    held = [(row.id, row.status, row.message) for row in await rows(sessions)]
    await scheduler.tick(clock.now(), dry_run=True)  # a tick rolled back changes nothing
    assert [(row.id, row.status, row.message) for row in await rows(sessions)] == held
    ticked = await scheduler.tick(clock.now())
    reminders = {
        userid.lower(): message.text
        for message in ticked.messages
        if isinstance(message.message.to, ToUsers)
        for userid in message.message.to.userids
    }
    assert {CONTACT.lower(), SECOND_CONTACT.lower(), MARKET.lower()} <= set(reminders)
    async with roster_rig(database_url, sessions, clock) as rig:
        await rig.worker.run_once()
        people = [entry.to for entry in rig.api.seen]
        assert len(people) == len(set(people))  # one message per person this morning
        for userid in (CONTACT, SECOND_CONTACT):  # the 催报 and the ladder's reminder
            [message] = rig.api.seen_by(userid)
            assert texts.NOTICES_HEADER.format(count=2) in message.text
            assert CHASED in message.text and reminders[userid.lower()] in message.text
        [market] = rig.api.seen_by(MARKET)  # the 延期 and the reminder
        assert "12月30日" in market.text and reminders[MARKET.lower()] in market.text
        # The ladder's keys stay reserved: the next tick queues nothing again; the notices
        # with no reminder to join (刘九's 延期) leave half a minute after the tick.
        clock.set(at("2026-12-10 09:02"))
        assert (await scheduler.tick(clock.now())).messages == ()
        await rig.worker.run_once()
        people = [entry.to for entry in rig.api.seen]
        assert len(people) == len(set(people)) and "liujiu" in people
