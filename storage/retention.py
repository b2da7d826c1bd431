"""Retention: rows that only serve deduplication and delivery are removed after a while.

The audit log, reports, versions, scores and the reminder log are kept for good (the
reminder log is what makes each reminder go out once per period, ever)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Delete

from core.clock import local
from storage.models import (
    DailyGreeting,
    DeferredReply,
    InboundMessage,
    OutboxMessage,
    SendLogEntry,
    TemplateCard,
)
from storage.repositories.outbox import MERGED, WITHDRAWN

CARD_LIFETIME = timedelta(hours=72)
"""A card's response code works for 72 hours; its buttons are needed that long at least."""


@dataclass(frozen=True, slots=True)
class Ages:
    dedupe: timedelta
    """Received-message ids, greetings, send log, released deferred replies, old cards."""
    sent: timedelta
    """Outbox rows delivered (status sent)."""

    @classmethod
    def days(cls, dedupe: int, sent: int) -> Ages:
        return cls(timedelta(days=dedupe), timedelta(days=sent))


def _statements(now: datetime, ages: Ages) -> dict[str, Delete]:
    dedupe = now - ages.dedupe
    cards = now - max(ages.dedupe, CARD_LIFETIME)
    return {
        "inbound_messages": delete(InboundMessage).where(InboundMessage.received_at < dedupe),
        "daily_greetings": delete(DailyGreeting).where(DailyGreeting.day < local(dedupe).date()),
        "send_log": delete(SendLogEntry).where(SendLogEntry.sent_at < dedupe),
        "deferred_replies": delete(DeferredReply).where(
            DeferredReply.released_at.is_not(None), DeferredReply.released_at < dedupe
        ),
        "template_cards": delete(TemplateCard).where(TemplateCard.created_at < cards),
        "outbox": delete(OutboxMessage).where(
            OutboxMessage.status.in_(("sent", MERGED, WITHDRAWN)),
            OutboxMessage.sent_at < now - ages.sent,
        ),
    }


async def prune(session: AsyncSession, now: datetime, ages: Ages) -> dict[str, int]:
    """Delete what is older than `ages`; rows removed per table. The caller commits."""
    removed = {}
    for table, statement in _statements(now, ages).items():
        result = cast(CursorResult[Any], await session.execute(statement))
        removed[table] = result.rowcount
    return removed


async def prunable(session: AsyncSession, now: datetime, ages: Ages) -> dict[str, int]:
    """What `prune` would remove, counted without removing it."""
    counts = {}
    for table, statement in _statements(now, ages).items():
        query = select(func.count()).select_from(statement.table)
        if statement.whereclause is not None:
            query = query.where(statement.whereclause)
        counts[table] = await session.scalar(query) or 0
    return counts
