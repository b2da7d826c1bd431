"""The problem list's reminders on the scheduler's tick: escalation of an unsigned problem
after one working day, colour reminders to the right people (yellow: the owner unit; red:
also the 分管领导), one message per person, once per colour, and the office's weekly digest."""

from __future__ import annotations

from datetime import date, datetime

from bot.scheduler import Scheduler
from core.clock import LOCAL_TZ
from core.lights import Light
from core.messages import ToRobot
from handlers.problems.lights import lit_problems
from storage.repositories import Repositories
from tests.factories import outbox, recipient_of, text_of
from tests.office_support import OFFICE, POWER_CONTACT, say
from tests.problem_support import GRID_CONTACT, POWER_LEADER, POWER_MEMBER, add_power_people


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


async def problem_messages(sessions) -> list:
    return [
        row for row in await outbox(sessions) if row.dedupe_key.startswith("problem-reminder:")
    ]


async def _tick(sessions, clock, settings, when: str):
    clock.set(at(when))
    return await Scheduler(sessions, clock, settings).tick(clock.now())


async def _start(dispatcher, sessions, clock, when: str, *commands: str) -> None:
    clock.set(at(when))
    await add_power_people(sessions, clock.now())
    for command in commands:
        await say(dispatcher, clock, command, user=OFFICE)


async def test_unsigned_problem_escalates_to_the_leader_after_one_working_day_not_on_weekend(
    dispatcher, sessions, clock, settings, office_people
):
    # Friday 10:00: assigned; signed by nobody.
    await _start(
        dispatcher, sessions, clock, "2026-11-27 10:00", "交办 获得电力 工信局 2026-12-31 排名下降"
    )
    assert (await _tick(sessions, clock, settings, "2026-11-28 10:05")).skipped == "hours"
    await _tick(sessions, clock, settings, "2026-11-30 09:41")  # Monday, before the hour it was
    assert await problem_messages(sessions) == []
    await _tick(sessions, clock, settings, "2026-11-30 10:01")
    [escalation] = await problem_messages(sessions)
    assert recipient_of(escalation) == POWER_LEADER
    assert "问题1" in text_of(escalation) and "未签收" in text_of(escalation)
    await _tick(sessions, clock, settings, "2026-12-01 10:01")  # once
    assert len(await problem_messages(sessions)) == 1


async def test_a_signed_problem_does_not_escalate(
    dispatcher, sessions, clock, settings, office_people
):
    await _start(
        dispatcher, sessions, clock, "2026-11-27 10:00", "交办 获得电力 工信局 2026-12-31 排名下降"
    )
    await say(dispatcher, clock, "签收 1", user=POWER_MEMBER)
    await _tick(sessions, clock, settings, "2026-11-30 10:01")
    assert await problem_messages(sessions) == []


async def test_colours_follow_working_days_across_the_national_day_holiday(
    dispatcher, sessions, clock, settings, office_people
):
    """Due Tue 13 Oct 2026 with 1–7 Oct off: green on 30 Sep (6 working days left), yellow
    on 8 Oct (5 left), still yellow on the due day, red the day after; gone once 销号."""
    await _start(
        dispatcher, sessions, clock, "2026-09-28 10:00", "交办 获得电力 工信局 2026-10-13 T"
    )

    async def colour(day: date) -> Light | None:
        async with sessions() as session:
            items = await lit_problems(Repositories(session), day, settings.warning_workdays)
        return items[0].light if items else None

    assert await colour(date(2026, 9, 30)) is Light.GREEN
    assert await colour(date(2026, 10, 7)) is Light.YELLOW  # a holiday: 5 working days left
    assert await colour(date(2026, 10, 8)) is Light.YELLOW
    assert await colour(date(2026, 10, 13)) is Light.YELLOW
    assert await colour(date(2026, 10, 14)) is Light.RED
    await say(dispatcher, clock, "申请销号 1 已完成", user=POWER_CONTACT)
    await say(dispatcher, clock, "销号 1", user=OFFICE)
    assert await colour(date(2026, 10, 14)) is None


async def test_yellow_goes_to_the_owner_unit_red_also_to_the_leader_one_message_each(
    dispatcher, sessions, clock, settings, office_people
):
    await _start(
        dispatcher,
        sessions,
        clock,
        "2026-12-01 10:00",
        "交办 获得电力 国网东丽供电公司 2026-12-15 线路改造",
        "交办 获得电力 国网东丽供电公司 2026-12-16 报装提速",
    )
    for person in (GRID_CONTACT,):
        await say(dispatcher, clock, "签收 1", user=person)
        await say(dispatcher, clock, "签收 2", user=person)
    await _tick(sessions, clock, settings, "2026-12-08 09:05")  # 6 and 7 working days left
    assert await problem_messages(sessions) == []
    await _tick(sessions, clock, settings, "2026-12-10 09:05")  # 4 and 5: both yellow
    [yellow] = await problem_messages(sessions)
    assert recipient_of(yellow) == GRID_CONTACT
    assert "问题1" in text_of(yellow) and "问题2" in text_of(yellow)
    await _tick(sessions, clock, settings, "2026-12-10 09:06")  # nothing twice
    assert len(await problem_messages(sessions)) == 1

    await _tick(sessions, clock, settings, "2026-12-16 09:05")  # 1 is overdue: red
    red = (await problem_messages(sessions))[1:]
    people = [row for row in red if not isinstance(row.outbound.to, ToRobot)]
    assert sorted(recipient_of(row) for row in people) == sorted([GRID_CONTACT, POWER_LEADER])
    assert all("问题1" in text_of(row) and "问题2" not in text_of(row) for row in people)
    [digest] = [row for row in red if isinstance(row.outbound.to, ToRobot)]
    assert "获得电力" in text_of(digest) and "问题1" in text_of(digest)

    await _tick(sessions, clock, settings, "2026-12-17 09:05")  # 2 turns red; digest is weekly
    later = (await problem_messages(sessions))[len(red) + 1 :]
    assert sorted(recipient_of(row) for row in later) == sorted([GRID_CONTACT, POWER_LEADER])
    assert all("问题2" in text_of(row) for row in later)
    await _tick(sessions, clock, settings, "2026-12-21 09:05")  # next week's digest
    [next_digest] = (await problem_messages(sessions))[len(red) + 1 + len(later) :]
    assert isinstance(next_digest.outbound.to, ToRobot)
    assert "共2项" in text_of(next_digest)


async def test_the_leader_gets_escalation_and_red_in_one_message(
    dispatcher, sessions, clock, settings, office_people
):
    # Friday: due the same day, nobody signs; Monday 10:01 it is both unsigned and overdue.
    await _start(
        dispatcher, sessions, clock, "2026-11-27 10:00", "交办 获得电力 工信局 2026-11-27 T"
    )
    await _tick(sessions, clock, settings, "2026-11-30 10:01")
    to_leader = [
        row for row in await problem_messages(sessions) if recipient_of(row) == POWER_LEADER
    ]
    assert len(to_leader) == 1
    assert "未签收" in text_of(to_leader[0]) and "红灯" in text_of(to_leader[0])


async def test_any_source_of_lit_items_is_reminded_alongside_problems(
    dispatcher, sessions, clock, settings, office_people
):
    """The colour reminders read a tuple of LitItem sources: a second kind (the yearly
    targets, built elsewhere) joins the same per-person message."""
    from core.lights import ItemKind, LitItem
    from handlers.problems.reminders import SOURCES, compose

    async def one_red_target(repos, today, warn_workdays, task_force_ids=None):
        return [
            LitItem(
                ItemKind.TARGET,
                7,
                "getting_electricity",
                "国网东丽供电公司",
                "T7",
                date(2026, 12, 1),
                Light.RED,
            )
        ]

    await _start(
        dispatcher,
        sessions,
        clock,
        "2026-12-01 10:00",
        "交办 获得电力 国网东丽供电公司 2026-12-03 线路改造",
    )
    await say(dispatcher, clock, "签收 1", user=GRID_CONTACT)
    clock.set(at("2026-12-02 09:05"))
    async with sessions() as session:
        messages = await compose(Repositories(session), clock.now(), 5, (*SOURCES, one_red_target))
    people = [m for m in messages if not isinstance(m.to, ToRobot)]
    [to_grid] = [m for m in people if m.to.userids == (GRID_CONTACT,)]
    assert "目标7" in to_grid.text and "问题1" in to_grid.text
    assert ("target:7", "red@2026-12-01", GRID_CONTACT) in to_grid.keys
    [to_leader] = [m for m in people if m.to.userids == (POWER_LEADER,)]
    assert "目标7" in to_leader.text and "问题1" not in to_leader.text  # yellow: owners only
