"""Single-use keys of the web console: a login link or an OAuth code works once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name, insert_ignoring_conflict, rowcount
from storage.models import ConsoleNonce


class NonceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def spend(self, key: str, now: datetime) -> bool:
        """Mark `key` used; False when it was used before (a replayed link or code)."""
        statement = insert_ignoring_conflict(
            ConsoleNonce.__table__, {"key": key, "used_at": now}, dialect_name(self.session)
        )
        return (await rowcount(self.session, statement)) == 1
