"""Handled inbound messages: the UNIQUE key that makes handling exactly-once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import insert_ignoring_conflict
from storage.models import InboundMessage


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, msg_key: str, user_id: str, received_at: datetime) -> bool:
        """Record the message; False when it was already handled (a redelivery)."""
        statement = insert_ignoring_conflict(
            InboundMessage.__table__,
            {"msg_key": msg_key, "user_id": user_id, "received_at": received_at, "replies": []},
            self.session.bind.dialect.name,
        )
        result = await self.session.execute(statement)
        return result.rowcount == 1

    async def replies(self, msg_key: str) -> list[dict[str, Any]]:
        row = await self.session.get(InboundMessage, msg_key)
        return list(row.replies) if row is not None else []

    async def store_replies(self, msg_key: str, replies: list[dict[str, Any]]) -> None:
        await self.session.execute(
            update(InboundMessage).where(InboundMessage.msg_key == msg_key).values(replies=replies)
        )
