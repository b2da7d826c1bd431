"""Spreadsheets sent in chat (a roster, the year's targets): the file on disk for the
readers, and the answers to the person who sent it."""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from core.messages import Button, Card, Outbound, ToUsers
from handlers import texts
from handlers.context import Context
from knowledge.normalize import normalize
from storage.files import FileStore, file_type
from storage.models import Attachment
from storage.repositories import Repositories
from storage.roster.validate import Problem

PREVIEW_LINES = 20
"""Lines listed in a preview; WeCom texts stop at 2048 bytes."""
SHEET_TYPES = frozenset({"xlsx", "csv"})
CONFIRM, CANCEL = "确认", "取消"


def is_sheet(attachment: Attachment, data: bytes) -> bool:
    return file_type(attachment.file_name or "", data) in SHEET_TYPES


@contextmanager
def sheet_path(attachment: Attachment, data: bytes) -> Iterator[Path]:
    """The file's bytes in a temporary file named with its type, for the sheet readers."""
    suffix = "." + (file_type(attachment.file_name or "", data) or "bin")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("sheet" + suffix)
        path.write_bytes(data)
        yield path


def limited(lines: list[str]) -> list[str]:
    if len(lines) <= PREVIEW_LINES:
        return lines
    more = texts.ROSTER_FILE_MORE.format(count=len(lines) - PREVIEW_LINES)
    return [*lines[:PREVIEW_LINES], more]


def problems_text(attachment: Attachment, problems: list[Problem], head: str, hint: str) -> str:
    """The file's row errors: `head` (with {name}, {count}, {id}), the rows, then `hint`."""
    title = head.format(name=attachment.file_name or "", count=len(problems), id=attachment.id)
    return "\n".join([title, *limited([str(problem) for problem in problems]), hint])


async def tell(
    repos: Repositories,
    attachment: Attachment,
    text: str,
    now: datetime,
    *,
    source: str,
    ask: bool = False,
) -> None:
    """A message to the sender, once per file, with 确认/取消 buttons when it asks."""
    key = f"{source}:{attachment.id}"
    if not ask:
        await repos.outbox.enqueue_text(
            [attachment.uploader], text, source=source, now=now, dedupe_key=key
        )
        return
    buttons = tuple(Button(label, value) for label, value in texts.ROSTER_FILE_CONFIRM_BUTTONS)
    await repos.outbox.enqueue(
        Outbound(ToUsers.of(attachment.uploader), Card(text, buttons)),
        source=source,
        now=now,
        dedupe_key=key,
    )


async def office_answer(
    ctx: Context,
    awaiting: Callable[[Context], Awaitable[Attachment | None]],
    *,
    intent: str,
    dropped: str,
    dropped_text: str,
) -> tuple[bool, Attachment | None]:
    """An office member's 确认 or 取消 to a file awaiting it (`awaiting` finds it): (False,
    None) leaves the message to others; 取消 marks the file `dropped` and answers
    `dropped_text` ({name}, {id}): (True, None); 确认 gives the file to apply: (True, it)."""
    word = normalize(ctx.text)
    if word not in (CONFIRM, CANCEL):
        return False, None
    if not await ctx.repos.registry.is_office(ctx.message.user_id):
        return False, None
    attachment = await awaiting(ctx)
    if attachment is None or attachment.path is None:
        return False, None
    if word == CANCEL:
        ctx.intent = f"{intent}.dropped"
        await ctx.repos.attachments.set_purpose(attachment.id, dropped)
        ctx.reply(dropped_text.format(name=attachment.file_name or "", id=attachment.id))
        return True, None
    ctx.intent = f"{intent}.applied"
    return True, attachment


def stored_bytes(ctx: Context, attachment: Attachment) -> bytes:
    assert attachment.path is not None
    return FileStore(ctx.settings.files_path()).read(attachment.path)
