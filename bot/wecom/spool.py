"""A local durable spool: messages received while the database is away, replayed in order.

WeCom delivers a message again after a non-200 only three times, a few seconds apart; an
outage longer than that would lose what arrived meanwhile. With ZHUANBAN_WECOM_SPOOL_DIR set,
the callback writes such a message to a file (fsync'd, then renamed into place) and answers
200; once the database is back the outbox worker replays the files in arrival order through
the core and queues the replies. While any file waits, new messages join the queue behind it,
so each user's messages are still handled in order. A message is removed only after its
replies are queued; a crash before that replays it again, and the inbox key turns the second
handling into the stored replies (exactly once).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from pathlib import Path

from core.messages import Incoming


class Spool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        waiting = self.entries()
        self._last = max((self._sequence(path) for path in waiting), default=0)
        self._count = len(waiting)
        """Files waiting; kept in memory so the callback's check costs no system call (one
        instance per directory)."""

    @staticmethod
    def _sequence(path: Path) -> int:
        return int(path.name.split("-", 1)[0])

    def entries(self) -> list[Path]:
        """Waiting messages, oldest first."""
        return sorted(self.directory.glob("*.json"))

    @property
    def pending(self) -> bool:
        return self._count > 0

    async def put(self, message: Incoming, received: dict[str, str | None]) -> None:
        """Store `message` durably (`received`: its JSON form) before WeCom hears 200."""
        self._last = max(time.time_ns(), self._last + 1)
        name = f"{self._last:020d}-{uuid.uuid4().hex[:8]}.json"
        await asyncio.to_thread(self._write, name, json.dumps(received, ensure_ascii=False))
        self._count += 1

    def _write(self, name: str, data: str) -> None:
        temporary = self.directory / f".{name}.tmp"
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.directory / name)
        directory = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(directory)  # the rename itself survives a power cut
        finally:
            os.close(directory)

    @staticmethod
    def read(path: Path) -> dict[str, str | None]:
        return json.loads(path.read_text(encoding="utf-8"))

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self._count = max(self._count - 1, 0)
