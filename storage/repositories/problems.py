"""The problem list: problems, their history (problem_events) and their reminders' log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.problems import ProblemAction, ProblemSource, ProblemStatus, transition
from storage.db import dialect_insert, dialect_name
from storage.models import Problem, ProblemEvent, ProblemNotice, TaskForce, Unit


@dataclass(frozen=True, slots=True)
class NewProblem:
    task_force_id: str
    owner_unit_id: int
    title: str
    due_on: date
    source: ProblemSource
    source_ref: str | None = None
    detail: str | None = None


class ProblemRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def unit_ids(self, names: Iterable[str]) -> dict[str, int]:
        query = select(Unit.name, Unit.id).where(Unit.name.in_(tuple(names)))
        return {name: unit_id for name, unit_id in await self.session.execute(query)}

    async def unit_names(self) -> dict[int, str]:
        return {
            unit_id: name
            for unit_id, name in await self.session.execute(select(Unit.id, Unit.name))
        }

    async def task_force_names(self) -> dict[str, str]:
        """Task force names by id, in the document's order."""
        query = select(TaskForce.id, TaskForce.name).order_by(TaskForce.sort_order)
        return {tf_id: name for tf_id, name in await self.session.execute(query)}

    async def create(self, new: NewProblem, actor: str, now: datetime) -> Problem:
        """The problem, 交办, with its first event."""
        status = transition(None, ProblemAction.ASSIGN)
        problem = Problem(
            task_force_id=new.task_force_id,
            owner_unit_id=new.owner_unit_id,
            title=new.title,
            detail=new.detail,
            source=new.source,
            source_ref=new.source_ref,
            due_on=new.due_on,
            status=status,
            created_by=actor,
            created_at=now,
        )
        self.session.add(problem)
        await self.session.flush()
        self.session.add(
            ProblemEvent(
                problem_id=problem.id,
                actor=actor,
                at=now,
                action=ProblemAction.ASSIGN,
                from_status=None,
                to_status=status,
                remark=new.detail,
            )
        )
        await self.session.flush()
        return problem

    async def get(self, problem_id: int, *, for_update: bool = False) -> Problem | None:
        query = select(Problem).where(Problem.id == problem_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def apply(
        self,
        problem: Problem,
        action: ProblemAction,
        actor: str,
        now: datetime,
        *,
        remark: str | None = None,
        attachment_id: int | None = None,
    ) -> ProblemEvent:
        """Move the problem on by `action` (core.problems.transition raises IllegalTransition
        when it is not allowed) and record the step."""
        before = problem.status
        problem.status = transition(before, action)
        if action in (ProblemAction.ACKNOWLEDGE, ProblemAction.PROGRESS) and (
            problem.acknowledged_at is None
        ):
            problem.acknowledged_by, problem.acknowledged_at = actor, now
        if problem.status is ProblemStatus.CLOSED:
            problem.closed_at = now
        event = ProblemEvent(
            problem_id=problem.id,
            actor=actor,
            at=now,
            action=action,
            from_status=before,
            to_status=problem.status,
            remark=remark,
            attachment_id=attachment_id,
        )
        self.session.add(event)
        await self.session.flush()
        return event

    async def events(self, problem_id: int) -> list[ProblemEvent]:
        query = select(ProblemEvent).where(ProblemEvent.problem_id == problem_id)
        return list(await self.session.scalars(query.order_by(ProblemEvent.id)))

    async def listing(
        self,
        *,
        task_force_ids: Iterable[str] | None = None,
        owner_unit_ids: Iterable[int] | None = None,
        open_only: bool = False,
    ) -> list[Problem]:
        """Problems by task force and number; `open_only` leaves out the 已销号."""
        query = select(Problem)
        if task_force_ids is not None:
            query = query.where(Problem.task_force_id.in_(tuple(task_force_ids)))
        if owner_unit_ids is not None:
            query = query.where(Problem.owner_unit_id.in_(tuple(owner_unit_ids)))
        if open_only:
            query = query.where(Problem.status != ProblemStatus.CLOSED)
        return list(await self.session.scalars(query.order_by(Problem.id)))

    async def unacknowledged(self) -> list[Problem]:
        query = select(Problem).where(
            Problem.status == ProblemStatus.ASSIGNED, Problem.acknowledged_at.is_(None)
        )
        return list(await self.session.scalars(query.order_by(Problem.id)))

    async def reserve_notices(
        self, keys: Iterable[tuple[str, str, str]], now: datetime
    ) -> set[tuple[str, str, str]]:
        """Insert (item, stage, recipient) keys, skipping any taken before (by an earlier
        tick or a concurrent transaction); the keys this one reserved."""
        rows = [
            {"item": item, "stage": stage, "recipient": recipient, "reserved_at": now}
            for item, stage, recipient in sorted(set(keys))
        ]
        if not rows:
            return set()
        table = ProblemNotice.__table__
        statement = (
            dialect_insert(table, dialect_name(self.session))
            .on_conflict_do_nothing()
            .returning(table.c.item, table.c.stage, table.c.recipient)
        )
        return {
            (item, stage, who) for item, stage, who in await self.session.execute(statement, rows)
        }

    async def reserved(self, items: Iterable[str]) -> set[tuple[str, str, str]]:
        query = select(ProblemNotice.item, ProblemNotice.stage, ProblemNotice.recipient).where(
            ProblemNotice.item.in_(tuple(items))
        )
        return {(item, stage, who) for item, stage, who in await self.session.execute(query)}
