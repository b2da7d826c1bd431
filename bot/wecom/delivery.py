"""Passive or active: answering a callback in time, and never losing or doubling a reply.

The core records a message and its replies in one transaction (`Dispatcher.feed`). What it
cannot know is how the replies leave; that is decided here, durably:

* The core finished within the budget and the replies fit one passive message: they go back
  in the HTTP response. If that response is lost, WeCom delivers the message again, the core
  returns the stored replies (`duplicate`), and they go back passively once more.
* The core finished within the budget but the replies do not fit (too long, buttons, or a
  card click): they are queued in the outbox under the keys `reply:<msg>:<n>` before the
  HTTP response; a redelivery queues nothing new (same keys).
* The budget ran out: a `deferred_replies` row holding the message is committed *before* the
  empty 200. When the core finishes, its replies are queued and the row released in one
  transaction. If the process dies in between, the outbox worker finds the unreleased row,
  feeds the message again (the core answers a handled message with its stored replies, or
  handles one that never committed) and queues the replies. A redelivery that finds the row
  answers with an empty 200, so a deferred reply never also goes out passively.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dispatcher import Dispatcher
from bot.failures import FailureLog
from bot.wecom import cards
from bot.wecom.spool import Spool
from bot.wecom.textsplit import TEXT_LIMIT
from core.clock import Clock
from core.messages import Body, Card, FeedResult, Incoming, Kind, Outbound, Reply, Text, ToUsers
from core.settings import Settings
from storage.db import StorageUnavailable
from storage.repositories.deferred import DeferredReplyRepository
from storage.repositories.outbox import OutboxRepository

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=60)
"""A deferred message nobody released for this long had its handler die."""
REPLY_SEPARATOR = "\n\n"


class Unavailable(Exception):
    """The reply could not be made durable in time; WeCom should deliver again."""


def passive_text(replies: tuple[Reply, ...]) -> str | None:
    """The one passive text carrying these replies ("" for none); None when they do not fit
    one (buttons, or too long)."""
    if any(reply.buttons for reply in replies):
        return None
    text = REPLY_SEPARATOR.join(reply.text for reply in replies if reply.text)
    return text if len(text.encode()) <= TEXT_LIMIT else None


def reply_bodies(replies: tuple[Reply, ...]) -> list[Body]:
    """The outbox messages that carry these replies: a card where buttons fit one."""
    bodies: list[Body] = []
    for reply in replies:
        if cards.can_be_card(reply.buttons):
            bodies.append(Card(reply.text, reply.buttons, reply.title))
        elif reply.text:
            bodies.append(Text(reply.text))
    return bodies


def incoming_to_json(message: Incoming) -> dict[str, str | None]:
    return {
        "user_id": message.user_id,
        "text": message.text,
        "msg_id": message.msg_id,
        "received_at": message.received_at.isoformat(),
        "kind": message.kind.value,
        "media": message.media,
    }


def _key(message: Incoming) -> str:
    """Every WeCom message carries its de-duplication key (WeComMessage.key)."""
    assert message.msg_id is not None
    return message.msg_id


def incoming_from_json(data: dict[str, Any]) -> Incoming:
    return Incoming(
        user_id=data["user_id"],
        text=data["text"],
        msg_id=data["msg_id"],
        received_at=datetime.fromisoformat(data["received_at"]),
        kind=Kind(data["kind"]),
        media=data.get("media", ""),
    )


class ReplyDelivery:
    def __init__(
        self,
        dispatcher: Dispatcher,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        settings: Settings,
        on_queued: Callable[[], None],
        spool: Spool | None = None,
    ) -> None:
        self._dispatcher = dispatcher
        self._sessions = sessions
        self._clock = clock
        self._budget = settings.wecom_reply_budget
        self._on_queued = on_queued
        self._tasks: set[asyncio.Task[Any]] = set()
        self._failures = FailureLog(log, clock)
        self.spool = spool

    async def respond(self, message: Incoming, *, passive_ok: bool, deadline: float) -> str:
        """Hand the message to the core; return the text to give passively ("": answer with
        an empty 200). `deadline` (loop time) bounds making a late reply durable."""
        feed = self._spawn(self._dispatcher.feed(message))
        await asyncio.wait((feed,), timeout=self._budget)  # never cancels the handling
        if not feed.done():
            await self._defer(message, deadline)
            self._spawn(self._release_when_done(message, feed))
            return ""
        result = feed.result()
        if result.duplicate and await self._is_deferred(_key(message)):
            return ""  # a deferred reply: the outbox owns it, a passive copy would double it
        passive = passive_text(result.replies) if passive_ok else None
        if passive is not None:
            return passive
        await self.queue_replies(message, result)
        return ""

    async def _defer(self, message: Incoming, deadline: float) -> None:
        try:
            async with asyncio.timeout_at(deadline):
                async with self._sessions() as session, session.begin():
                    await DeferredReplyRepository(session).hold(
                        _key(message), incoming_to_json(message), self._clock.now()
                    )
        except Exception as error:
            # Without the row a later reply could double a passive one; let WeCom retry
            # (the callback logs it).
            raise Unavailable from error

    async def _is_deferred(self, msg_key: str) -> bool:
        async with self._sessions() as session:
            return await DeferredReplyRepository(session).is_held(msg_key)

    async def _release_when_done(self, message: Incoming, feed: asyncio.Future) -> None:
        result = await feed
        await self.queue_replies(message, result, release=True)

    async def queue_replies(
        self, message: Incoming, result: FeedResult, *, release: bool = False
    ) -> None:
        """Queue the replies (idempotent: keyed by message and position); with `release`,
        mark the deferred row done in the same transaction."""
        now = self._clock.now()
        async with self._sessions() as session, session.begin():
            outbox = OutboxRepository(session)
            to = ToUsers.of(message.user_id)
            for index, body in enumerate(reply_bodies(result.replies)):
                await outbox.enqueue(
                    Outbound(to, body),
                    source="reply",
                    now=now,
                    dedupe_key=f"reply:{message.msg_id}:{index}",
                )
            if release:
                await DeferredReplyRepository(session).release(_key(message), now)
        self._on_queued()

    async def spool_message(self, message: Incoming) -> None:
        """Keep the message on disk to handle once the database is back (see Spool)."""
        assert self.spool is not None
        await self.spool.put(message, incoming_to_json(message))

    async def replay_spool(self) -> int:
        """Handle spooled messages in arrival order and queue their replies; stops at the
        first that cannot be made durable (the database is still away)."""
        if self.spool is None:
            return 0
        replayed = 0
        for path in self.spool.entries():
            message = incoming_from_json(self.spool.read(path))
            result = await self._dispatcher.feed(message)
            await self.queue_replies(message, result)
            self.spool.remove(path)
            replayed += 1
        if replayed:
            log.warning("spooled messages answered", extra={"count": replayed})
        return replayed

    async def recover(self) -> int:
        """Replay the spool, then queue the replies of deferred messages whose handler
        died; returns how many messages were recovered."""
        replayed = await self.replay_spool()
        now = self._clock.now()
        async with self._sessions() as session:
            stale = await DeferredReplyRepository(session).stale(now - STALE_AFTER)
            messages = [incoming_from_json(row.message) for row in stale]
        for message in messages:
            log.warning("recovering a deferred reply", extra={"msg_key": message.msg_id})
            result = await self._dispatcher.feed(message)
            await self.queue_replies(message, result, release=True)
        return replayed + len(messages)

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        error = None if task.cancelled() else task.exception()
        if error is not None and not isinstance(error, StorageUnavailable):
            # StorageUnavailable reached the callback, which answered 503 and logged it.
            self._failures.record("background reply task", error)

    async def drain(self) -> None:
        """Graceful shutdown: let every running handler finish and queue its replies."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
