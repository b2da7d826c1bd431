"""Greetings on opening the app: at most one a day per user."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name, insert_ignoring_conflict, rowcount
from storage.models import DailyGreeting


class GreetingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, user_key: str, day: date) -> bool:
        """Reserve today's greeting; False when the user was already greeted that day."""
        statement = insert_ignoring_conflict(
            DailyGreeting.__table__,
            {"user_key": user_key, "day": day},
            dialect_name(self.session),
        )
        return (await rowcount(self.session, statement)) == 1
