"""Files the console hands out: stored attachments, streamed from the file store."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from bot.console import texts
from bot.console.web import Refusal, View, page
from handlers.attachments import content_type, shown_name
from storage.files import FileStore
from storage.repositories.attachments import STORED


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
    attachment = await view.repos.attachments.get(int(request.match_info["attachment"]))
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
    return web.FileResponse(
        path,
        headers={
            "Content-Type": content_type(name),
            "Content-Disposition": disposition(name),
        },
    )
