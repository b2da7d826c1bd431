"""Spreadsheets sent in chat (a roster, the year's targets): the file on disk for the
readers, and the answers to the person who sent it."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from core.messages import Button, Card, Outbound, ToUsers
from handlers import texts
from storage.files import file_type
from storage.models import Attachment
from storage.repositories import Repositories

PREVIEW_LINES = 20
"""Lines listed in a preview; WeCom texts stop at 2048 bytes."""
SHEET_TYPES = frozenset({"xlsx", "csv"})


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
