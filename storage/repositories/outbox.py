"""The outbox: every outgoing message is a row before anything is sent."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name, insert_ignoring_conflict, rowcount
from storage.models import OutboxMessage


def _queued(message: dict[str, Any], source: str, now: datetime) -> dict[str, Any]:
    """A new row's columns: the message (channel, recipient, msgtype, payload, dedupe_key),
    queued now."""
    return {
        **message,
        "status": "queued",
        "attempts": 0,
        "parts_sent": 0,
        "source": source,
        "created_at": now,
        "next_attempt_at": now,
    }


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
    ) -> bool:
        """Queue a message unless one with this dedupe key exists (a NULL key never
        conflicts); True when it was queued. Safe when two instances race: the UNIQUE key
        decides, nothing raises."""
        message = {
            "channel": channel,
            "recipient": recipient,
            "msgtype": msgtype,
            "payload": payload,
            "dedupe_key": dedupe_key,
        }
        statement = insert_ignoring_conflict(
            OutboxMessage.__table__, _queued(message, source, now), dialect_name(self.session)
        )
        return (await rowcount(self.session, statement)) == 1

    async def enqueue_text(
        self,
        userids: Iterable[str],
        text: str,
        *,
        source: str,
        now: datetime,
        dedupe_key: str | None = None,
    ) -> bool:
        """One text to several people (WeCom's touser takes a|b|c); True when it was queued
        (False when nobody, or the dedupe key was taken)."""
        recipients = sorted(set(userids))
        if not recipients:
            return False
        return await self.enqueue(
            channel="user",
            recipient="|".join(recipients),
            msgtype="text",
            payload={"content": text},
            source=source,
            now=now,
            dedupe_key=dedupe_key,
        )

    async def enqueue_file(
        self, userid: str, filename: str, content: bytes, *, source: str, now: datetime
    ) -> bool:
        """One file to one member (uploaded by the worker as media, sent as a WeCom file)."""
        return await self.enqueue(
            channel="user",
            recipient=userid,
            msgtype="file",
            payload={"filename": filename, "content_b64": base64.b64encode(content).decode()},
            source=source,
            now=now,
        )

    async def enqueue_many(
        self, messages: Iterable[dict[str, Any]], *, source: str, now: datetime
    ) -> None:
        """Queue many messages in one statement (the reminder tick queues hundreds at once);
        each dict holds channel, recipient, msgtype, payload and dedupe_key."""
        rows = [_queued(message, source, now) for message in messages]
        if rows:
            await self.session.execute(insert(OutboxMessage), rows)

    async def by_status(self, status: str) -> list[OutboxMessage]:
        query = select(OutboxMessage).where(OutboxMessage.status == status)
        return list(await self.session.scalars(query.order_by(OutboxMessage.id)))

    async def claim_due(
        self, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxMessage]:
        """Take due messages for sending: at most one per recipient (the oldest unsent, so
        each recipient's messages leave in order), skipping rows another instance holds.
        A `sending` row whose lease ran out (its worker died) is due again."""
        outbox = OutboxMessage.__table__
        earlier = outbox.alias("earlier")
        unsent = ("queued", "sending")
        blocked = (
            select(earlier.c.id)
            .where(
                earlier.c.channel == outbox.c.channel,
                earlier.c.recipient == outbox.c.recipient,
                earlier.c.id < outbox.c.id,
                earlier.c.status.in_(unsent),
            )
            .exists()
        )
        query = (
            select(outbox.c.id)
            .where(outbox.c.status.in_(unsent), outbox.c.next_attempt_at <= now, ~blocked)
            .order_by(outbox.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(await self.session.scalars(query))
        if not ids:
            return []
        await self.session.execute(
            update(outbox)
            .where(outbox.c.id.in_(ids))
            .values(status="sending", next_attempt_at=lease_until)
        )
        rows = await self.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .order_by(OutboxMessage.id)
            .execution_options(populate_existing=True)
        )
        return list(rows)

    async def update_payload(self, message_id: int, payload: dict[str, Any]) -> None:
        await self._set(message_id, payload=payload)

    async def progress(self, message_id: int, parts_sent: int, attempts: int) -> None:
        await self._set(message_id, parts_sent=parts_sent, attempts=attempts)

    async def mark_sent(self, message_id: int, now: datetime) -> None:
        await self._set(message_id, status="sent", sent_at=now, last_error=None)

    async def mark_failed(self, message_id: int, error: str, attempts: int) -> None:
        await self._set(message_id, status="failed", last_error=error, attempts=attempts)

    async def retry_at(
        self, message_id: int, when: datetime, error: str | None, attempts: int
    ) -> None:
        await self._set(
            message_id,
            status="queued",
            next_attempt_at=when,
            last_error=error,
            attempts=attempts,
        )

    async def _set(self, message_id: int, **values: Any) -> None:
        outbox = OutboxMessage.__table__
        await self.session.execute(update(outbox).where(outbox.c.id == message_id).values(values))
