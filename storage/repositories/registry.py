"""Read side of the registry: who is who in which task force, and who sits in the office."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, delete, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.roles import FILLER_ROLES, TASK_FORCE_ROLES, Role
from storage.db import dialect_name
from storage.models import Membership, OfficeMember, Person, TaskForceUnit, Unit


@dataclass(frozen=True, slots=True)
class MemberView:
    userid: str
    name: str
    unit: str | None
    task_force_id: str
    role: Role


def _member_query() -> Select[str, str, str | None, str, Role]:
    return (
        select(Person.userid, Person.name, Unit.name, Membership.task_force_id, Membership.role)
        .join(Membership, Membership.person_id == Person.id)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(Person.active.is_(True))
    )


def _office_query(*columns: Any) -> Select[Any]:
    """The active office members' `columns`, by userid."""
    return (
        select(*columns)
        .join(OfficeMember, OfficeMember.person_id == Person.id)
        .where(Person.active.is_(True))
        .order_by(Person.userid)
    )


def _views(rows: Iterable[Sequence[Any]]) -> list[MemberView]:
    views = [MemberView(*row) for row in rows]
    return sorted(views, key=lambda v: (v.task_force_id, TASK_FORCE_ROLES.index(v.role), v.userid))


class RegistryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def person(self, userid: str) -> Person | None:
        return await self.session.scalar(select(Person).where(Person.userid_key == userid.lower()))

    async def names(self, userids: Iterable[str]) -> dict[str, str]:
        """Roster names by userid (as given) for those on the roster, active or not."""
        wanted = {userid.lower(): userid for userid in userids}
        query = select(Person.userid_key, Person.name).where(Person.userid_key.in_(wanted))
        return {wanted[key]: name for key, name in await self.session.execute(query)}

    async def is_office(self, userid: str) -> bool:
        query = _office_query(Person.id).where(Person.userid_key == userid.lower())
        return await self.session.scalar(query) is not None

    async def office_userids(self) -> list[str]:
        return list(await self.session.scalars(_office_query(Person.userid)))

    async def memberships_of(self, userid: str) -> list[MemberView]:
        rows = await self.session.execute(
            _member_query().where(Person.userid_key == userid.lower())
        )
        return _views(rows)

    async def members(
        self, task_force_id: str, roles: Iterable[Role] = TASK_FORCE_ROLES
    ) -> list[MemberView]:
        query = _member_query().where(
            Membership.task_force_id == task_force_id, Membership.role.in_(tuple(roles))
        )
        return _views(await self.session.execute(query))

    async def lead_unit_members(
        self, task_force_id: str, roles: Iterable[Role] = FILLER_ROLES
    ) -> list[MemberView]:
        """Members of the task force who belong to one of its lead units."""
        return await self.lead_unit_members_of([task_force_id], roles)

    async def lead_unit_members_of(
        self, task_force_ids: Iterable[str], roles: Iterable[Role] = FILLER_ROLES
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

    async def unit_members(
        self, unit: str, roles: Iterable[Role] = TASK_FORCE_ROLES
    ) -> list[MemberView]:
        """Everyone of `unit` (its canonical name) holding one of `roles` in any task force."""
        query = _member_query().where(Unit.name == unit, Membership.role.in_(tuple(roles)))
        return _views(await self.session.execute(query))

    async def office_contacts(self) -> list[tuple[str, str]]:
        """(name, userid) of the office members, for people who must ask the office."""
        query = _office_query(Person.name, Person.userid)
        return [(name, userid) for name, userid in await self.session.execute(query)]


# Write side: the roster as a whole, read and written with set-based statements.

ROSTER_LOCK = 0x7A62_0001
"""PostgreSQL advisory lock key: one roster import at a time (SQLite has BEGIN IMMEDIATE)."""

CHUNK = 1000
"""IN-lists stay well below the drivers' bound-parameter limits."""


@dataclass(frozen=True, slots=True)
class PersonState:
    """A person as the roster file states them; `roles` is sorted (task_force_id, role)."""

    userid: str
    name: str
    unit: str | None
    mobile: str | None
    office: bool
    roles: tuple[tuple[str, Role], ...]

    @property
    def key(self) -> str:
        return self.userid.lower()

    def as_dict(self) -> dict[str, Any]:
        return {
            "userid": self.userid,
            "name": self.name,
            "unit": self.unit,
            "mobile": self.mobile,
            "office": self.office,
            "roles": {task_force_id: role for task_force_id, role in self.roles},
        }


K = TypeVar("K", int, str)


def _chunks(ids: Iterable[K]) -> Iterator[list[K]]:
    ordered = sorted(ids)  # itertools.batched needs Python 3.12; we support 3.11
    return (ordered[start : start + CHUNK] for start in range(0, len(ordered), CHUNK))


class RosterStore:
    """The roster as a whole: read at once, written with set-based statements."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self) -> None:
        """Serialise roster imports; released when the transaction ends."""
        if dialect_name(self.session) == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": ROSTER_LOCK}
            )

    async def unit_ids(self) -> dict[str, int]:
        return {
            name: unit_id
            for unit_id, name in await self.session.execute(select(Unit.id, Unit.name))
        }

    async def person_ids(self, keys: Iterable[str]) -> dict[str, int]:
        """Ids of those of these userid keys ever on the roster, active or not."""
        ids: dict[str, int] = {}
        for chunk in _chunks(keys):
            query = select(Person.userid_key, Person.id).where(Person.userid_key.in_(chunk))
            ids.update((key, person_id) for key, person_id in await self.session.execute(query))
        return ids

    async def active_roster(self) -> dict[str, PersonState]:
        roster, _ = await self.active()
        return roster

    async def active(self) -> tuple[dict[str, PersonState], dict[str, int]]:
        """The active people with their office seat and memberships, in three queries, and
        their ids; both by userid key."""
        people = await self.session.execute(
            select(Person.id, Person.userid, Person.name, Unit.name, Person.mobile)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Person.active.is_(True))
        )
        office = set(await self.session.scalars(select(OfficeMember.person_id)))
        roles: dict[int, list[tuple[str, Role]]] = {}
        for person_id, task_force_id, role in await self.session.execute(
            select(Membership.person_id, Membership.task_force_id, Membership.role)
        ):
            roles.setdefault(person_id, []).append((task_force_id, role))
        roster: dict[str, PersonState] = {}
        ids: dict[str, int] = {}
        for person_id, userid, name, unit, mobile in people:
            state = PersonState(
                userid=userid,
                name=name,
                unit=unit,
                mobile=mobile,
                office=person_id in office,
                roles=tuple(sorted(roles.get(person_id, ()))),
            )
            roster[state.key], ids[state.key] = state, person_id
        return roster, ids

    async def add_people(
        self, states: Sequence[PersonState], unit_ids: dict[str, int], now: datetime
    ) -> dict[str, int]:
        """Insert new people; returns their ids by userid key."""
        if not states:
            return {}
        rows = [
            {
                **self._person_values(state, unit_ids, now),
                "userid_key": state.key,
                "created_at": now,
            }
            for state in states
        ]
        result = await self.session.execute(
            insert(Person).returning(Person.userid_key, Person.id), rows
        )
        return {key: person_id for key, person_id in result}

    async def update_people(
        self, states: Sequence[tuple[int, PersonState]], unit_ids: dict[str, int], now: datetime
    ) -> None:
        """Bring existing people (active again, if they were not) in line with `states`."""
        if states:
            rows = [
                {"id": person_id, **self._person_values(state, unit_ids, now)}
                for person_id, state in states
            ]
            await self.session.execute(update(Person), rows)

    async def deactivate_people(self, person_ids: Iterable[int], now: datetime) -> None:
        """Inactive people keep their row and history; their memberships and seat go."""
        for chunk in _chunks(person_ids):
            await self.session.execute(
                update(Person).where(Person.id.in_(chunk)).values(active=False, updated_at=now)
            )
            await self.session.execute(delete(Membership).where(Membership.person_id.in_(chunk)))
            await self.session.execute(
                delete(OfficeMember).where(OfficeMember.person_id.in_(chunk))
            )

    async def replace_memberships(self, roles: dict[int, tuple[tuple[str, Role], ...]]) -> None:
        """Each listed person's memberships become exactly `roles[person_id]`."""
        for chunk in _chunks(roles):
            await self.session.execute(delete(Membership).where(Membership.person_id.in_(chunk)))
        rows = [
            {"person_id": person_id, "task_force_id": task_force_id, "role": role}
            for person_id, person_roles in roles.items()
            for task_force_id, role in person_roles
        ]
        if rows:
            await self.session.execute(insert(Membership), rows)

    async def set_office(
        self, *, add: Iterable[int], remove: Iterable[int], now: datetime
    ) -> None:
        for chunk in _chunks(remove):
            await self.session.execute(
                delete(OfficeMember).where(OfficeMember.person_id.in_(chunk))
            )
        rows = [{"person_id": person_id, "added_at": now} for person_id in sorted(add)]
        if rows:
            await self.session.execute(insert(OfficeMember), rows)

    @staticmethod
    def _person_values(
        state: PersonState, unit_ids: dict[str, int], now: datetime
    ) -> dict[str, Any]:
        return {
            "userid": state.userid,
            "name": state.name,
            "unit_id": unit_ids.get(state.unit) if state.unit else None,
            "mobile": state.mobile,
            "active": True,
            "updated_at": now,
        }
