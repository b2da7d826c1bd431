"""Handled inbound messages: the UNIQUE key that makes handling exactly-once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_insert, dialect_name
from storage.models import InboundMessage


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim_many(self, messages: list[tuple[str, str, datetime]]) -> set[str]:
        """Record several (msg_key, user_id, received_at) at once; returns the keys that were
        new. One statement instead of one per message: on SQLite each statement costs far
        more than the row it writes."""
        if not messages:
            return set()
        table = InboundMessage.__table__
        rows = [
            {"msg_key": key, "user_id": user, "received_at": at, "replies": []}
            for key, user, at in messages
        ]
        # Rows as parameters (executemany, batched by SQLAlchemy's "insertmanyvalues"), not
        # inline VALUES: the statement then compiles once instead of once per group size.
        statement = (
            dialect_insert(table, dialect_name(self.session))
            .on_conflict_do_nothing()
            .returning(table.c.msg_key)
        )
        return set((await self.session.execute(statement, rows)).scalars())

    async def many_replies(self, msg_keys: list[str]) -> dict[str, list[dict[str, Any]]]:
        if not msg_keys:
            return {}
        query = select(InboundMessage.msg_key, InboundMessage.replies).where(
            InboundMessage.msg_key.in_(msg_keys)
        )
        return {key: list(replies) for key, replies in await self.session.execute(query)}

    async def store_many_replies(self, replies: dict[str, list[dict[str, Any]]]) -> None:
        if not replies:
            return
        table = InboundMessage.__table__
        statement = (
            update(table)
            .where(table.c.msg_key == bindparam("key"))
            .values(replies=bindparam("stored"))
        )
        await self.session.execute(
            statement, [{"key": key, "stored": stored} for key, stored in replies.items()]
        )
