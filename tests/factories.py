"""Builders (and readers) of test data that go through the real models, not around them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.messages import ToRobot, ToUsers
from storage.models import Membership, OfficeMember, OutboxMessage, Person, Unit
from storage.repositories import Repositories


async def add_person(
    session: AsyncSession,
    *,
    userid: str,
    name: str,
    unit: str | None,
    now: datetime,
    task_forces: Mapping[str, str] | None = None,
    office: bool = False,
) -> Person:
    """A person in `unit` (canonical name) with {task_force_id: role} memberships."""
    unit_id = None
    if unit is not None:
        unit_id = await session.scalar(select(Unit.id).where(Unit.name == unit))
        if unit_id is None:
            raise ValueError(f"unknown unit {unit!r}")
    person = Person(
        userid=userid,
        userid_key=userid.lower(),
        name=name,
        unit_id=unit_id,
        active=True,
        created_at=now,
        updated_at=now,
    )
    session.add(person)
    await session.flush()
    for task_force_id, role in (task_forces or {}).items():
        session.add(Membership(person_id=person.id, task_force_id=task_force_id, role=role))
    if office:
        session.add(OfficeMember(person_id=person.id, added_at=now))
    await session.flush()
    return person


async def outbox(sessions: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    """The messages queued and not yet sent, oldest first."""
    async with sessions() as session:
        return await Repositories(session).outbox.by_status("queued")


def recipient_of(row: OutboxMessage) -> str:
    """Who a queued message goes to: its userids joined by |, or "office" for the office
    group's robot."""
    to = row.outbound.to
    if isinstance(to, ToUsers):
        return "|".join(to.userids)
    return to.robot if isinstance(to, ToRobot) else to.kind


def text_of(row: OutboxMessage) -> str:
    """The text a queued message shows (a card's too); empty for a file."""
    return str(getattr(row.outbound.body, "text", ""))
