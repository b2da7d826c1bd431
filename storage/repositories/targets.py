"""Yearly targets (重点任务 and 季度目标) per task force, and the results reported against them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.lights import Progress
from storage.models import Target, TargetResult


@dataclass(frozen=True, slots=True)
class PlannedTarget:
    """One target as an import file states it; the key is (task, quarter)."""

    task: str
    quarter: int
    target: str
    owner_unit_id: int | None
    due_on: date

    @property
    def key(self) -> tuple[str, int]:
        return (self.task, self.quarter)


@dataclass(frozen=True, slots=True)
class ReportedResult:
    target_id: int
    progress: Progress
    evidence: str | None
    attachment_id: int | None


class TargetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_year(
        self, year: int, task_force_ids: Iterable[str] | None = None
    ) -> list[Target]:
        """The year's targets, by task force, quarter and task; all task forces without ids."""
        query = select(Target).where(Target.year == year)
        if task_force_ids is not None:
            query = query.where(Target.task_force_id.in_(tuple(task_force_ids)))
        query = query.order_by(Target.task_force_id, Target.quarter, Target.id)
        return list(await self.session.scalars(query))

    async def of_quarter(self, year: int, quarter: int, task_force_id: str) -> list[Target]:
        query = (
            select(Target)
            .where(
                Target.year == year,
                Target.quarter == quarter,
                Target.task_force_id == task_force_id,
            )
            .order_by(Target.id)
        )
        return list(await self.session.scalars(query))

    async def counts(self, year: int) -> dict[str, int]:
        """How many targets each task force has for the year."""
        query = (
            select(Target.task_force_id, func.count())
            .where(Target.year == year)
            .group_by(Target.task_force_id)
        )
        return {task_force_id: count for task_force_id, count in await self.session.execute(query)}

    async def replace(
        self,
        year: int,
        task_force_id: str,
        planned: list[PlannedTarget],
        *,
        actor: str,
        now: datetime,
    ) -> None:
        """Make the task force's targets for the year exactly `planned`: a target with the
        same task and quarter is updated in place (its results stay), the rest are added or
        removed (with their results)."""
        current = {
            (row.task, row.quarter): row for row in await self.of_year(year, [task_force_id])
        }
        for plan in planned:
            row = current.pop(plan.key, None)
            if row is None:
                self.session.add(
                    Target(
                        year=year,
                        task_force_id=task_force_id,
                        task=plan.task,
                        quarter=plan.quarter,
                        target=plan.target,
                        owner_unit_id=plan.owner_unit_id,
                        due_on=plan.due_on,
                        created_by=actor,
                        created_at=now,
                        updated_at=now,
                    )
                )
                continue
            fresh = (plan.target, plan.owner_unit_id, plan.due_on)
            if (row.target, row.owner_unit_id, row.due_on) != fresh:
                row.target, row.owner_unit_id, row.due_on = fresh
                row.updated_at = now
        if current:
            ids = [row.id for row in current.values()]
            await self.session.execute(delete(TargetResult).where(TargetResult.target_id.in_(ids)))
            await self.session.execute(delete(Target).where(Target.id.in_(ids)))
        await self.session.flush()

    async def record_results(
        self,
        results: Iterable[ReportedResult],
        *,
        report_id: int,
        version: int,
        userid: str,
        now: datetime,
    ) -> None:
        for result in results:
            self.session.add(
                TargetResult(
                    target_id=result.target_id,
                    report_id=report_id,
                    report_version=version,
                    progress=result.progress,
                    evidence=result.evidence,
                    attachment_id=result.attachment_id,
                    reported_by=userid,
                    reported_at=now,
                )
            )
        await self.session.flush()

    async def latest_results(self, target_ids: Iterable[int]) -> dict[int, TargetResult]:
        """Each target's latest reported result (targets never reported are absent)."""
        ids = tuple(target_ids)
        if not ids:
            return {}
        query = (
            select(TargetResult)
            .where(TargetResult.target_id.in_(ids))
            .order_by(TargetResult.reported_at, TargetResult.id)
        )
        return {row.target_id: row for row in await self.session.scalars(query)}

    async def first_done(self, target_ids: Iterable[int]) -> dict[int, datetime]:
        """When each target was first reported done (never-done targets are absent)."""
        ids = tuple(target_ids)
        if not ids:
            return {}
        query = (
            select(TargetResult.target_id, func.min(TargetResult.reported_at))
            .where(TargetResult.target_id.in_(ids), TargetResult.progress == Progress.DONE)
            .group_by(TargetResult.target_id)
        )
        return {target_id: at for target_id, at in await self.session.execute(query)}
