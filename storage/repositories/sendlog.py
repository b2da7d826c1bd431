"""The send log: recent deliveries per recipient, counted by the outbox throttle."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SendLogEntry


class SendLogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, recipient_keys: Iterable[str], at: datetime) -> None:
        rows = [{"recipient_key": key, "sent_at": at} for key in recipient_keys]
        if rows:
            await self.session.execute(insert(SendLogEntry), rows)

    async def busiest(self, recipient_keys: list[str], since: datetime) -> tuple[int, datetime]:
        """The most sends any one of these recipients had since `since`, and that
        recipient's oldest send in the window (when the window starts to free up)."""
        query = (
            select(func.count(), func.min(SendLogEntry.sent_at))
            .where(SendLogEntry.recipient_key.in_(recipient_keys), SendLogEntry.sent_at > since)
            .group_by(SendLogEntry.recipient_key)
            .order_by(func.count().desc())
            .limit(1)
        )
        row = (await self.session.execute(query)).first()
        return (0, since) if row is None else (row[0], row[1])

    async def prune(self, before: datetime) -> None:
        await self.session.execute(delete(SendLogEntry).where(SendLogEntry.sent_at < before))
