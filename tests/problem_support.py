"""The problem list tests' cast and helpers, on top of tests/office_support.py's people."""

from __future__ import annotations

from datetime import datetime

from storage.models import Problem, ProblemEvent
from storage.repositories import Repositories
from tests.factories import add_person

POWER_LEADER = "power_leader"
GRID_CONTACT = "grid_contact"
POWER_MEMBER = "power_member"


async def add_power_people(sessions, now: datetime) -> None:
    """获得电力's 分管领导 (工信局), a contact of its responsible unit (国网东丽供电公司),
    and a second person of 工信局 (a member)."""
    async with sessions() as session, session.begin():
        for userid, name, unit, role in (
            (POWER_LEADER, "工信分管领导", "工信局", "leader"),
            (GRID_CONTACT, "供电联系人", "国网东丽供电公司", "contact"),
            (POWER_MEMBER, "工信成员", "工信局", "member"),
        ):
            await add_person(
                session,
                userid=userid,
                name=name,
                unit=unit,
                now=now,
                task_forces={"getting_electricity": role},
            )


async def problem(sessions, number: int) -> Problem:
    async with sessions() as session:
        found = await Repositories(session).problems.get(number)
        assert found is not None
        return found


async def events(sessions, number: int) -> list[ProblemEvent]:
    async with sessions() as session:
        return await Repositories(session).problems.events(number)
