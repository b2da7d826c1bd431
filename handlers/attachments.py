"""Attachments: every file, image or voice someone sends is recorded at once, in the turn's
transaction, as pending; the attachment worker (bot/attachments.py) downloads it through
media/get into the file store and then calls `after_stored` or `tell_not_kept` here.

A pending row is the promise: it is committed with the inbound message, so a crash, an
outage of WeCom's media API or a restart delays the download but never drops it.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
from collections.abc import Iterable
from datetime import datetime
from pathlib import PurePosixPath

from core.clock import local
from core.messages import Kind
from handlers import texts
from handlers.context import Context
from knowledge import KnowledgeBase
from storage.files import FileStore, safe_name
from storage.models import Attachment
from storage.periods import reporting_quarter
from storage.repositories import Repositories
from storage.repositories.attachments import NewAttachment

CASE_STEP = "case.media_id"
"""The check-in step a typical case's material answers (handlers/checkin/spec.py)."""
SOURCE = "attachment"

log = logging.getLogger(__name__)


def kind_name(attachment: Attachment) -> str:
    return texts.ATTACHMENT_KINDS.get(attachment.media_type, texts.ATTACHMENT_KINDS["file"])


async def keep(
    ctx: Context,
    *,
    purpose: str,
    task_force_id: str | None,
    period_id: str | None,
    report_id: int | None = None,
) -> Attachment | None:
    """Record the file of this message, pending; None when it was recorded already (a
    redelivery) or the message carries no file."""
    message = ctx.message
    if message.kind is not Kind.FILE or not message.text:
        return None
    new = NewAttachment(
        msg_key=message.msg_id,
        media_id=message.text,
        media_type=message.media or "file",
        uploader=ctx.user_key,
        purpose=purpose,
        task_force_id=task_force_id,
        period_id=period_id,
        report_id=report_id,
    )
    return await ctx.repos.attachments.add(new, ctx.now())


async def keep_from_checkin(ctx: Context) -> None:
    """The check-in's hook: a file sent while filling a report belongs to that report (to
    its typical case when it answers the case-material question)."""
    period_id, task_force_id = ctx.state.data.get("period"), ctx.state.data.get("tf")
    report = None
    if period_id and task_force_id:
        report = await ctx.repos.reports.report(period_id, task_force_id)
    purpose = "case" if ctx.state.step == CASE_STEP else "report"
    attachment = await keep(
        ctx,
        purpose=purpose,
        task_force_id=task_force_id,
        period_id=period_id,
        report_id=report.id if report is not None else None,
    )
    if attachment is not None and purpose != "case":
        ctx.reply(
            texts.ATTACHMENT_KEPT_IN_CHECKIN.format(kind=kind_name(attachment), id=attachment.id)
        )


async def keep_after_failure(ctx: Context, *, in_checkin: bool) -> None:
    """The file of a message whose turn failed: kept all the same (linked to the report in a
    check-in). Should keeping it fail too, it is logged and the apology still goes out."""
    try:
        async with ctx.repos.session.begin_nested():
            if in_checkin:
                await keep_from_checkin(ctx)
            else:
                await receive_outside_flow(ctx)
    except Exception:
        log.exception("attachment not kept after a failed turn", extra={"msg": ctx.message.msg_id})


async def receive_outside_flow(ctx: Context) -> None:
    """A file sent at any other time: kept for the sender's task force (when they are on
    exactly one) and this reporting quarter."""
    ctx.intent = "attachment"
    memberships = await ctx.repos.registry.memberships_of(ctx.message.user_id)
    task_forces = {m.task_force_id for m in memberships}
    quarter = await reporting_quarter(ctx.repos, ctx.today())
    attachment = await keep(
        ctx,
        purpose="chat",
        task_force_id=next(iter(task_forces)) if len(task_forces) == 1 else None,
        period_id=quarter.id,
    )
    if attachment is None:  # a redelivery: its first handling answered it
        ctx.reply(texts.TEXT_ONLY)
        return
    received = texts.ATTACHMENT_RECEIVED.format(kind=kind_name(attachment), id=attachment.id)
    ctx.reply(received + texts.ATTACHMENT_TEXT_ONLY)


async def keep_upload(
    repos: Repositories,
    store: FileStore,
    new: NewAttachment,
    *,
    name: str,
    data: bytes,
    max_bytes: int,
    now: datetime,
) -> Attachment:
    """A file uploaded through the console: checked as the attachment worker checks a
    downloaded one (storage.files.FileRefused says why not), put in the store and recorded
    stored at once. `new.media_id` is the reference the report's answer keeps."""
    name = safe_name(name) or "file"
    kind = store.check(name, data, max_bytes)
    if not PurePosixPath(name).suffix:
        name = f"{name}.{kind}"
    stored = await asyncio.to_thread(store.put, data, kind)
    attachment = await repos.attachments.add(new, now)
    assert attachment is not None  # an upload has no message key to collide on
    await repos.attachments.stored(
        attachment.id,
        file_name=name,
        content_type=content_type(name),
        size=stored.size,
        sha256=stored.sha256,
        path=stored.path,
        now=now,
    )
    await repos.session.refresh(attachment)
    return attachment


def content_type(name: str) -> str:
    """The MIME type a file's name says; application/octet-stream when it says nothing."""
    return mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"


# Shown in 查看, 附件, the export and the CLI ------------------------------------------------


def size_text(size: int | None) -> str:
    if size is None:
        return "-"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def shown_time(value: datetime) -> str:
    return local(value).strftime("%Y-%m-%d %H:%M")


def status_text(attachment: Attachment) -> str:
    return texts.ATTACHMENT_STATUS.get(attachment.status, attachment.status)


def shown_name(attachment: Attachment) -> str:
    return attachment.file_name or texts.ATTACHMENT_UNNAMED.format(kind=kind_name(attachment))


def line(attachment: Attachment, kb: KnowledgeBase, *, place: bool = False) -> str:
    text = texts.ATTACHMENT_LINE.format(
        id=attachment.id,
        name=shown_name(attachment),
        size=size_text(attachment.size),
        status=status_text(attachment),
        uploader=attachment.uploader,
        time=shown_time(attachment.created_at),
    )
    if place:
        task_force = kb.task_force(attachment.task_force_id) if attachment.task_force_id else None
        text += texts.ATTACHMENT_LINE_PLACE.format(
            task_force=task_force.name if task_force else "-",
            quarter=attachment.period_id or "-",
        )
    return text


async def report_lines(
    repos: Repositories, kb: KnowledgeBase, report_ids: Iterable[int]
) -> list[str]:
    """The attachments of these reports as lines under a heading; none: no lines."""
    attachments = await repos.attachments.for_reports(list(report_ids))
    if not attachments:
        return []
    return [
        texts.ATTACHMENTS_OF_REPORT.format(count=len(attachments)),
        *(line(attachment, kb) for attachment in attachments),
    ]


# Called by the attachment worker --------------------------------------------------------


async def tell_not_kept(
    repos: Repositories, attachment: Attachment, reason: str, now: datetime, limit_bytes: int
) -> None:
    """Tell the sender their file was not kept and what to do (reason: too_big, type,
    empty, lost)."""
    values = {"kind": kind_name(attachment), "id": attachment.id}
    if reason == "too_big":
        text = texts.ATTACHMENT_TOO_BIG.format(limit=limit_bytes // (1024 * 1024), **values)
    elif reason == "type":
        text = texts.ATTACHMENT_BAD_TYPE.format(name=attachment.file_name or "", **values)
    elif reason == "empty":
        text = texts.ATTACHMENT_EMPTY.format(**values)
    else:
        text = texts.ATTACHMENT_LOST.format(time=shown_time(attachment.created_at), **values)
    await repos.outbox.enqueue_text(
        [attachment.uploader],
        text,
        source=SOURCE,
        now=now,
        dedupe_key=f"attachment:{attachment.id}:not-kept",
    )
