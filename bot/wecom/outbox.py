"""The outbox worker: claims due rows, sends them in order within WeCom's limits, retries.

Each row holds a typed message (core.messages.Outbound); this module alone turns it into
WeCom calls: to members or a tag through message/send (text, markdown, file, a
button_interaction card, a card's update), to an app group chat through appchat/send, to a
group robot through its webhook. The row's `delivery` notes what WeCom gave back on the way
(an uploaded file's media_id, a card's task id, "fallback" when a card had to be text).

Each row becomes one or more API calls ("parts": a long text is split into numbered parts).
`parts_sent` advances after every part, so a retry resumes where the last attempt stopped;
message/send's duplicate check guards the one part that may have gone out unrecorded.

Failures, by class: token errors are retried once inside the client; frequency limits,
system busy, HTTP errors and timeouts back off exponentially with jitter (capped) and keep
each address's order; configuration and permission errors (60020 untrusted IP, 48002, …)
block that route: its messages wait, the office is told, /healthz says degraded, and one
message is tried again every ten minutes until one gets through. After
ZHUANBAN_OUTBOX_MAX_ATTEMPTS failed attempts (or any other refusal) a row is parked as
`failed`, never deleted: `zhuanban outbox retry` or 发送情况 重发 queues it again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.loops import repeat
from bot.wecom import alerts, cards
from bot.wecom.client import RATE_LIMITED, TASK_ID_EXISTS, WeComClient, WeComError
from bot.wecom.textsplit import TEXT_LIMIT, split_text
from core.clock import Clock
from core.messages import (
    OFFICE_ROBOT,
    Card,
    CardUpdate,
    File,
    FileSource,
    Markdown,
    Text,
    ToChat,
    ToRobot,
    ToTag,
    ToUsers,
)
from core.settings import Settings
from storage.models import OutboxMessage
from storage.repositories.cards import CardRepository
from storage.repositories.deferred import DeferredReplyRepository
from storage.repositories.outbox import DeliveryBlockRepository, OutboxRepository
from storage.repositories.sendlog import SendLogRepository

log = logging.getLogger(__name__)

WEBHOOK_MARKDOWN_LIMIT = 4096
USER_HOURLY_LIMIT = 1000
"""message/send: at most 1000 messages an hour to one member from one app."""
MAX_TOUSER = 1000
"""message/send takes at most 1000 userids in `touser`."""
LEASE = timedelta(minutes=2)
"""A row in `sending` for longer than this had its worker die; it is sent again."""
BACKOFF_BASE = 5.0
BACKOFF_CAP = 300.0
RATE_LIMIT_PAUSE = 60.0
"""45009: WeCom blocks for a minute at least."""
CONFIG_PAUSE = timedelta(minutes=10)
"""60020/48002/…: an operator must act; one message of the route is tried this often."""
SEND_CONCURRENCY = 4
"""Parallel sends to different recipients (45033 punishes many concurrent calls)."""
BATCH = 20
POLL_INTERVAL = 1.0
"""Seconds between looks at the outbox when nobody kicks the worker."""
HOUSEKEEPING_EVERY = timedelta(seconds=30)
"""Deferred-reply recovery and pruning run at most this often, not at every tick and kick."""
MEDIA_REUSE = timedelta(days=2)
"""An uploaded media_id lives three days; reuse it within two."""

ROUTES: dict[str, tuple[str, ...]] = {
    "app": (ToUsers.kind, ToTag.kind),
    "appchat": (ToChat.kind,),
    "robot": (ToRobot.kind,),
}
"""WeCom's ways of sending and the address kinds (outbox channels) each carries: a refusal
of the route's calls blocks all of them."""
ROUTE_OF = {channel: route for route, channels in ROUTES.items() for channel in channels}


@dataclass(frozen=True, slots=True)
class Part:
    """One API call of a row."""

    kind: str  # message | appchat | webhook | update_card | file | card | appchat_file
    msgtype: str
    content: dict[str, Any]
    throttle: tuple[str, ...] = ()
    """Recipient keys whose per-minute budget this call spends."""
    target: str = ""
    """touser ("a|b") of a message part, the chat id, or the robot's webhook key."""
    totag: str = ""


def _text_parts(
    kind: str,
    msgtype: str,
    text: str,
    throttle: tuple[str, ...],
    target: str,
    *,
    limit: int = TEXT_LIMIT,
    totag: str = "",
) -> list[Part]:
    """One part per numbered piece of `text` (split to `limit` bytes)."""
    return [
        Part(kind, msgtype, {"content": piece}, throttle, target, totag)
        for piece in split_text(text, limit)
    ]


class _Throttled(Exception):
    def __init__(self, until: datetime) -> None:
        self.until = until


class InlineFiles:
    """The FileSource for files whose bytes travel in the message itself."""

    async def read(self, content_ref: str) -> bytes:
        data = File("", content_ref).inline_bytes()
        if data is None:
            raise ValueError(f"no file store configured for {content_ref[:40]!r}")
        return data


class OutboxWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        client: WeComClient,
        clock: Clock,
        settings: Settings,
        *,
        files: FileSource | None = None,
    ) -> None:
        self._sessions = sessions
        self._client = client
        self._clock = clock
        self._settings = settings
        self._files: FileSource = files or InlineFiles()
        self.recover: Callable[[], Awaitable[int]] | None = None
        """Called before sending, at most every HOUSEKEEPING_EVERY (the callback's
        deferred-reply recovery)."""
        self._rng = random.Random()
        self._recovered_at: datetime | None = None
        self._pruned_at: datetime | None = None
        self._wake = asyncio.Event()
        self._limit = asyncio.Semaphore(SEND_CONCURRENCY)
        self._blocked: set[str] = set()
        """Channels blocked as of the current tick."""

    def kick(self) -> None:
        """Something was queued: look now instead of at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Work until `stop` is set; the tick in progress finishes first."""
        await repeat(
            "outbox tick",
            self.run_once,
            stop,
            clock=self._clock,
            log=log,
            delay=lambda: POLL_INTERVAL,
            wake=self._wake,
        )

    async def run_once(self) -> int:
        """Recover stale deferred replies (at most every HOUSEKEEPING_EVERY), probe blocked
        routes that are due, then send everything due now; returns rows handled."""
        if self.recover is not None and self._due(self._recovered_at):
            self._recovered_at = self._clock.now()
            await self.recover()
        handled = await self._probe_blocked()
        while True:
            now = self._clock.now()
            async with self._sessions() as session, session.begin():
                rows = await OutboxRepository(session).claim_due(
                    now, now + LEASE, BATCH, skip_channels=self._blocked
                )
            if not rows:
                break
            handled += len(rows)
            await asyncio.gather(*(self._deliver(row) for row in rows))
        if handled and self._due(self._pruned_at):
            await self._prune()
        return handled

    async def _probe_blocked(self) -> int:
        """Load the blocks; for each blocked channel whose next try is due, send its oldest
        message alone (a success lifts the block; with nothing waiting it is lifted)."""
        now = self._clock.now()
        async with self._sessions() as session, session.begin():
            blocks_repo = DeliveryBlockRepository(session)
            blocks = await blocks_repo.active()
            self._blocked = {block.channel for block in blocks}
            due = [block for block in blocks if block.retry_at <= now]
            probes: list[OutboxMessage] = []
            for block in due:
                claimed = await OutboxRepository(session).claim_due(
                    now, now + LEASE, 1, only_channels=[block.channel]
                )
                if not claimed:  # nothing waits there: the next refusal blocks it again
                    await blocks_repo.clear([block.channel])
                    self._blocked.discard(block.channel)
                    continue
                await blocks_repo.block(
                    [block.channel], block.errcode, block.reason, now, now + CONFIG_PAUSE
                )
                probes += claimed
        for row in probes:
            await self._deliver(row)
        return len(probes)

    def _due(self, last_run: datetime | None) -> bool:
        """Whether housekeeping last run at `last_run` is due again (also when the clock
        went back)."""
        now = self._clock.now()
        return last_run is None or not last_run <= now < last_run + HOUSEKEEPING_EVERY

    async def _prune(self) -> None:
        now = self._pruned_at = self._clock.now()
        async with self._sessions() as session, session.begin():
            await SendLogRepository(session).prune(now - timedelta(hours=1))
            await DeferredReplyRepository(session).prune(now - timedelta(days=7))

    async def _deliver(self, row: OutboxMessage) -> None:
        async with self._limit:
            attempt = row.attempts + 1
            sent_now = False
            try:
                parts = await self._plan(row)
                for index in range(row.parts_sent, len(parts)):
                    part = parts[index]
                    await self._check_throttle(part)
                    await self._send(row, part)
                    sent_now = True
                    await self._record(row, index + 1, attempt, part)
            except _Throttled as throttled:
                # Waiting for the recipient's budget is no failed attempt.
                until, attempts = throttled.until, attempt if sent_now else row.attempts
                await self._update(lambda o: o.retry_at(row.id, until, None, attempts))
            except WeComError as error:
                await self._failed(row, error, attempt)
            except Exception as error:  # a bad message must not stop the worker
                log.exception("outbox row cannot be sent", extra={"outbox_id": row.id})
                reason = repr(error)
                await self._update(lambda o: o.mark_failed(row.id, reason, attempt))
            else:
                await self._update(lambda o: o.mark_sent(row.id, self._clock.now()))
                if row.channel in self._blocked:
                    await self._unblock(row.channel)

    async def _failed(self, row: OutboxMessage, error: WeComError, attempts: int) -> None:
        now, reason = self._clock.now(), str(error)
        card_refused = error.api == "card" and not error.transient and not error.config
        if card_refused and not row.delivery.get("fallback"):
            # Plain text is the fallback everywhere: the text names the choices too.
            log.warning(
                "card refused, sending plain text",
                extra={"outbox_id": row.id, "errcode": error.errcode},
            )
            delivery = {**row.delivery, "fallback": True}
            await self._update(lambda o: o.update_delivery(row.id, delivery))
            await self._update(lambda o: o.retry_at(row.id, now, reason, attempts))
            return
        if error.config:
            # Keep the message and its attempts: nothing is wrong with it.
            await self._block(row.channel, error)
            retry = now + CONFIG_PAUSE
            await self._update(lambda o: o.retry_at(row.id, retry, reason, row.attempts))
            return
        too_old = now - row.created_at > timedelta(hours=self._settings.outbox_give_up_hours)
        spent = attempts >= self._settings.outbox_max_attempts
        if error.transient and not (too_old or spent):
            retry = now + self._backoff(attempts, error.errcode == RATE_LIMITED)
            log.warning(
                "outbox send failed, will retry",
                extra={"outbox_id": row.id, "error": reason, "retry_at": retry},
            )
            await self._update(lambda o: o.retry_at(row.id, retry, reason, attempts))
            return
        log.error(
            "outbox message parked as failed",
            extra={"outbox_id": row.id, "error": reason, "attempts": attempts},
        )
        await self._update(lambda o: o.mark_failed(row.id, reason, attempts))

    async def _block(self, channel: str, error: WeComError) -> None:
        """Stop the route's sends until one gets through; tell the operator and the office
        the first time."""
        route = ROUTE_OF[channel]
        now = self._clock.now()
        explanation = error.explain()
        async with self._sessions() as session, session.begin():
            new = await DeliveryBlockRepository(session).block(
                ROUTES[route], error.errcode, alerts.fix_text(error), now, now + CONFIG_PAUSE
            )
            if new:
                await alerts.queue_blocked(
                    session, self._settings, route, error, self._blocked, now
                )
        self._blocked |= set(ROUTES[route])
        if new:
            log.error(
                "delivery blocked: %s",
                explanation,
                extra={"route": route, "errcode": error.errcode},
            )
            self.kick()

    async def _unblock(self, channel: str) -> None:
        route = ROUTE_OF[channel]
        now = self._clock.now()
        async with self._sessions() as session, session.begin():
            lifted = await DeliveryBlockRepository(session).clear(ROUTES[route])
            if lifted:
                await alerts.queue_resumed(session, self._settings, route, self._blocked, now)
        self._blocked -= set(ROUTES[route])
        if lifted:
            log.warning("delivery resumed", extra={"route": route})
            self.kick()

    def _backoff(self, attempts: int, rate_limited: bool) -> timedelta:
        delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(attempts - 1, 0))
        delay *= 0.5 + self._rng.random() / 2  # jitter: instances do not retry in lockstep
        if rate_limited:
            delay = max(delay, RATE_LIMIT_PAUSE)
        return timedelta(seconds=delay)

    async def _update(self, change: Callable[[OutboxRepository], Awaitable[None]]) -> None:
        async with self._sessions() as session, session.begin():
            await change(OutboxRepository(session))

    async def _record(
        self, row: OutboxMessage, parts_sent: int, attempts: int, part: Part
    ) -> None:
        async with self._sessions() as session, session.begin():
            await OutboxRepository(session).progress(row.id, parts_sent, attempts)
            await SendLogRepository(session).record(part.throttle, self._clock.now())

    # -- throttle ---------------------------------------------------------------------------

    async def _check_throttle(self, part: Part) -> None:
        if not part.throttle:
            return
        now = self._clock.now()
        per_minute = (
            self._settings.wecom_webhook_rate_per_minute
            if part.kind == "webhook"
            else self._settings.wecom_user_rate_per_minute
        )
        windows = [(timedelta(minutes=1), per_minute)]
        if part.kind != "webhook":
            windows.append((timedelta(hours=1), USER_HOURLY_LIMIT))
        keys = list(part.throttle)
        async with self._sessions() as session:
            log_repo = SendLogRepository(session)
            for window, limit in windows:
                count, oldest = await log_repo.busiest(keys, now - window)
                if count >= limit:
                    raise _Throttled(oldest + window + timedelta(seconds=1))

    # -- planning: a typed message into API calls -----------------------------------------------

    async def _plan(self, row: OutboxMessage) -> list[Part]:
        message = row.outbound
        to, body = message.to, message.body
        if isinstance(to, ToRobot):
            return self._plan_robot(to, body)
        if isinstance(to, ToChat):
            throttle = (f"appchat:{to.chat_id}",)
            if isinstance(body, File):
                return [Part("appchat_file", "file", {}, throttle, to.chat_id)]
            msgtype, text = _as_text(body)
            return _text_parts("appchat", msgtype, text, throttle, to.chat_id)
        if isinstance(to, ToTag):
            return self._plan_members(body, (f"tag:{to.tag_id}",), "", to.tag_id)
        parts: list[Part] = []
        for start in range(0, len(to.userids), MAX_TOUSER):
            chunk = to.userids[start : start + MAX_TOUSER]
            members = tuple(f"user:{userid.lower()}" for userid in chunk)
            parts += await self._plan_users(row, body, members, "|".join(chunk))
        return parts

    def _plan_robot(self, to: ToRobot, body: Any) -> list[Part]:
        key = self._settings.wecom_webhook_key if to.robot == OFFICE_ROBOT else to.robot
        if not key:
            raise WeComError("webhook", 93000, "ZHUANBAN_WECOM_WEBHOOK_KEY is not set")
        if isinstance(body, File | CardUpdate):
            raise ValueError(f"a group robot cannot send {body.kind}")
        throttle = ("webhook:" + hashlib.sha256(key.encode()).hexdigest()[:16],)
        msgtype, text = _as_text(body)
        limit = WEBHOOK_MARKDOWN_LIMIT if msgtype == "markdown" else TEXT_LIMIT
        parts = _text_parts("webhook", msgtype, text, throttle, key, limit=limit)
        if isinstance(body, Text) and body.mentioned:  # mention once, in the first part
            parts[0].content["mentioned_list"] = list(body.mentioned)
        return parts

    def _plan_members(
        self, body: Any, throttle: tuple[str, ...], touser: str, totag: str
    ) -> list[Part]:
        if isinstance(body, File):
            return [Part("file", "file", {}, throttle, touser, totag)]
        msgtype, text = _as_text(body)
        return _text_parts("message", msgtype, text, throttle, touser, totag=totag)

    async def _plan_users(
        self, row: OutboxMessage, body: Any, throttle: tuple[str, ...], touser: str
    ) -> list[Part]:
        if isinstance(body, CardUpdate):
            content = {"response_code": body.token, "replace_name": body.label}
            return [Part("update_card", "update_card", content, (), touser)]
        if not isinstance(body, Card):
            return self._plan_members(body, throttle, touser, "")
        card_ok = (
            cards.can_be_card(body.buttons)
            and len(throttle) == 1  # a card's click is tied to one user
            and not row.delivery.get("fallback")
        )
        if not card_ok:
            return _text_parts("message", "text", cards.plain_text(body), throttle, touser)
        task_id = await self._ensure_task_id(row, body, touser)
        embedded = cards.embeds_text(body.text)
        parts = [] if embedded else _text_parts("message", "text", body.text, throttle, touser)
        shown = body.text if embedded else ""
        content = cards.card_body(task_id, body.title, shown, body.buttons, body.url)
        parts.append(Part("card", "template_card", content, throttle, touser))
        return parts

    async def _ensure_task_id(self, row: OutboxMessage, body: Card, userid: str) -> str:
        """Give the card its task id and store what its buttons mean before it is sent."""
        task_id = row.delivery.get("task_id")
        if task_id:
            return str(task_id)
        task_id = cards.new_task_id()
        delivery = {**row.delivery, "task_id": task_id}
        buttons = [(button.label, button.value) for button in body.buttons]
        async with self._sessions() as session, session.begin():
            await CardRepository(session).create(
                task_id, userid.lower(), buttons, self._clock.now()
            )
            await OutboxRepository(session).update_delivery(row.id, delivery)
        row.delivery = delivery
        return task_id

    # -- sending --------------------------------------------------------------------------------

    async def _send(self, row: OutboxMessage, part: Part) -> None:
        client = self._client
        if part.kind == "message":
            await client.send_message(part.target, part.msgtype, part.content, totag=part.totag)
        elif part.kind == "card":
            try:
                await client.send_message(part.target, "template_card", part.content)
            except WeComError as error:
                if error.errcode == TASK_ID_EXISTS:
                    return  # an earlier attempt got through before its answer was lost
                if error.config or error.transient:
                    raise
                raise WeComError("card", error.errcode, error.errmsg) from error
        elif part.kind == "update_card":
            await client.update_card_button(
                part.target, part.content["response_code"], part.content["replace_name"]
            )
        elif part.kind == "file":
            media_id = await self._media_id(row)
            await client.send_message(
                part.target, "file", {"media_id": media_id}, totag=part.totag
            )
        elif part.kind == "appchat":
            await client.appchat_send(part.target, part.msgtype, part.content)
        elif part.kind == "appchat_file":
            media_id = await self._media_id(row)
            await client.appchat_send(part.target, "file", {"media_id": media_id})
        elif part.kind == "webhook":
            await client.webhook_send(part.target, part.msgtype, part.content)
        else:
            raise ValueError(f"unknown part kind {part.kind!r}")

    async def _media_id(self, row: OutboxMessage) -> str:
        """Upload the file once; a retry within two days reuses the media_id."""
        delivery = row.delivery
        uploaded = delivery.get("uploaded_at")
        fresh = uploaded and self._clock.now() - datetime.fromisoformat(uploaded) < MEDIA_REUSE
        if delivery.get("media_id") and fresh:
            return str(delivery["media_id"])
        body = row.outbound.body
        assert isinstance(body, File)
        content = body.inline_bytes()
        if content is None:
            content = await self._files.read(body.content_ref)
        media_id = await self._client.upload_media(body.filename, content)
        delivery = {**delivery, "media_id": media_id, "uploaded_at": self._clock.now().isoformat()}
        await self._update(lambda o: o.update_delivery(row.id, delivery))
        row.delivery = delivery
        return media_id


def _as_text(body: Any) -> tuple[str, str]:
    """(msgtype, text) of a body WeCom sends as text: a card becomes its text."""
    if isinstance(body, Markdown):
        return "markdown", body.text
    if isinstance(body, Card):
        return "text", cards.plain_text(body)
    if isinstance(body, Text):
        return "text", body.text
    raise ValueError(f"{body.kind} cannot be sent as text")
