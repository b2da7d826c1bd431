"""A spreadsheet uploaded to a console page for a preview, carried in the form (base64) to
its 确认, and written to a temporary file for the sheet readers."""

from __future__ import annotations

import base64
import binascii
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any

from aiohttp import web

SUFFIXES = (".xlsx", ".xlsm", ".csv")


def uploaded(posted: Any) -> tuple[str, bytes] | None:
    """The file posted for a preview, if any."""
    upload = posted.get("file")
    if not isinstance(upload, web.FileField) or not upload.filename:
        return None
    return upload.filename, upload.file.read()


async def preview(
    request: web.Request,
    context: dict[str, Any],
    dry_run: Callable[[str, bytes], Awaitable[Any]],
    no_file: str,
) -> Any | None:
    """The dry run of the uploaded file, put in `context` with the file to carry to 确认
    (`result`, `filename`, `content`); None, with `no_file` as the message, without a file."""
    found = uploaded(await request.post())
    if found is None:
        context["message"] = no_file
        return None
    filename, content = found
    result = await dry_run(filename, content)
    context.update(result=result, filename=filename, content=encoded(content))
    return result


def carried(posted: Any) -> tuple[str, bytes] | None:
    """The previewed file the 确认 form carries back; None when missing or tampered with."""
    filename = str(posted.get("filename", ""))
    try:
        content = base64.b64decode(str(posted.get("content", "")), validate=True)
    except binascii.Error:
        return None
    if not content or PurePath(filename).suffix.lower() not in SUFFIXES:
        return None
    return filename, content


def encoded(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")


@contextmanager
def sheet_file(filename: str, content: bytes) -> Iterator[Path]:
    suffix = PurePath(filename).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        yield path
