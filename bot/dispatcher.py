"""The core: one `feed()` per incoming message, one transaction per turn."""

from __future__ import annotations

import asyncio
import logging
import weakref

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.events import FeedResult, Incoming, Reply
from handlers import texts
from handlers.context import Context
from handlers.routing import Router
from knowledge import KnowledgeBase
from storage.repositories import Repositories

log = logging.getLogger(__name__)


class Dispatcher:
    """Serialises each user's messages and runs routing inside one database transaction.

    The message key is recorded in that same transaction, so a redelivery (or a second
    instance) finds it and gets the stored replies instead of a second handling; replies
    leave only after the commit, so nothing is said about a change that rolled back.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        kb: KnowledgeBase,
        clock: Clock,
        settings: Settings,
        router: Router,
    ) -> None:
        self.sessions = sessions
        self.kb = kb
        self.clock = clock
        self.settings = settings
        self.router = router
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def _lock(self, user_key: str) -> asyncio.Lock:
        lock = self._locks.get(user_key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[user_key] = lock
        return lock

    async def feed(self, message: Incoming) -> FeedResult:
        user_key = message.user_id.lower()
        async with self._lock(user_key):
            try:
                return await self._handle(message, user_key)
            except Exception:
                log.exception("handling failed", extra={"msg_id": message.msg_id})
                return FeedResult(replies=(Reply(texts.INTERNAL_ERROR),), intent="error")

    async def _handle(self, message: Incoming, user_key: str) -> FeedResult:
        async with self.sessions() as session, session.begin():
            repos = Repositories(session)
            key = message.msg_id
            if key is not None and not await repos.inbox.claim(key, user_key, message.received_at):
                stored = await repos.inbox.replies(key)
                return FeedResult(tuple(Reply.from_json(r) for r in stored), duplicate=True)
            ctx = Context(
                message=message,
                repos=repos,
                kb=self.kb,
                clock=self.clock,
                settings=self.settings,
                state=await repos.conversations.load(user_key),
            )
            await self.router.route(ctx)
            await repos.conversations.save(user_key, ctx.state, self.clock.now())
            if key is not None:
                await repos.inbox.store_replies(key, [r.to_json() for r in ctx.replies])
        return FeedResult(tuple(ctx.replies), intent=ctx.intent)
