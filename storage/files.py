"""The file store: attachments' bytes on disk, content-addressed, with the checks they pass.

A file lives at `<root>/<sha256[:2]>/<sha256>`: the same bytes sent twice are kept once, a
path never changes, and a backup is a plain copy of the folder (docs/operations.md). Names
and owners live in the `attachments` table; the store knows only bytes.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import filetype

KEPT_TYPES = frozenset(
    {
        # documents
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf",
        "csv", "txt", "wps", "et", "dps", "ofd",
        # images, voice, video
        "jpg", "jpeg", "png", "gif", "bmp", "webp", "heic", "tif", "tiff",
        "amr", "speex", "silk", "mp3", "m4a", "wav",
        "mp4", "mov",
        # archives of many files
        "zip", "rar", "7z",
    }
)  # fmt: skip
"""File types kept (by content where it has a signature, by name otherwise)."""

TEXT_TYPES = frozenset({"csv", "txt"})
"""Types without a signature: kept when the bytes read as text."""
UNSIGNED_TYPES = frozenset({"speex", "silk", "wps", "et", "dps", "ofd"})
"""Types `filetype` cannot recognise by content: kept by name."""

STORE_PREFIX = "store:"
"""A `core.messages.File` whose `content_ref` starts so is read from the file store."""

MEDIA_DEFAULT_TYPE = {"image": "jpg", "voice": "amr", "video": "mp4", "file": "bin"}


class FileRefused(Exception):
    """A file the store does not keep; the message says why, in the sender's terms."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class StoredFile:
    path: str
    """Relative to the store's root."""
    sha256: str
    size: int
    file_type: str


def safe_name(name: str) -> str:
    """The base name of what a sender called the file (either separator), never a path."""
    base = PureWindowsPath(PurePosixPath(name.replace("\x00", "")).name).name
    return base.strip().lstrip(".")[:200]


def file_type(name: str, data: bytes) -> str | None:
    """The file's type: its content signature when it has one, else its name's extension
    (text only for csv/txt); None when neither says anything we keep."""
    kind = filetype.guess(data)
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if kind is not None:
        guessed = "jpg" if kind.extension == "jpeg" else kind.extension
        if extension in ("et", "wps", "dps") and guessed in ("xls", "doc", "ppt", "zip"):
            return extension  # WPS's own formats are OLE or zip containers
        return guessed
    if extension in TEXT_TYPES:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                data.decode("gb18030")
            except UnicodeDecodeError:
                return None
        return extension
    if extension in UNSIGNED_TYPES:
        return extension
    return None


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def check(self, name: str, data: bytes, max_bytes: int) -> str:
        """The type of a file we keep, or FileRefused saying why not."""
        if len(data) > max_bytes:
            raise FileRefused("too_big")
        if not data:
            raise FileRefused("empty")
        kind = file_type(name, data)
        if kind is None or kind not in KEPT_TYPES:
            raise FileRefused("type")
        return kind

    def put(self, data: bytes, kind: str) -> StoredFile:
        """Write the bytes (atomically, synced to disk) unless the store has them already."""
        digest = hashlib.sha256(data).hexdigest()
        relative = f"{digest[:2]}/{digest}"
        target = self.root / relative
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        return StoredFile(relative, digest, len(data), kind)

    def read(self, relative: str) -> bytes:
        """The bytes at `relative`; FileNotFoundError when the store lost them."""
        return (self.root / relative).read_bytes()

    def verify(self, relative: str, sha256: str) -> bool:
        """Whether the bytes on disk still have the digest recorded for them."""
        try:
            return hashlib.sha256(self.read(relative)).hexdigest() == sha256
        except FileNotFoundError:
            return False


def store_ref(relative: str) -> str:
    """The `File.content_ref` of a stored file: the outbox reads it when it sends."""
    return STORE_PREFIX + relative


class StoredFiles:
    """The outbox's FileSource (core.messages) for files sent from the store."""

    def __init__(self, store: FileStore) -> None:
        self._store = store

    async def read(self, content_ref: str) -> bytes:
        if not content_ref.startswith(STORE_PREFIX):
            raise ValueError(f"not a file store reference: {content_ref[:40]!r}")
        return await asyncio.to_thread(self._store.read, content_ref[len(STORE_PREFIX) :])
