"""The problem list tests' cast and helpers, on top of tests/office_support.py's people."""

from __future__ import annotations

from datetime import datetime

from storage.models import Problem, ProblemEvent
from storage.repositories import Repositories
from tests.office_support import add_people

POWER_LEADER = "power_leader"
GRID_CONTACT = "grid_contact"
POWER_MEMBER = "power_member"


POWER_PEOPLE = (
    (POWER_LEADER, "工信分管领导", "工信局", {"getting_electricity": "leader"}, False),
    (GRID_CONTACT, "供电联系人", "国网东丽供电公司", {"getting_electricity": "contact"}, False),
    (POWER_MEMBER, "工信成员", "工信局", {"getting_electricity": "member"}, False),
)


async def add_power_people(sessions, now: datetime) -> None:
    """获得电力's 分管领导 (工信局), a contact of its responsible unit (国网东丽供电公司),
    and a second person of 工信局 (a member)."""
    await add_people(sessions, now, POWER_PEOPLE)


async def problem(sessions, number: int) -> Problem:
    async with sessions() as session:
        found = await Repositories(session).problems.get(number)
        assert found is not None
        return found


async def events(sessions, number: int) -> list[ProblemEvent]:
    async with sessions() as session:
        return await Repositories(session).problems.events(number)
