"""The problem list tests' cast and helpers, on top of tests/office_support.py's people."""

from __future__ import annotations

from datetime import datetime

from storage.models import Problem, ProblemEvent
from storage.repositories import Repositories
from tests.chat import incoming
from tests.office_support import OFFICE, add_people

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


async def three_problems(dispatcher, sessions, clock, due: str, later: str) -> None:
    """The cast, and three problems: 1 of 获得电力 for 工信局 and 3 of 纳税 for 税务局, both
    due on `due`; 2 of 获得电力 for 国网东丽供电公司, due on `later`."""
    await add_power_people(sessions, clock.now())
    for command in (
        f"交办 获得电力 工信局 {due} 线路改造",
        f"交办 获得电力 国网东丽供电公司 {later} 报装提速",
        f"交办 纳税 税务局 {due} 办税排队",
    ):
        await dispatcher.feed(incoming(clock, OFFICE, command))


async def problem(sessions, number: int) -> Problem:
    async with sessions() as session:
        found = await Repositories(session).problems.get(number)
        assert found is not None
        return found


async def events(sessions, number: int) -> list[ProblemEvent]:
    async with sessions() as session:
        return await Repositories(session).problems.events(number)
