"""Prometheus metrics (`/metrics`): counters bumped where things happen, gauges read from the
database when scraped. Names and what to alert on: docs/operations.md "Alerts"."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation, OutboxMessage

CALLBACKS = Counter(
    "zhuanban_callbacks_total",
    "WeCom callback requests by outcome (ok, rejected = 4xx, error = 5xx).",
    ["outcome"],
)
CALLBACK_SECONDS = Histogram(
    "zhuanban_callback_reply_seconds",
    "Seconds from a callback's arrival to its HTTP answer (WeCom retries after 5 s).",
    buckets=(0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0),
)
WECOM_CALLS = Counter(
    "zhuanban_wecom_calls_total",
    "Calls to the WeCom API by api and errcode (0 success, network when none came back).",
    ["api", "errcode"],
)
REMINDERS = Counter(
    "zhuanban_reminders_total",
    "Reminders queued by stage (open, meeting, t-7, t-3, due, t+1, t+3, weekly, case, calendar).",
    ["stage"],
)
DATABASE_ERRORS = Counter(
    "zhuanban_database_errors_total",
    "Failed database operations seen by the server (requests, reminder ticks, health checks).",
)
OUTBOX_DEPTH = Gauge("zhuanban_outbox_depth", "Outbox messages not yet sent (queued or sending).")
OUTBOX_OLDEST = Gauge(
    "zhuanban_outbox_oldest_seconds", "Age of the oldest unsent outbox message (0 when none)."
)
CONVERSATIONS = Gauge(
    "zhuanban_conversations_active", "People in the middle of a flow (check-in, a confirmation)."
)
UNSENT = ("queued", "sending")


async def refresh_gauges(session: AsyncSession, now: datetime) -> None:
    unsent = OutboxMessage.status.in_(UNSENT)
    depth, oldest = (
        await session.execute(
            select(func.count(), func.min(OutboxMessage.created_at)).where(unsent)
        )
    ).one()
    OUTBOX_DEPTH.set(depth)
    if oldest is not None and oldest.tzinfo is None:  # SQLite returns naive UTC
        oldest = oldest.replace(tzinfo=UTC)
    OUTBOX_OLDEST.set(max((now - oldest).total_seconds(), 0) if oldest else 0)
    active = await session.scalar(
        select(func.count()).select_from(Conversation).where(Conversation.flow.is_not(None))
    )
    CONVERSATIONS.set(active or 0)


def exposition() -> tuple[bytes, str]:
    """The text format and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
