"""The core: one `feed()` per incoming message, one transaction per turn."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.failures import FailureLog
from core.clock import Clock
from core.messages import FeedResult, Incoming, Reply
from core.settings import Settings
from handlers import texts
from handlers.context import Context
from handlers.routing import Router
from knowledge import KnowledgeBase
from storage.db import StorageUnavailable, is_unavailable
from storage.repositories import Repositories
from storage.repositories.conversations import ConversationState

log = logging.getLogger(__name__)

ERROR_RESULT = FeedResult(replies=(Reply(texts.INTERNAL_ERROR),), intent="error")
"""What a caller is told when its group was cut short before it was handled."""


class Dispatcher:
    """Serialises each user's messages and runs routing inside one database transaction.

    The message key is recorded in that same transaction, so a redelivery (or a second
    instance) finds it and gets the stored replies instead of a second handling; replies
    leave only after the commit, so nothing is said about a change that rolled back.

    On SQLite (one writer at a time anyway) messages that arrive together are handled in
    one transaction, "group commit": each message is still claimed and handled exactly once
    and its replies still leave only after the commit that recorded it. If any handler in a
    group fails, the group rolls back and every message is handled again on its own.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        kb: KnowledgeBase,
        clock: Clock,
        settings: Settings,
        router: Router,
        *,
        group_commit: bool | None = None,
    ) -> None:
        self.sessions = sessions
        self.kb = kb
        self.clock = clock
        self.settings = settings
        self.router = router
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        if group_commit is None:
            group_commit = _dialect(sessions) == "sqlite"
        self._groups = _GroupCommit(self._handle_group) if group_commit else None
        self._failures = FailureLog(log, clock)

    def _lock(self, user_key: str) -> asyncio.Lock:
        lock = self._locks.get(user_key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[user_key] = lock
        return lock

    async def feed(self, message: Incoming) -> FeedResult:
        if self._groups is not None:
            return await self._groups.submit(message)
        user_key = message.user_id.lower()
        async with self._lock(user_key):
            return await self._handle_safely(message)

    async def _handle_safely(self, message: Incoming) -> FeedResult:
        """Handle one message; an answer is returned only once it is durable.

        The database away (or gone mid-turn): StorageUnavailable, nothing was stored, the
        transport must let the message be delivered again. A handler that fails: the
        message is recorded as handled with the apology, so a redelivery gets the same
        apology instead of failing again; if even that cannot be stored, StorageUnavailable.
        """
        try:
            # One message is a group of one: the same claim, state and reply bookkeeping.
            (result,) = await self._handle_together([message])
        except Exception as error:
            if is_unavailable(error):
                self._failures.record("handling (database unavailable)", error)
                raise StorageUnavailable(str(error)) from error
            self._failures.record("handling", error, msg_id=message.msg_id)
            return await self._record_error(message)
        self._failures.recovered("handling (database unavailable)")
        return result

    async def _record_error(self, message: Incoming) -> FeedResult:
        """After a failed turn (rolled back whole): in a fresh transaction the router keeps
        what the message carried, ends the flow it was in and apologises (Router.recover);
        the message is recorded with that answer."""
        user_key = message.user_id.lower()
        try:
            async with self.sessions() as session, session.begin():
                repos = Repositories(session)
                if message.msg_id is not None:
                    claim = [(message.msg_id, user_key, message.received_at)]
                    if message.msg_id not in await repos.inbox.claim_many(claim):
                        # handled meanwhile (another instance)
                        stored = await repos.inbox.many_replies([message.msg_id])
                        old = stored.get(message.msg_id, [])
                        return FeedResult(tuple(Reply.from_json(r) for r in old), duplicate=True)
                state = ConversationState()
                if not message.one_shot:
                    state = (await repos.conversations.load_many([user_key]))[user_key]
                ctx = self._context(repos, message, state)
                await self.router.recover(ctx)
                if not message.one_shot:
                    await repos.conversations.save(user_key, ctx.state, self.clock.now())
                if message.msg_id is not None:
                    await repos.inbox.store_many_replies(
                        {message.msg_id: [reply.to_json() for reply in ctx.replies]}
                    )
        except Exception as error:
            raise StorageUnavailable(str(error)) from error
        return FeedResult(tuple(ctx.replies), intent=ctx.intent)

    def _context(
        self, repos: Repositories, message: Incoming, state: ConversationState
    ) -> Context:
        return Context(
            message=message,
            repos=repos,
            kb=self.kb,
            clock=self.clock,
            settings=self.settings,
            state=state,
        )

    async def _turn(
        self, repos: Repositories, message: Incoming, user_key: str, state: ConversationState
    ) -> Context:
        """Route one message and save the user's state, inside the caller's transaction."""
        ctx = self._context(repos, message, state)
        await self.router.route(ctx)
        if not message.one_shot:
            await repos.conversations.save(user_key, ctx.state, self.clock.now())
        elif ctx.state.flow is not None:
            ctx.reply(texts.ONE_SHOT_NO_FLOW)
        return ctx

    async def _handle_group(self, messages: list[Incoming]) -> list[FeedResult | Exception]:
        """Handle messages of distinct users in one transaction, in arrival order."""
        if len(messages) > 1:
            try:
                return list(await self._handle_together(messages))
            except Exception as error:
                if is_unavailable(error):
                    self._failures.record("handling (database unavailable)", error)
                    return [StorageUnavailable(str(error))] * len(messages)
                log.warning("group handling failed; handling each message on its own")
        results: list[FeedResult | Exception] = []
        for message in messages:
            try:
                results.append(await self._handle_safely(message))
            except StorageUnavailable as error:
                results.append(error)
        return results

    async def _handle_together(self, messages: list[Incoming]) -> list[FeedResult]:
        keyed = [(message, message.user_id.lower()) for message in messages]
        async with self.sessions() as session, session.begin():
            repos = Repositories(session)
            claimed = await repos.inbox.claim_many(
                [(m.msg_id, key, m.received_at) for m, key in keyed if m.msg_id is not None]
            )

            def fresh(message: Incoming) -> bool:
                return message.msg_id is None or message.msg_id in claimed

            stored = await repos.inbox.many_replies(
                [m.msg_id for m in messages if m.msg_id is not None and not fresh(m)]
            )
            states = await repos.conversations.load_many(
                [user_key for m, user_key in keyed if fresh(m) and not m.one_shot]
            )
            results: list[FeedResult] = []
            replies: dict[str, list[dict]] = {}
            for message, user_key in keyed:
                if not fresh(message):
                    assert message.msg_id is not None  # fresh() is True without a msg_id
                    old = stored.get(message.msg_id, [])
                    results.append(
                        FeedResult(tuple(Reply.from_json(r) for r in old), duplicate=True)
                    )
                    continue
                state = ConversationState() if message.one_shot else states[user_key]
                ctx = await self._turn(repos, message, user_key, state)
                if message.msg_id is not None:
                    replies[message.msg_id] = [r.to_json() for r in ctx.replies]
                results.append(FeedResult(tuple(ctx.replies), intent=ctx.intent))
            await repos.inbox.store_many_replies(replies)
        return results


class _GroupCommit:
    """Collects messages that arrive while a group is being handled into the next group.

    At most one message per user goes into a group, so a user's messages are still handled
    one after the other in arrival order. No timer: a lone message is handled at once.
    """

    MAX_GROUP = 64

    def __init__(
        self, handle: Callable[[list[Incoming]], Awaitable[list[FeedResult | Exception]]]
    ) -> None:
        self._handle = handle
        self._pending: list[tuple[Incoming, asyncio.Future[FeedResult]]] = []
        self._runner: asyncio.Task[None] | None = None

    async def submit(self, message: Incoming) -> FeedResult:
        future: asyncio.Future[FeedResult] = asyncio.get_running_loop().create_future()
        self._pending.append((message, future))
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._run())
        # A cancelled caller cancels only its own future; the group still runs for the rest.
        return await future

    async def _run(self) -> None:
        while self._pending:
            group: list[tuple[Incoming, asyncio.Future[FeedResult]]] = []
            users: set[str] = set()
            rest: list[tuple[Incoming, asyncio.Future[FeedResult]]] = []
            for item in self._pending:
                user_key = item[0].user_id.lower()
                if user_key in users or len(group) >= self.MAX_GROUP:
                    rest.append(item)
                else:
                    users.add(user_key)
                    group.append(item)
            self._pending = rest
            results: list[FeedResult | Exception] = [ERROR_RESULT] * len(group)
            try:
                results = await self._handle([message for message, _ in group])
            finally:  # even when cancelled, no caller is left waiting forever
                for (_, future), result in zip(group, results, strict=True):
                    if future.done():
                        continue
                    if isinstance(result, Exception):
                        future.set_exception(result)
                    else:
                        future.set_result(result)


def _dialect(sessions: async_sessionmaker[AsyncSession]) -> str:
    bind = sessions.kw.get("bind")
    return bind.dialect.name if bind is not None else ""
