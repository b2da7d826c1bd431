"""The reminder log, the scheduler lock, and the set-based reads one reminder tick needs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.reports import ReportStatus
from storage.db import dialect_insert, dialect_name, insert_ignoring_conflict, rowcount
from storage.models import (
    Exemption,
    Extension,
    Period,
    ReminderLog,
    Report,
    SchedulerLock,
    TaskForce,
)
from storage.repositories.reports import OWN_DUE_ON, exemption_of, extension_of, open_on


@dataclass(frozen=True, slots=True)
class ReportState:
    """Where one task force stands in one period, as the ladder needs it."""

    period_id: str
    task_force_id: str
    name: str
    sort_order: int
    status: ReportStatus | None  # None: nobody has started the report
    meeting_held: bool
    due_on: date  # the extension's day when one was granted
    extended: bool
    exempt: bool
    answers: dict[str, Any] = field(default_factory=dict, compare=False)
    """The draft's answers: what a reminder says is still missing."""


class LogKey(NamedTuple):
    """One (period, task force, stage, recipient): reserved at most once, ever."""

    period_id: str
    task_force_id: str
    stage: str
    recipient: str
    role: str  # contact, leader or group


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def _dialect(self) -> str:
        return dialect_name(self.session)

    async def claim(self, name: str, owner: str, now: datetime) -> bool:
        """Take the job's lock row for this transaction; False when another instance holds it.

        SKIP LOCKED makes a second instance give up at once instead of queueing behind the
        first and redoing its work. SQLite has one writer anyway (BEGIN IMMEDIATE).
        """
        table = SchedulerLock.__table__
        unlocked = (
            select(table.c.name).where(table.c.name == name).with_for_update(skip_locked=True)
        )
        take = (
            update(table)
            .where(table.c.name == unlocked.scalar_subquery())
            .values(owner=owner, last_tick_at=now)
            .returning(table.c.name)
        )
        if await self.session.scalar(take) is not None:
            return True
        # The row may not exist yet (first tick on this database): create it, then retry.
        inserted = await rowcount(
            self.session, insert_ignoring_conflict(table, {"name": name}, self._dialect)
        )
        return inserted == 1 and await self.session.scalar(take) is not None

    async def lock(self, name: str) -> SchedulerLock | None:
        return await self.session.get(SchedulerLock, name)

    async def periods_for(self, today: date, current_id: str) -> list[Period]:
        """The periods open on `today` plus the current quarter's, by id."""
        query = select(Period).where(or_(open_on(today), Period.id == current_id))
        return list(await self.session.scalars(query.order_by(Period.id)))

    async def ensure_periods(self, periods: Iterable[Period], now: datetime) -> None:
        """Store these (not yet stored) periods; a period already there stays as set."""
        for period in periods:
            await self.session.execute(
                insert_ignoring_conflict(
                    Period.__table__,
                    {
                        "id": period.id,
                        "opens_on": period.opens_on,
                        "due_on": period.due_on,
                        "locks_on": period.locks_on,
                        "updated_at": now,
                    },
                    self._dialect,
                )
            )

    async def report_states(self, period_ids: Iterable[str]) -> list[ReportState]:
        """Every task force in each period, with its report, extension and exemption."""
        meeting_held = Report.answers[("meeting", "held")].as_boolean()
        query = (
            select(
                Period.id,
                TaskForce.id,
                TaskForce.name,
                TaskForce.sort_order,
                Report.status,
                meeting_held,
                Report.answers,
                OWN_DUE_ON,
                Extension.task_force_id,
                Exemption.task_force_id,
            )
            .select_from(Period)
            .join(TaskForce, true())
            .outerjoin(
                Report,
                and_(Report.period_id == Period.id, Report.task_force_id == TaskForce.id),
            )
            .outerjoin(Extension, extension_of(Period.id, TaskForce.id))
            .outerjoin(Exemption, exemption_of(Period.id, TaskForce.id))
            .where(Period.id.in_(tuple(period_ids)))
            .order_by(Period.id, TaskForce.sort_order)
        )
        return [
            ReportState(
                period_id=period_id,
                task_force_id=task_force_id,
                name=name,
                sort_order=sort_order,
                status=status,
                meeting_held=bool(held),
                due_on=due_on,
                extended=extended is not None,
                exempt=exempt is not None,
                answers=dict(answers or {}),
            )
            for (
                period_id,
                task_force_id,
                name,
                sort_order,
                status,
                held,
                answers,
                due_on,
                extended,
                exempt,
            ) in await self.session.execute(query)
        ]

    async def task_forces_with_case(self, year: int) -> set[str]:
        """Task forces whose report of any quarter of `year` says a typical case was formed."""
        formed = Report.answers[("case", "formed")].as_boolean()
        query = select(Report.task_force_id).where(
            Report.period_id.like(f"{year}Q%"), formed.is_(True)
        )
        return set(await self.session.scalars(query.distinct()))

    async def logged_stages(
        self, period_ids: Iterable[str], stages: Iterable[str]
    ) -> set[tuple[str, str, str]]:
        """(period, task force, stage) among these that went to anyone already."""
        query = select(ReminderLog.period_id, ReminderLog.task_force_id, ReminderLog.stage).where(
            ReminderLog.period_id.in_(tuple(period_ids)), ReminderLog.stage.in_(tuple(stages))
        )
        return {
            (period, task_force, stage)
            for period, task_force, stage in await self.session.execute(query.distinct())
        }

    async def reserve(self, keys: dict[LogKey, str], now: datetime) -> set[LogKey]:
        """Insert the keys, each with the dedupe key of the outbox message carrying it,
        skipping any another transaction got first; returns the keys this one reserved.

        On PostgreSQL a concurrent insert of the same key waits for the other transaction
        and then skips, so a key is never reserved twice.
        """
        rows = [
            {
                "period_id": key.period_id,
                "task_force_id": key.task_force_id,
                "stage": key.stage,
                "recipient": key.recipient,
                "role": key.role,
                "reserved_at": now,
                "message_key": message_key,
            }
            # One order everywhere, so two transactions inserting cannot deadlock.
            for key, message_key in sorted(keys.items())
        ]
        if not rows:
            return set()
        table = ReminderLog.__table__
        columns = (table.c.period_id, table.c.task_force_id, table.c.stage, table.c.recipient)
        statement = (
            dialect_insert(table, self._dialect)
            .on_conflict_do_nothing()
            .returning(*columns, table.c.role)
        )
        return {LogKey(*row) for row in await self.session.execute(statement, rows)}

    async def entries(self, period_ids: Iterable[str]) -> list[ReminderLog]:
        query = select(ReminderLog).where(ReminderLog.period_id.in_(tuple(period_ids)))
        return list(await self.session.scalars(query.order_by(ReminderLog.id)))
