"""The audit log: every change, who made it, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        entity: str,
        entity_key: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> AuditEntry:
        entry = AuditEntry(
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_key=entity_key,
            before=before,
            after=after,
        )
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def record_many(self, entries: list[dict[str, Any]]) -> None:
        """Many entries in one statement (a roster import audits every person it touches);
        each dict holds the keyword arguments of `record`."""
        if entries:
            await self.session.execute(insert(AuditEntry), entries)

    async def entries(
        self, entity: str | None = None, entity_key: str | None = None
    ) -> list[AuditEntry]:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if entity is not None:
            query = query.where(AuditEntry.entity == entity)
        if entity_key is not None:
            query = query.where(AuditEntry.entity_key == entity_key)
        return list(await self.session.scalars(query))

    async def keys_since(self, action: str, since: datetime) -> set[str]:
        """The entity keys with an `action` entry at or after `since`."""
        query = select(AuditEntry.entity_key).where(
            AuditEntry.action == action, AuditEntry.at >= since
        )
        return set(await self.session.scalars(query.distinct()))
