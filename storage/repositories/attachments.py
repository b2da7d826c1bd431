"""Attachments: recorded pending with the message that brought them, then stored or given up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name, insert_ignoring_conflict
from storage.models import Attachment

PENDING = "pending"
STORED = "stored"
REJECTED = "rejected"
LOST = "lost"


@dataclass(frozen=True, slots=True)
class NewAttachment:
    msg_key: str | None
    media_id: str
    media_type: str
    uploader: str
    purpose: str
    task_force_id: str | None = None
    period_id: str | None = None
    report_id: int | None = None


class AttachmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, new: NewAttachment, now: datetime) -> Attachment | None:
        """Record a pending attachment; None when its message was recorded already."""
        values = {
            "msg_key": new.msg_key,
            "media_id": new.media_id,
            "media_type": new.media_type,
            "uploader": new.uploader,
            "purpose": new.purpose,
            "task_force_id": new.task_force_id,
            "period_id": new.period_id,
            "report_id": new.report_id,
            "status": PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        statement = insert_ignoring_conflict(
            Attachment, values, dialect_name(self.session)
        ).returning(Attachment.id)
        attachment_id = (await self.session.execute(statement)).scalar_one_or_none()
        if attachment_id is None:
            return None
        return await self.session.get(Attachment, attachment_id)

    async def get(self, attachment_id: int) -> Attachment | None:
        return await self.session.get(Attachment, attachment_id)

    async def claim_due(
        self, now: datetime, lease_until: datetime, limit: int
    ) -> list[Attachment]:
        """Pending attachments due now, leased (their next attempt moved to `lease_until`)
        so another instance does not download them at the same time."""
        query = (
            select(Attachment)
            .where(Attachment.status == PENDING, Attachment.next_attempt_at <= now)
            .order_by(Attachment.next_attempt_at, Attachment.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = list((await self.session.scalars(query)).all())
        for row in rows:
            row.next_attempt_at = lease_until
        await self.session.flush()
        return rows

    async def stored(
        self,
        attachment_id: int,
        *,
        file_name: str,
        content_type: str,
        size: int,
        sha256: str,
        path: str,
        now: datetime,
    ) -> None:
        await self._set(
            attachment_id,
            status=STORED,
            file_name=file_name,
            content_type=content_type,
            size=size,
            sha256=sha256,
            path=path,
            stored_at=now,
            last_error=None,
        )

    async def retry_at(self, attachment_id: int, when: datetime, error: str) -> None:
        await self._set(
            attachment_id,
            next_attempt_at=when,
            last_error=error,
            attempts=Attachment.attempts + 1,
        )

    async def give_up(
        self, attachment_id: int, status: str, error: str, file_name: str | None = None
    ) -> None:
        await self._set(
            attachment_id,
            status=status,
            last_error=error,
            file_name=file_name,
            attempts=Attachment.attempts + 1,
        )

    async def set_purpose(self, attachment_id: int, purpose: str) -> None:
        await self._set(attachment_id, purpose=purpose)

    async def for_reports(self, report_ids: list[int]) -> list[Attachment]:
        if not report_ids:
            return []
        query = (
            select(Attachment)
            .where(Attachment.report_id.in_(report_ids))
            .order_by(Attachment.created_at, Attachment.id)
        )
        return list((await self.session.scalars(query)).all())

    async def of_task_force(self, task_force_id: str, report_ids: list[int]) -> list[Attachment]:
        """Everything sent for a task force or attached to one of its reports, oldest first."""
        query = (
            select(Attachment)
            .where(
                or_(
                    Attachment.task_force_id == task_force_id, Attachment.report_id.in_(report_ids)
                )
            )
            .order_by(Attachment.created_at, Attachment.id)
        )
        return list((await self.session.scalars(query)).all())

    async def listing(
        self,
        *,
        status: str | None = None,
        task_force_id: str | None = None,
        period_id: str | None = None,
        limit: int = 100,
    ) -> list[Attachment]:
        """The newest first, filtered."""
        query = select(Attachment)
        if status is not None:
            query = query.where(Attachment.status == status)
        if task_force_id is not None:
            query = query.where(Attachment.task_force_id == task_force_id)
        if period_id is not None:
            query = query.where(Attachment.period_id == period_id)
        query = query.order_by(Attachment.created_at.desc(), Attachment.id.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def latest_with_purpose(self, uploader: str, purpose: str) -> Attachment | None:
        query = (
            select(Attachment)
            .where(Attachment.uploader == uploader.lower(), Attachment.purpose == purpose)
            .order_by(Attachment.created_at.desc(), Attachment.id.desc())
            .limit(1)
        )
        return (await self.session.scalars(query)).first()

    async def _set(self, attachment_id: int, **values: object) -> None:
        await self.session.execute(
            update(Attachment).where(Attachment.id == attachment_id).values(**values)
        )
