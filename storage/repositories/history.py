"""Reports across quarters, for the console's trends and histories."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Exemption, Report, ReportVersion


class HistoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def first_submissions(self, period_ids: Iterable[str]) -> dict[tuple[str, str], bool]:
        """(period, task force) → whether its first submission was late, for the periods."""
        query = (
            select(Report.period_id, Report.task_force_id, ReportVersion.late)
            .join(ReportVersion, ReportVersion.report_id == Report.id)
            .where(Report.period_id.in_(list(period_ids)), ReportVersion.version == 1)
        )
        rows = await self.session.execute(query)
        return {(period, tf): late for period, tf, late in rows}

    async def exempted(self, period_ids: Iterable[str]) -> set[tuple[str, str]]:
        query = select(Exemption.period_id, Exemption.task_force_id).where(
            Exemption.period_id.in_(list(period_ids))
        )
        return {(period, tf) for period, tf in await self.session.execute(query)}

    async def reports_of(self, task_force_id: str) -> list[Report]:
        """Every quarter's report of one task force, latest quarter first."""
        query = select(Report).where(Report.task_force_id == task_force_id)
        return list(await self.session.scalars(query.order_by(Report.period_id.desc())))

    async def versions_of(self, report_ids: Iterable[int]) -> dict[int, list[ReportVersion]]:
        """Each report's versions, oldest first."""
        ids = list(report_ids)
        found: dict[int, list[ReportVersion]] = {report_id: [] for report_id in ids}
        if not ids:
            return found
        query = select(ReportVersion).where(ReportVersion.report_id.in_(ids))
        for version in await self.session.scalars(query.order_by(ReportVersion.version)):
            found[version.report_id].append(version)
        return found

    async def latest_answers(self) -> list[tuple[str, str, int, dict[str, Any]]]:
        """(period, task force, version, answers) of every report's latest version."""
        latest = (
            select(ReportVersion.report_id, func.max(ReportVersion.version).label("version"))
            .group_by(ReportVersion.report_id)
            .subquery()
        )
        query = (
            select(
                Report.period_id,
                Report.task_force_id,
                ReportVersion.version,
                ReportVersion.answers,
            )
            .join(ReportVersion, ReportVersion.report_id == Report.id)
            .join(
                latest,
                (latest.c.report_id == ReportVersion.report_id)
                & (latest.c.version == ReportVersion.version),
            )
            .order_by(Report.period_id.desc(), Report.task_force_id)
        )
        return [
            (period, tf, version, answers)
            for period, tf, version, answers in await self.session.execute(query)
        ]
