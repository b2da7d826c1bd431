"""Greetings on opening the app: at most one a day per user."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import insert_ignoring_conflict
from storage.models import DailyGreeting


class GreetingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, user_key: str, day: date) -> bool:
        """Reserve today's greeting; False when the user was already greeted that day."""
        statement = insert_ignoring_conflict(
            DailyGreeting.__table__,
            {"user_key": user_key, "day": day},
            self.session.bind.dialect.name,
        )
        return (await self.session.execute(statement)).rowcount == 1
