"""Interactive cards: the value behind each button, kept so a click survives a restart."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import rowcount
from storage.models import TemplateCard


class CardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, task_id: str, user_key: str, buttons: list[tuple[str, str]], now: datetime
    ) -> None:
        self.session.add(
            TemplateCard(
                task_id=task_id,
                user_key=user_key,
                buttons=[[label, value] for label, value in buttons],
                created_at=now,
            )
        )
        await self.session.flush()

    async def get(self, task_id: str) -> TemplateCard | None:
        return await self.session.get(TemplateCard, task_id)

    async def choose(self, task_id: str, msg_key: str, now: datetime) -> bool:
        """Accept the card's first click; the same click delivered again is accepted too."""
        table = TemplateCard.__table__
        statement = (
            update(table)
            .where(
                table.c.task_id == task_id,
                or_(table.c.chosen_msg_key.is_(None), table.c.chosen_msg_key == msg_key),
            )
            .values(chosen_msg_key=msg_key, chosen_at=now)
        )
        return (await rowcount(self.session, statement)) == 1
