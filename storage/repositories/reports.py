"""Periods, reports and their versions, extensions and exemptions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import local
from storage.db import locked_or_inserted
from storage.models import Exemption, Extension, Period, Report, ReportVersion


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
        query = select(Period).where(Period.opens_on <= today, Period.locks_on >= today)
        return list(await self.session.scalars(query.order_by(Period.id)))

    async def set_period(
        self, period_id: str, *, opens_on: date, due_on: date, locks_on: date, now: datetime
    ) -> Period:
        period = await self.session.get(Period, period_id)
        if period is None:
            period = Period(
                id=period_id, opens_on=opens_on, due_on=due_on, locks_on=locks_on, updated_at=now
            )
            self.session.add(period)
        else:
            period.opens_on, period.due_on, period.locks_on = opens_on, due_on, locks_on
            period.updated_at = now
        await self.session.flush()
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
                "status": "draft",
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
            select(Report, Period, Extension.due_on)
            .join(Period, Period.id == Report.period_id)
            .outerjoin(Extension, _extension_of(Report.period_id, Report.task_force_id))
            .where(Report.period_id == period_id, Report.task_force_id == task_force_id)
            .with_for_update(of=Report)
            .execution_options(populate_existing=True)
        )
        row = (await self.session.execute(query)).first()
        if row is None:
            return None
        report, period, extended = row
        return report, period, extended or period.due_on

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
        report.status = "submitted"
        report.submitted_at, report.submitted_by, report.late = now, userid, late
        report.editor, report.editing_since, report.updated_at = None, None, now
        await self.session.flush()
        return version

    async def review(
        self, report: Report, status: str, userid: str, comment: str | None, now: datetime
    ) -> None:
        """Return (`returned`, with a comment) or accept (`accepted`) a submitted report."""
        if status not in ("returned", "accepted"):
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
    ) -> Extension:
        row = await self.extension(period_id, task_force_id)
        if row is None:
            row = Extension(period_id=period_id, task_force_id=task_force_id)
            self.session.add(row)
        row.due_on, row.reason, row.granted_by, row.granted_at = due_on, reason, userid, now
        await self.session.flush()
        return row

    async def due_on(self, period: Period, task_force_id: str) -> date:
        """The task force's due day: its extension if granted, else the period's."""
        extension = await self.extension(period.id, task_force_id)
        return extension.due_on if extension is not None else period.due_on

    async def exemption(self, period_id: str, task_force_id: str) -> Exemption | None:
        return await self.session.get(Exemption, (period_id, task_force_id))

    async def exemption_and_due(
        self, period: Period, task_force_id: str
    ) -> tuple[Exemption | None, date]:
        """The task force's exemption (if any) and due day (`due_on`) in one statement."""
        query = (
            select(Exemption, Extension.due_on)
            .select_from(Period)
            .outerjoin(
                Exemption,
                and_(Exemption.period_id == Period.id, Exemption.task_force_id == task_force_id),
            )
            .outerjoin(Extension, _extension_of(Period.id, task_force_id))
            .where(Period.id == period.id)
        )
        row = (await self.session.execute(query)).one()
        return row[0], row[1] or period.due_on

    async def exemptions(self, period_id: str) -> dict[str, Exemption]:
        rows = await self.session.scalars(
            select(Exemption).where(Exemption.period_id == period_id)
        )
        return {row.task_force_id: row for row in rows}

    async def set_exemption(
        self, period_id: str, task_force_id: str, *, reason: str, userid: str, now: datetime
    ) -> Exemption:
        row = await self.exemption(period_id, task_force_id)
        if row is None:
            row = Exemption(period_id=period_id, task_force_id=task_force_id)
            self.session.add(row)
        row.reason, row.granted_by, row.granted_at = reason, userid, now
        await self.session.flush()
        return row


def _extension_of(period_id: Any, task_force_id: Any) -> Any:
    return and_(Extension.period_id == period_id, Extension.task_force_id == task_force_id)
