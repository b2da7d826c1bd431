"""The daily retention job of `serve` (what `zhuanban db prune` does by hand)."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.loops import repeat
from core.clock import Clock
from core.settings import Settings
from storage.retention import Ages, prune

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 24 * 3600.0


def ages_of(settings: Settings) -> Ages:
    return Ages.days(settings.inbound_keep_days, settings.outbox_keep_days)


class Retention:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, settings: Settings
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.ages = ages_of(settings)

    async def run_once(self) -> dict[str, int]:
        async with self.sessions() as session, session.begin():
            removed = await prune(session, self.clock.now(), self.ages)
        log.info("retention: old rows removed", extra={"removed": removed})
        return removed

    async def run(self, stop: asyncio.Event) -> None:
        """Prune now and then once a day until `stop`; two instances doing it is harmless."""
        await repeat(
            "retention run",
            self.run_once,
            stop,
            clock=self.clock,
            log=log,
            delay=lambda: INTERVAL_SECONDS,
        )
