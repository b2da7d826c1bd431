"""Attachments in the console: listed with their state, downloaded from the file store, and
uploaded through the check-in form into it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot.console import texts
from bot.console.web import Refusal, View, page, record_id
from handlers import attachments as kept
from handlers.attachments import content_type, shown_name
from storage.files import FileRefused, FileStore
from storage.models import Attachment
from storage.repositories.attachments import STORED, NewAttachment

UPLOAD_REF = "upload:"
"""The `media_id` of a file uploaded here (a chat file's is WeCom's), then its SHA-256; a
case answer holds it as it holds a chat file's media_id."""


@dataclass(frozen=True, slots=True)
class AttachmentView:
    id: int
    name: str
    kind: str
    """What it is for (报告附件, 案例材料, …) and what it is (文件, 图片, …)."""
    size: str
    sender: str
    row: Attachment

    @property
    def ready(self) -> bool:
        """Stored: a download link; otherwise its state is shown instead."""
        return self.row.status == STORED and self.row.path is not None

    @property
    def status(self) -> str:
        return kept.status_text(self.row)


def attachment_view(row: Attachment, names: dict[str, str]) -> AttachmentView:
    purpose = texts.ATTACHMENT_PURPOSES.get(row.purpose, row.purpose)
    return AttachmentView(
        id=row.id,
        name=kept.shown_name(row),
        kind=f"{purpose}·{kept.kind_name(row)}",
        size=kept.size_text(row.size),
        sender=names.get(row.uploader, row.uploader),
        row=row,
    )


@dataclass(frozen=True, slots=True)
class Place:
    """The report an upload belongs to."""

    uploader: str
    task_force_id: str
    period_id: str
    report_id: int


async def keep_upload(view: View, upload: Any, place: Place, purpose: str) -> Attachment | None:
    """A file posted in a form, checked, stored and recorded as an attachment; None when no
    file was chosen; FileRefused (with `refusal`'s text) for one the store does not keep."""
    if not isinstance(upload, web.FileField):
        return None
    content = upload.file.read()
    if not content and not upload.filename:
        return None
    new = NewAttachment(
        msg_key=None,
        media_id=f"{UPLOAD_REF}{hashlib.sha256(content).hexdigest()}",
        media_type="file",
        uploader=place.uploader,
        purpose=purpose,
        task_force_id=place.task_force_id,
        period_id=place.period_id,
        report_id=place.report_id,
    )
    return await kept.keep_upload(
        view.repos,
        FileStore(view.settings.files_path()),
        new,
        name=upload.filename,
        data=content,
        max_bytes=view.settings.attachment_max_bytes,
        now=view.now(),
    )


def refusal(view: View, refused: FileRefused, name: str) -> str:
    """Why an uploaded file was not kept, and what to do."""
    text = texts.UPLOAD_REFUSED.get(refused.reason, texts.UPLOAD_REFUSED["type"])
    return text.format(name=name, limit=view.settings.attachment_max_bytes // (1024 * 1024))


def disposition(filename: str) -> str:
    """Content-Disposition for a download: an ASCII fallback and the real (often Chinese)
    name as RFC 5987 `filename*`, which every current browser prefers."""
    fallback = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    fallback = fallback.replace('"', "_").replace("\\", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@page(None)
async def attachment_download(request: web.Request, view: View) -> web.StreamResponse:
    """One attachment's bytes: its row says where they are (never the request), and whose
    task force it belongs to (the office alone sees one that belongs to none)."""
    attachment_id = record_id(request.match_info["attachment"])
    attachment = None if attachment_id is None else await view.repos.attachments.get(attachment_id)
    if attachment is None:
        raise Refusal(404, texts.NOT_FOUND)
    if attachment.task_force_id is not None:  # a report's attachment always names it
        view.require(attachment.task_force_id)
    elif not view.viewer.office:
        raise Refusal(403, texts.FORBIDDEN)
    if attachment.status != STORED or not attachment.path:
        raise Refusal(409, texts.ATTACHMENT_NOT_READY)
    path = FileStore(view.settings.files_path()).root / attachment.path
    if not path.is_file():
        raise Refusal(410, texts.ATTACHMENT_MISSING)
    name = shown_name(attachment)
    await view.repos.audit.record(  # as 附件 N in chat is: who took which file
        at=view.now(),
        actor=view.viewer.userid,
        action="attachment.download",
        entity="attachment",
        entity_key=str(attachment.id),
    )
    return web.FileResponse(
        path,
        headers={
            "Content-Type": content_type(name),
            "Content-Disposition": disposition(name),
        },
    )
