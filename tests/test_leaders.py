"""分管领导 in the loop: the optional confirmation step before the office sees a report."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.dispatcher import Dispatcher
from bot.scheduler import Scheduler
from core.clock import LOCAL_TZ
from core.settings import Settings
from handlers import texts
from handlers.notices import AFTER_THE_TICK
from handlers.routing import build_router
from storage.repositories import Repositories
from tests.chat import Chat
from tests.checkin_support import CONTACT, LEADER, OFFICE, fill_without_lags, seed_roster
from tests.factories import outbox, recipient_of, text_of


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


@pytest.fixture
def confirming(database_url) -> Settings:
    return Settings(_env_file=None, database_url=database_url, leader_confirmation=True)


@pytest.fixture
def confirming_dispatcher(sessions, kb, clock, confirming) -> Dispatcher:
    return Dispatcher(sessions, kb, clock, confirming, build_router())


@pytest.fixture
async def people(sessions, clock):
    clock.set(at("2026-12-09 10:00"))  # a Wednesday
    await seed_roster(sessions, clock)


async def office_notices(sessions) -> list:
    """The notices to the office members: one row for each."""
    found = [m for m in await outbox(sessions) if recipient_of(m) in OFFICE]
    assert len(found) % len(OFFICE) == 0
    return found[:: len(OFFICE)]


def test_confirmation_is_off_by_default():
    assert Settings(_env_file=None).leader_confirmation is False


@pytest.mark.usefixtures("people")
async def test_without_confirmation_the_office_hears_at_once(dispatcher, sessions, clock):
    await fill_without_lags(Chat(dispatcher, clock, CONTACT))
    assert len(await office_notices(sessions)) == 1
    leader_notices = [m for m in await outbox(sessions) if recipient_of(m) == LEADER]
    assert len(leader_notices) == 1  # the 分管领导 hears of the 提交


@pytest.mark.usefixtures("people")
async def test_a_submission_waits_for_the_leaders_confirmation(
    confirming_dispatcher, sessions, clock
):
    contact = Chat(confirming_dispatcher, clock, CONTACT)
    office = Chat(confirming_dispatcher, clock, OFFICE[0])
    leader = Chat(confirming_dispatcher, clock, LEADER)
    receipt = await fill_without_lags(contact)
    assert "王五" in receipt  # told who confirms
    assert await office_notices(sessions) == []
    [request] = [m for m in await outbox(sessions) if recipient_of(m) == LEADER]
    assert request.outbound.body.kind == "card"  # a template card whose button sends 确认
    assert [(b.label, b.value) for b in request.outbound.body.buttons] == [
        (texts.LEADER_CONFIRM_WORD, texts.LEADER_CONFIRM_WORD)
    ]
    assert "纳税指标专班" in text_of(request)
    progress = await office.say("进度")
    assert texts.OFFICE_STATE_LABELS["awaiting_leader"] in progress
    refused = await office.say("通过 纳税")
    assert texts.OFFICE_REVIEW_STATES["awaiting_leader"] in refused

    # Both may ask where it stands; the leader finds it among their 待办, then types 确认.
    assert "等待分管领导确认" in await contact.say("我的报告通过了吗")
    todo = await leader.say("我的待办")
    assert "纳税指标专班" in todo and "确认" in todo
    done = await leader.say("确认")
    assert leader.last.intent == "leader.confirm"
    assert "纳税指标专班" in done
    assert len(await office_notices(sessions)) == 1
    async with sessions() as session:
        report = await Repositories(session).reports.report("2026Q4", "paying_taxes")
    assert (report.awaiting_leader, report.leader_confirmed_by) == (False, LEADER)
    assert (await office.say("通过 纳税")).startswith("已通过")
    # Nothing more to confirm: 确认 goes on to the rest of the bot.
    await leader.say("确认")
    assert leader.last.intent != "leader.confirm"


@pytest.mark.usefixtures("people")
async def test_unconfirmed_submissions_are_reminded_then_escalated(
    confirming_dispatcher, sessions, clock, confirming
):
    await fill_without_lags(Chat(confirming_dispatcher, clock, CONTACT))  # Wed 12-09
    scheduler = Scheduler(sessions, clock, confirming)

    async def tick(moment: str) -> list:
        clock.set(at(moment))
        await scheduler.tick(clock.now())
        # The office's weekly nudge for 2027's holidays (due from 1 December) is another matter.
        return [
            m
            for m in await outbox(sessions)
            if m.source == "reminders" and not (m.dedupe_key or "").startswith("calendar-missing")
        ]

    reminded = await tick("2026-12-10 09:05")  # one working day on
    to_leader = [m for m in reminded if recipient_of(m) == LEADER]
    assert to_leader and "12月9日（周三）" in text_of(to_leader[-1])
    assert not [m for m in reminded if recipient_of(m) == "office"]
    escalated = await tick("2026-12-14 09:05")  # three working days on: Monday
    [group] = [m for m in escalated if recipient_of(m) == "office"]
    assert texts.OFFICE_UNCONFIRMED_HEADER in text_of(group)
    assert LEADER in group.outbound.body.mentioned


@pytest.mark.usefixtures("people")
async def test_a_leaders_own_submission_needs_no_confirmation(
    confirming_dispatcher, sessions, clock
):
    await fill_without_lags(Chat(confirming_dispatcher, clock, LEADER))
    assert len(await office_notices(sessions)) == 1


@pytest.mark.usefixtures("people")
async def test_a_submission_at_night_reaches_the_leader_in_the_morning(
    confirming_dispatcher, sessions, clock
):
    clock.set(at("2026-12-09 22:00"))  # Wednesday night
    receipt = await fill_without_lags(Chat(confirming_dispatcher, clock, CONTACT))
    assert "王五" in receipt  # the contact is answered at once
    [request] = [m for m in await outbox(sessions) if recipient_of(m) == LEADER]
    assert request.outbound.body.kind == "card"
    # The card waits for office hours.
    assert request.next_attempt_at == at("2026-12-10 09:01") + AFTER_THE_TICK
