"""Read side of the registry: who is who in which task force, and who sits in the office."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Membership, OfficeMember, Person, TaskForceUnit, Unit

ROLES = ("leader", "contact", "member")
"""分管领导, 联系人, 成员 — in this order wherever people are listed."""

FILLER_ROLES = ("leader", "contact")
"""Roles that may fill a task force's report when held in one of its lead units."""


@dataclass(frozen=True, slots=True)
class MemberView:
    userid: str
    name: str
    unit: str | None
    task_force_id: str
    role: str


def _member_query() -> Select:
    return (
        select(Person.userid, Person.name, Unit.name, Membership.task_force_id, Membership.role)
        .join(Membership, Membership.person_id == Person.id)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(Person.active.is_(True))
    )


def _views(rows: Iterable) -> list[MemberView]:
    views = [MemberView(*row) for row in rows]
    return sorted(views, key=lambda v: (v.task_force_id, ROLES.index(v.role), v.userid))


class RegistryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def person(self, userid: str) -> Person | None:
        return await self.session.scalar(select(Person).where(Person.userid_key == userid.lower()))

    async def is_office(self, userid: str) -> bool:
        query = (
            select(Person.id)
            .join(OfficeMember, OfficeMember.person_id == Person.id)
            .where(Person.userid_key == userid.lower(), Person.active.is_(True))
        )
        return await self.session.scalar(query) is not None

    async def office_userids(self) -> list[str]:
        query = (
            select(Person.userid)
            .join(OfficeMember, OfficeMember.person_id == Person.id)
            .where(Person.active.is_(True))
            .order_by(Person.userid)
        )
        return list(await self.session.scalars(query))

    async def memberships_of(self, userid: str) -> list[MemberView]:
        rows = await self.session.execute(
            _member_query().where(Person.userid_key == userid.lower())
        )
        return _views(rows)

    async def members(self, task_force_id: str, roles: Iterable[str] = ROLES) -> list[MemberView]:
        query = _member_query().where(
            Membership.task_force_id == task_force_id, Membership.role.in_(tuple(roles))
        )
        return _views(await self.session.execute(query))

    async def lead_unit_members(
        self, task_force_id: str, roles: Iterable[str] = FILLER_ROLES
    ) -> list[MemberView]:
        """Members of the task force who belong to one of its lead units."""
        return await self.lead_unit_members_of([task_force_id], roles)

    async def lead_unit_members_of(
        self, task_force_ids: Iterable[str], roles: Iterable[str] = FILLER_ROLES
    ) -> list[MemberView]:
        """Lead-unit members of many task forces in one query (the reminder tick's need)."""
        query = _member_query().join(
            TaskForceUnit,
            and_(
                TaskForceUnit.task_force_id == Membership.task_force_id,
                TaskForceUnit.unit_id == Person.unit_id,
                TaskForceUnit.role == "lead",
            ),
        )
        query = query.where(
            Membership.task_force_id.in_(tuple(task_force_ids)),
            Membership.role.in_(tuple(roles)),
        )
        return _views(await self.session.execute(query))
