"""The attachment worker: downloads pending attachments through media/get into the store.

Rows are recorded pending by the turn that received the file (handlers/attachments.py), so
the work survives a crash: a row is leased while it downloads and retried with capped
exponential backoff until it is stored, refused (too big, a type we do not keep: the sender
is told), or lost (WeCom keeps media three days; the sender is asked to send it again).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import PurePosixPath

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.loops import repeat
from bot.wecom.client import Media, MediaTooLarge, WeComClient, WeComError
from core.clock import Clock
from core.settings import Settings
from handlers import attachments, roster_import
from knowledge import KnowledgeBase
from storage.files import MEDIA_DEFAULT_TYPE, FileRefused, FileStore, safe_name
from storage.models import Attachment
from storage.repositories import Repositories
from storage.repositories.attachments import LOST, REJECTED

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
"""A download in progress holds its row this long; after a crash another try takes it."""
BACKOFF_BASE = 5.0
BACKOFF_CAP = 600.0
MEDIA_LIFETIME = timedelta(days=3)
"""WeCom deletes a media_id three days after it was sent."""
GONE_ERRORS = frozenset({40007})
"""invalid media_id: WeCom no longer has (or never had) it."""
TOO_BIG_ERRORS = frozenset({830002})
"""media/get refuses more than 20 MB in one piece."""
BATCH = 8
POLL_INTERVAL = 1.0


class AttachmentWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        client: WeComClient,
        clock: Clock,
        settings: Settings,
        kb: KnowledgeBase,
        on_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self._sessions = sessions
        self._client = client
        self._clock = clock
        self._settings = settings
        self._kb = kb
        self._on_queued = on_queued
        self.store = FileStore(settings.files_path())
        self._rng = random.Random()

    async def run(self, stop: asyncio.Event) -> None:
        """Work until `stop` is set; the download in progress finishes first."""
        await repeat(
            "attachment tick",
            self.run_once,
            stop,
            clock=self._clock,
            log=log,
            delay=lambda: POLL_INTERVAL,
        )

    async def run_once(self) -> int:
        """Download everything due now; returns rows handled."""
        handled = 0
        while True:
            now = self._clock.now()
            async with self._sessions() as session, session.begin():
                rows = await Repositories(session).attachments.claim_due(now, now + LEASE, BATCH)
            if not rows:
                return handled
            handled += len(rows)
            for row in rows:
                await self._fetch(row)

    async def _fetch(self, row: Attachment) -> None:
        limit = self._settings.attachment_max_bytes
        try:
            media = await self._client.download_media(row.media_id, limit)
        except MediaTooLarge:
            await self._not_kept(row, "too_big", "larger than the limit")
            return
        except WeComError as error:
            await self._failed(row, error)
            return
        name = self._name(row, media)
        try:
            kind = self.store.check(name, media.data, limit)
        except FileRefused as refused:
            await self._not_kept(row, refused.reason, f"refused: {refused.reason}", name)
            return
        if not PurePosixPath(name).suffix:
            name = f"{name}.{kind}"
        stored = await asyncio.to_thread(self.store.put, media.data, kind)
        now = self._clock.now()
        async with self._sessions() as session, session.begin():
            repos = Repositories(session)
            await repos.attachments.stored(
                row.id,
                file_name=name,
                content_type=media.content_type,
                size=stored.size,
                sha256=stored.sha256,
                path=stored.path,
                now=now,
            )
            fresh = await repos.attachments.get(row.id)
            if fresh is not None:
                await roster_import.on_stored(repos, self._kb, self.store, fresh, now)
        log.info(
            "attachment stored",
            extra={"attachment_id": row.id, "bytes": stored.size, "sha256": stored.sha256},
        )
        self._on_queued()

    @staticmethod
    def _name(row: Attachment, media: Media) -> str:
        name = safe_name(media.file_name)
        if name and name != row.media_id and not name.startswith(row.media_id + "."):
            return name
        extension = PurePosixPath(name).suffix or "." + MEDIA_DEFAULT_TYPE.get(
            row.media_type, "bin"
        )
        return f"{row.media_type}-{row.id}{extension}"

    async def _failed(self, row: Attachment, error: WeComError) -> None:
        now = self._clock.now()
        if error.errcode in TOO_BIG_ERRORS:
            await self._not_kept(row, "too_big", str(error))
            return
        if error.errcode in GONE_ERRORS or now - row.created_at > MEDIA_LIFETIME:
            log.error(
                "attachment lost: WeCom no longer has it",
                extra={"attachment_id": row.id, "error": str(error)},
            )
            await self._not_kept(row, LOST, str(error))
            return
        delay = min(BACKOFF_CAP, BACKOFF_BASE * 2**row.attempts)
        delay *= 0.5 + self._rng.random() / 2
        retry = now + timedelta(seconds=delay)
        log.warning(
            "attachment download failed, will retry",
            extra={"attachment_id": row.id, "error": str(error), "retry_at": retry},
        )
        async with self._sessions() as session, session.begin():
            await Repositories(session).attachments.retry_at(row.id, retry, str(error))

    async def _not_kept(
        self, row: Attachment, reason: str, error: str, name: str | None = None
    ) -> None:
        status = LOST if reason == LOST else REJECTED
        now = self._clock.now()
        async with self._sessions() as session, session.begin():
            repos = Repositories(session)
            await repos.attachments.give_up(row.id, status, error, name)
            row.file_name = name
            await attachments.tell_not_kept(
                repos, row, reason, now, self._settings.attachment_max_bytes
            )
        self._on_queued()
