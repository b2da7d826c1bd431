"""Deferred replies: messages whose answer goes out through the outbox once the core is done."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name, insert_ignoring_conflict
from storage.models import DeferredReply


class DeferredReplyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def hold(self, msg_key: str, message: dict[str, Any], now: datetime) -> None:
        """Record that this message is answered later; a second hold changes nothing."""
        statement = insert_ignoring_conflict(
            DeferredReply.__table__,
            {"msg_key": msg_key, "message": message, "created_at": now},
            dialect_name(self.session),
        )
        await self.session.execute(statement)

    async def is_held(self, msg_key: str) -> bool:
        query = select(DeferredReply.msg_key).where(DeferredReply.msg_key == msg_key)
        return (await self.session.scalar(query)) is not None

    async def release(self, msg_key: str, now: datetime) -> None:
        """Mark the replies queued (a row already released keeps its first time)."""
        table = DeferredReply.__table__
        statement = (
            update(table)
            .where(table.c.msg_key == msg_key, table.c.released_at.is_(None))
            .values(released_at=now)
        )
        await self.session.execute(statement)

    async def stale(self, created_before: datetime, limit: int = 50) -> list[DeferredReply]:
        """Held messages nobody released in time: their handler crashed or was stopped."""
        query = (
            select(DeferredReply)
            .where(DeferredReply.released_at.is_(None), DeferredReply.created_at < created_before)
            .order_by(DeferredReply.created_at)
            .limit(limit)
        )
        return list(await self.session.scalars(query))

    async def prune(self, released_before: datetime) -> None:
        await self.session.execute(
            delete(DeferredReply).where(DeferredReply.released_at < released_before)
        )
