"""Q&A conversation context, one row per user: what the last answer was about."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import QaContext


class QaContextRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, user_key: str, now: datetime, max_idle: timedelta) -> dict[str, Any]:
        """The user's context, or {} when there is none or it has been idle longer than
        `max_idle`."""
        row = await self.session.get(QaContext, user_key)
        if row is None or now - row.updated_at > max_idle:
            return {}
        return dict(row.memory)

    async def save(self, user_key: str, memory: dict[str, Any], now: datetime) -> None:
        row = await self.session.get(QaContext, user_key)
        if row is None:
            self.session.add(QaContext(user_key=user_key, memory=dict(memory), updated_at=now))
            return
        row.memory, row.updated_at = dict(memory), now
