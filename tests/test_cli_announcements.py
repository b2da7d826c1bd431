"""The command line's office actions announce what they change as the chat's do: `zhuanban
extend`, `exempt`, `period set` and `roster import` queue their notices for office hours
(the next working morning at night) unless --now, and say what was queued."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.commands.acting import NOW_FLAG
from bot.commands.control import exempt_report, extend_report
from bot.commands.roster import import_file
from bot.runtime import Runtime
from core.clock import local
from handlers import texts
from handlers.office.args import ArgumentError
from storage.models import OutboxMessage
from tests.checkin_support import CONTACT, LEADER, MARKET, SECOND_CONTACT, at, seed_roster
from tests.cli_support import zhuanban
from tests.shared import ROSTER_SAMPLE

NIGHT = "2026-12-09 21:00"  # a Wednesday evening
MORNING = at("2026-12-10 09:00")


async def queued(sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def recipients(rows: list[OutboxMessage]) -> set[str]:
    return {userid.lower() for row in rows for userid in row.outbound.to.userids}


@pytest.fixture
async def night(settings, engine, sessions, kb, clock, dispatcher) -> Runtime:
    """The command line's runtime on the test database, on a Wednesday evening, with the
    check-in's roster."""
    clock.set(at(NIGHT))
    await seed_roster(sessions, clock)
    return Runtime(settings, engine, sessions, kb, clock, dispatcher)


async def test_an_extension_at_night_waits_for_the_morning_and_says_so(night, sessions, clock):
    runtime = night
    lines = await extend_report(
        runtime, "纳税", "12月30日", reason="出差", period_text=None, actor="cli", send_now=False
    )
    assert "12月30日" in lines[0]
    told = "\n".join(lines[1:])
    assert texts.OFFICE_NOTIFIED.format(names="李四、赵六、王五") in told
    assert NOW_FLAG in told and "12月10日（周四） 09:" in told  # when, and how to say now
    rows = await queued(sessions)
    assert recipients(rows) == {p.lower() for p in (CONTACT, SECOND_CONTACT, LEADER)}
    assert all(local(row.next_attempt_at) >= MORNING for row in rows)
    assert all("12月30日" in row.outbound.body.text for row in rows)


async def test_an_exemption_with_now_leaves_at_once(night, sessions, clock):
    runtime = night
    lines = await exempt_report(
        runtime, "知识产权", reason="本季度无新增工作", period_text="2026Q4", actor="cli",
        send_now=True,
    )  # fmt: skip
    assert texts.OFFICE_SENT_NOW.format(count=1) in lines[-1]
    [row] = await queued(sessions)
    assert recipients([row]) == {MARKET.lower()} and row.next_attempt_at == clock.now()
    assert "本季度无新增工作" in row.outbound.body.text


async def test_a_refused_extension_queues_nothing(night, sessions):
    try:
        await extend_report(
            night, "纳税", "12月27日", reason="出差", period_text=None, actor="cli",
            send_now=True,
        )  # fmt: skip
    except ArgumentError as error:
        assert "不是工作日" in str(error)
    else:
        raise AssertionError("a Sunday was accepted as a due day")
    assert await queued(sessions) == []


async def test_a_roster_import_at_night_tells_the_office_in_the_morning(
    settings, engine, sessions, kb, clock, dispatcher
):
    clock.set(at(NIGHT))  # no roster yet: the file brings it
    runtime = Runtime(settings, engine, sessions, kb, clock, dispatcher)
    result, told = await import_file(
        runtime, ROSTER_SAMPLE, actor="cli", dry_run=False, send_now=False
    )
    assert result.applied and NOW_FLAG in told and "12月10日（周四）" in told
    [row] = await queued(sessions)
    assert row.source == "roster" and local(row.next_attempt_at) >= MORNING
    assert str(len(row.outbound.to.userids)) + "人" in told
    clock.set(at("2026-12-09 22:00"))
    again, quiet = await import_file(
        runtime, ROSTER_SAMPLE, actor="cli", dry_run=False, send_now=True
    )
    assert not again.applied and quiet == ""  # nothing changed: nobody is told


async def test_period_set_tells_whoever_owes_the_report(sessions, clock, database_url):
    clock.set(at("2026-12-01 10:00"))
    await seed_roster(sessions, clock)
    result = await zhuanban(database_url, "period", "set", "2026Q4", "--due", "2026-12-24")
    assert result.exit_code == 0, result.output
    rows = [row for row in await queued(sessions) if row.source == "office.deadline"]
    # The lead contacts of the task forces on the roster; the 分管领导 of 纳税 is not one.
    assert recipients(rows) == {p.lower() for p in (CONTACT, SECOND_CONTACT, MARKET)}
    assert all("12月24日" in row.outbound.body.text for row in rows)
    assert texts.OFFICE_SENT_NOW.split("{")[0] in result.output or NOW_FLAG in result.output
    again = await zhuanban(database_url, "period", "set", "2026Q4", "--due", "2026-12-24")
    assert again.exit_code == 0, again.output
    assert len(await queued(sessions)) == len(rows)  # the same days again tell nobody
