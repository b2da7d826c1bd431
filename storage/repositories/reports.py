"""Periods, reports and their versions, extensions and exemptions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import local
from core.reports import ReportStatus
from storage.db import locked_or_inserted
from storage.models import Base, Exemption, Extension, Period, Report, ReportVersion

G = TypeVar("G", Extension, Exemption)

# A task force's due day: its extension's when one was granted, else the period's. In SQL
# (with Extension outer-joined on `extension_of`) and in Python (`own_due_on`).
OWN_DUE_ON = func.coalesce(Extension.due_on, Period.due_on)


def own_due_on(period_due_on: date, extension: Extension | None) -> date:
    return extension.due_on if extension is not None else period_due_on


def open_on(today: date) -> Any:
    """Periods that have opened and are not yet locked on `today`."""
    return and_(Period.opens_on <= today, Period.locks_on >= today)


def extension_of(period_id: Any, task_force_id: Any) -> Any:
    return and_(Extension.period_id == period_id, Extension.task_force_id == task_force_id)


def exemption_of(period_id: Any, task_force_id: Any) -> Any:
    return and_(Exemption.period_id == period_id, Exemption.task_force_id == task_force_id)


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # Periods

    async def period(self, period_id: str) -> Period | None:
        return await self.session.get(Period, period_id)

    async def periods(self) -> list[Period]:
        return list(await self.session.scalars(select(Period).order_by(Period.id)))

    async def open_periods(self, today: date) -> list[Period]:
        """Periods that have opened and are not yet locked on `today`."""
        query = select(Period).where(open_on(today))
        return list(await self.session.scalars(query.order_by(Period.id)))

    async def set_period(
        self, period_id: str, *, opens_on: date, due_on: date, locks_on: date, now: datetime
    ) -> Period:
        """Create or change the period; two first sets at once serialise
        (`locked_or_inserted`)."""
        values = {"opens_on": opens_on, "due_on": due_on, "locks_on": locks_on, "updated_at": now}
        period, created = await locked_or_inserted(self.session, Period, {"id": period_id}, values)
        if not created:
            await self._update(period, values)
        return period

    # Reports

    async def report(self, period_id: str, task_force_id: str) -> Report | None:
        query = select(Report).where(
            Report.period_id == period_id, Report.task_force_id == task_force_id
        )
        return await self.session.scalar(query)

    async def report_for_update(
        self, period_id: str, task_force_id: str, now: datetime, editor: str | None = None
    ) -> Report:
        """The report, created as an empty draft if missing (claimed by `editor`, if given:
        no second statement to claim it), locked for this transaction.

        Two contacts filling the same report at once serialise here (row lock on
        PostgreSQL, BEGIN IMMEDIATE on SQLite), so neither update is lost.
        """
        report, _ = await locked_or_inserted(
            self.session,
            Report,
            {"period_id": period_id, "task_force_id": task_force_id},
            {
                "status": ReportStatus.DRAFT,
                "answers": {},
                "version": 0,
                "late": False,
                "editor": editor,
                "editing_since": now if editor is not None else None,
                "created_at": now,
                "updated_at": now,
            },
        )
        return report

    async def existing_for_update(
        self, period_id: str, task_force_id: str
    ) -> tuple[Report, Period, date] | None:
        """An existing report, its period and its due day (`due_on`) in one statement, the
        report row locked as in `report_for_update`; None when the report does not exist."""
        query = (
            select(Report, Period, OWN_DUE_ON)
            .join(Period, Period.id == Report.period_id)
            .outerjoin(Extension, extension_of(Report.period_id, Report.task_force_id))
            .where(Report.period_id == period_id, Report.task_force_id == task_force_id)
            .with_for_update(of=Report)
            .execution_options(populate_existing=True)
        )
        row = (await self.session.execute(query)).first()
        if row is None:
            return None
        report, period, due_on = row
        return report, period, due_on

    async def reports(self, period_id: str) -> list[Report]:
        query = select(Report).where(Report.period_id == period_id)
        return list(await self.session.scalars(query.order_by(Report.task_force_id)))

    async def reports_of_year(self, year: int) -> list[Report]:
        query = select(Report).where(Report.period_id.like(f"{year}Q%"))
        return list(await self.session.scalars(query.order_by(Report.period_id)))

    async def save_answers(
        self, report: Report, answers: dict[str, Any], editor: str, now: datetime
    ) -> None:
        await self.claim(report, editor, now)
        report.answers = dict(answers)
        report.edited_at, report.updated_at = now, now

    async def claim(self, report: Report, editor: str, now: datetime) -> None:
        """Record `editor` as the one filling the report; `editing_since` moves on a change."""
        if (report.editor or "").lower() != editor.lower():
            report.editor, report.editing_since, report.updated_at = editor, now, now

    async def release(self, report: Report, editor: str, now: datetime) -> None:
        """Drop `editor`'s claim (a paused draft); someone else's claim stays."""
        if (report.editor or "").lower() == editor.lower():
            report.editor, report.editing_since, report.updated_at = None, None, now

    async def submit(
        self, report: Report, userid: str, now: datetime, due_on: date
    ) -> ReportVersion:
        """Freeze the draft as the next version; late when submitted after `due_on`."""
        late = local(now).date() > due_on
        report.version += 1
        version = ReportVersion(
            report_id=report.id,
            version=report.version,
            answers=dict(report.answers),
            submitted_at=now,
            submitted_by=userid,
            late=late,
        )
        self.session.add(version)
        report.status = ReportStatus.SUBMITTED
        report.submitted_at, report.submitted_by, report.late = now, userid, late
        report.editor, report.editing_since, report.updated_at = None, None, now
        await self.session.flush()
        return version

    async def review(
        self,
        report: Report,
        status: ReportStatus,
        userid: str,
        comment: str | None,
        now: datetime,
    ) -> None:
        """Return (`returned`, with a comment) or accept (`accepted`) a submitted report."""
        if status not in (ReportStatus.RETURNED, ReportStatus.ACCEPTED):
            raise ValueError(f"not a review outcome: {status}")
        report.status, report.review_comment = status, comment
        report.reviewed_by, report.reviewed_at, report.updated_at = userid, now, now

    async def versions(self, report_id: int) -> list[ReportVersion]:
        query = select(ReportVersion).where(ReportVersion.report_id == report_id)
        return list(await self.session.scalars(query.order_by(ReportVersion.version)))

    async def latest_versions(self, report_ids: Iterable[int]) -> dict[int, ReportVersion]:
        """The latest submitted version of each report that has one, by report id."""
        query = select(ReportVersion).join(
            Report,
            and_(Report.id == ReportVersion.report_id, Report.version == ReportVersion.version),
        )
        rows = await self.session.scalars(query.where(Report.id.in_(tuple(report_ids))))
        return {row.report_id: row for row in rows}

    # Extensions and exemptions

    async def extension(self, period_id: str, task_force_id: str) -> Extension | None:
        return await self.session.get(Extension, (period_id, task_force_id))

    async def extensions(self, period_id: str) -> dict[str, Extension]:
        rows = await self.session.scalars(
            select(Extension).where(Extension.period_id == period_id)
        )
        return {row.task_force_id: row for row in rows}

    async def set_extension(
        self,
        period_id: str,
        task_force_id: str,
        *,
        due_on: date,
        reason: str,
        userid: str,
        now: datetime,
    ) -> tuple[Extension, Extension | None]:
        """Grant (or change) an extension; returns the row and a copy of what it held
        before (None when new)."""
        values = {"due_on": due_on, "reason": reason, "granted_by": userid, "granted_at": now}
        return await self._grant(Extension, period_id, task_force_id, values)

    async def exemption(self, period_id: str, task_force_id: str) -> Exemption | None:
        return await self.session.get(Exemption, (period_id, task_force_id))

    async def exemption_and_due(
        self, period: Period, task_force_id: str
    ) -> tuple[Exemption | None, date]:
        """The task force's exemption (if any) and due day (`due_on`) in one statement."""
        query = (
            select(Exemption, OWN_DUE_ON)
            .select_from(Period)
            .outerjoin(Exemption, exemption_of(Period.id, task_force_id))
            .outerjoin(Extension, extension_of(Period.id, task_force_id))
            .where(Period.id == period.id)
        )
        exemption, due_on = (await self.session.execute(query)).one()
        return exemption, due_on

    async def exemptions(self, period_id: str) -> dict[str, Exemption]:
        rows = await self.session.scalars(
            select(Exemption).where(Exemption.period_id == period_id)
        )
        return {row.task_force_id: row for row in rows}

    async def set_exemption(
        self, period_id: str, task_force_id: str, *, reason: str, userid: str, now: datetime
    ) -> tuple[Exemption, Exemption | None]:
        """Grant (or change) an exemption; returns the row and a copy of what it held
        before (None when new)."""
        values = {"reason": reason, "granted_by": userid, "granted_at": now}
        return await self._grant(Exemption, period_id, task_force_id, values)

    async def _grant(
        self, model: type[G], period_id: str, task_force_id: str, values: dict[str, Any]
    ) -> tuple[G, G | None]:
        """Two first grants at once serialise (`locked_or_inserted`); the copy of the row
        as it was is never added to the session."""
        keys = {"period_id": period_id, "task_force_id": task_force_id}
        row, created = await locked_or_inserted(self.session, model, keys, values)
        if created:
            return row, None
        before = model(**keys, **{key: getattr(row, key) for key in values})
        await self._update(row, values)
        return row, before

    async def _update(self, row: Base, values: dict[str, Any]) -> None:
        for key, value in values.items():
            setattr(row, key, value)
        await self.session.flush()
