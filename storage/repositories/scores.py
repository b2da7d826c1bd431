"""Annual third-party evaluation scores, one per indicator and year."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import insert_ignoring_conflict
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
    ) -> tuple[Score, dict | None]:
        """Set the indicator's score for the year; returns the row and what it held before.

        The row is created first and then locked, so two people recording the same score at
        once serialise instead of one failing on the unique key.
        """
        created = await self.session.execute(
            insert_ignoring_conflict(
                Score.__table__,
                {
                    "year": year,
                    "indicator_id": indicator_id,
                    "score": score,
                    "rank": rank,
                    "recorded_by": userid,
                    "recorded_at": now,
                },
                self.session.bind.dialect.name,
            )
        )
        query = (
            select(Score)
            .where(Score.year == year, Score.indicator_id == indicator_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        row = await self.session.scalar(query)
        assert row is not None
        if created.rowcount == 1:
            return row, None
        before = {"score": row.score, "rank": row.rank}
        row.score, row.rank, row.recorded_by, row.recorded_at = score, rank, userid, now
        await self.session.flush()
        return row, before
