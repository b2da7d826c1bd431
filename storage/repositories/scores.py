"""Annual third-party evaluation scores, one per indicator and year."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import locked_or_inserted
from storage.models import Score


class ScoreRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def scores(self, year: int) -> dict[str, Score]:
        """The year's scores by indicator id."""
        rows = await self.session.scalars(select(Score).where(Score.year == year))
        return {row.indicator_id: row for row in rows}

    async def record(
        self,
        year: int,
        indicator_id: str,
        *,
        score: float,
        rank: int | None,
        userid: str,
        now: datetime,
    ) -> tuple[Score, dict[str, Any] | None]:
        """Set the indicator's score for the year; returns the row and what it held before.

        Two people recording the same score at once serialise (`locked_or_inserted`).
        """
        row, created = await locked_or_inserted(
            self.session,
            Score,
            {"year": year, "indicator_id": indicator_id},
            {"score": score, "rank": rank, "recorded_by": userid, "recorded_at": now},
        )
        if created:
            return row, None
        before = {"score": row.score, "rank": row.rank}
        row.score, row.rank, row.recorded_by, row.recorded_at = score, rank, userid, now
        await self.session.flush()
        return row, before
