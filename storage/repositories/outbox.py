"""The outbox: every outgoing message is a row before anything is sent."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(
        self,
        *,
        channel: str,
        recipient: str,
        msgtype: str,
        payload: dict[str, Any],
        source: str,
        now: datetime,
        dedupe_key: str | None = None,
    ) -> OutboxMessage:
        message = OutboxMessage(
            channel=channel,
            recipient=recipient,
            msgtype=msgtype,
            payload=payload,
            status="queued",
            attempts=0,
            source=source,
            dedupe_key=dedupe_key,
            created_at=now,
            next_attempt_at=now,
        )
        self.session.add(message)
        await self.session.flush()
        return message

    async def enqueue_text(
        self,
        userids: Iterable[str],
        text: str,
        *,
        source: str,
        now: datetime,
        dedupe_key: str | None = None,
    ) -> OutboxMessage | None:
        """One text to several people (WeCom's touser takes a|b|c); None when nobody."""
        recipients = sorted(set(userids))
        if not recipients:
            return None
        return await self.enqueue(
            channel="user",
            recipient="|".join(recipients),
            msgtype="text",
            payload={"content": text},
            source=source,
            now=now,
            dedupe_key=dedupe_key,
        )

    async def enqueue_many(
        self, messages: Iterable[dict[str, Any]], *, source: str, now: datetime
    ) -> None:
        """Queue many messages in one statement (the reminder tick queues hundreds at once);
        each dict holds channel, recipient, msgtype, payload and dedupe_key."""
        rows = [
            {
                **message,
                "status": "queued",
                "attempts": 0,
                "source": source,
                "created_at": now,
                "next_attempt_at": now,
            }
            for message in messages
        ]
        if rows:
            await self.session.execute(insert(OutboxMessage), rows)

    async def by_status(self, status: str) -> list[OutboxMessage]:
        query = select(OutboxMessage).where(OutboxMessage.status == status)
        return list(await self.session.scalars(query.order_by(OutboxMessage.id)))
