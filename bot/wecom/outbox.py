"""The outbox worker: claims due rows, sends them in order within WeCom's limits, retries.

Rows (storage.models.OutboxMessage) by channel and msgtype; the payload is JSON:
  user     text {"content"} · markdown {"content"} · file {"filename", "content_b64"}
           card {"text", "title", "buttons": [[label, value], ...]} (a button_interaction
           card; plain text when it cannot be one) · update_card {"response_code",
           "replace_name"}; recipient "a|b" (userids)
  webhook  text {"content", "mentioned_list"?} · markdown {"content"}; recipient "office" (or
           "") for the office group's robot (ZHUANBAN_WECOM_WEBHOOK_KEY), else a robot's key
  appchat  text / markdown {"content"} · file {"filename", "content_b64"}; recipient chatid

Each row becomes one or more API calls ("parts": a long text is split into numbered parts).
`parts_sent` advances after every part, so a retry resumes where the last attempt stopped;
message/send's duplicate check guards the one part that may have gone out unrecorded.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.wecom import cards
from bot.wecom.client import RATE_LIMITED, TASK_ID_EXISTS, WeComClient, WeComError
from bot.wecom.textsplit import TEXT_LIMIT, split_text
from core.clock import Clock
from core.settings import Settings
from storage.models import OutboxMessage
from storage.repositories.cards import CardRepository
from storage.repositories.deferred import DeferredReplyRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.sendlog import SendLogRepository

log = logging.getLogger(__name__)

OFFICE_ROBOT = "office"
"""The webhook recipient that means the configured robot of the office group."""
WEBHOOK_MARKDOWN_LIMIT = 4096
USER_HOURLY_LIMIT = 1000
"""message/send: at most 1000 messages an hour to one member from one app."""
LEASE = timedelta(minutes=2)
"""A row in `sending` for longer than this had its worker die; it is sent again."""
BACKOFF_BASE = 5.0
BACKOFF_CAP = 300.0
RATE_LIMIT_PAUSE = 60.0
"""45009: WeCom blocks for a minute at least."""
CONFIG_PAUSE = timedelta(minutes=10)
"""40001/60020/…: an operator must act; retry slowly so nothing is lost meanwhile."""
SEND_CONCURRENCY = 4
"""Parallel sends to different recipients (45033 punishes many concurrent calls)."""
BATCH = 20
POLL_INTERVAL = 1.0
"""Seconds between looks at the outbox when nobody kicks the worker."""
HOUSEKEEPING_EVERY = timedelta(seconds=30)
"""Deferred-reply recovery and pruning run at most this often, not at every tick and kick."""
MEDIA_REUSE = timedelta(days=2)
"""An uploaded media_id lives three days; reuse it within two."""


@dataclass(frozen=True, slots=True)
class Part:
    """One API call of a row."""

    kind: str  # message | appchat | webhook | update_card | file | card
    msgtype: str
    content: dict[str, Any]
    throttle: tuple[str, ...] = ()
    """Recipient keys whose per-minute budget this call spends."""
    webhook_key: str = ""
    """The robot a webhook part goes to."""


def _text_parts(
    kind: str,
    msgtype: str,
    text: str,
    throttle: tuple[str, ...],
    *,
    limit: int = TEXT_LIMIT,
    webhook_key: str = "",
) -> list[Part]:
    """One part per numbered piece of `text` (split to `limit` bytes)."""
    return [
        Part(kind, msgtype, {"content": piece}, throttle, webhook_key)
        for piece in split_text(text, limit)
    ]


class _Throttled(Exception):
    def __init__(self, until: datetime) -> None:
        self.until = until


class OutboxWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        client: WeComClient,
        clock: Clock,
        settings: Settings,
    ) -> None:
        self._sessions = sessions
        self._client = client
        self._clock = clock
        self._settings = settings
        self.recover: Callable[[], Awaitable[int]] | None = None
        """Called before sending, at most every HOUSEKEEPING_EVERY (the callback's
        deferred-reply recovery)."""
        self._rng = random.Random()
        self._recovered_at: datetime | None = None
        self._pruned_at: datetime | None = None
        self._wake = asyncio.Event()
        self._limit = asyncio.Semaphore(SEND_CONCURRENCY)

    def kick(self) -> None:
        """Something was queued: look now instead of at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Work until `stop` is set; the tick in progress finishes first."""
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("outbox tick failed")
            self._wake.clear()
            waiters = [
                asyncio.ensure_future(stop.wait()),
                asyncio.ensure_future(self._wake.wait()),
            ]
            await asyncio.wait(waiters, timeout=POLL_INTERVAL, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()

    async def run_once(self) -> int:
        """Recover stale deferred replies (at most every HOUSEKEEPING_EVERY), then send
        everything due now; returns rows handled."""
        if self.recover is not None and self._due(self._recovered_at):
            self._recovered_at = self._clock.now()
            await self.recover()
        handled = 0
        while True:
            now = self._clock.now()
            async with self._sessions() as session, session.begin():
                rows = await OutboxRepository(session).claim_due(now, now + LEASE, BATCH)
            if not rows:
                break
            handled += len(rows)
            await asyncio.gather(*(self._deliver(row) for row in rows))
        if handled and self._due(self._pruned_at):
            await self._prune()
        return handled

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
            except Exception as error:  # a bad payload must not stop the worker
                log.exception("outbox row cannot be sent", extra={"outbox_id": row.id})
                reason = repr(error)
                await self._update(lambda o: o.mark_failed(row.id, reason, attempt))
            else:
                await self._update(lambda o: o.mark_sent(row.id, self._clock.now()))

    async def _failed(self, row: OutboxMessage, error: WeComError, attempts: int) -> None:
        now, reason = self._clock.now(), str(error)
        card_refused = error.api == "card" and not error.transient and not error.config
        if card_refused and not row.payload.get("fallback"):
            # Plain text is the fallback everywhere: the text names the choices too.
            log.warning(
                "card refused, sending plain text",
                extra={"outbox_id": row.id, "errcode": error.errcode},
            )
            payload = {**row.payload, "fallback": True}
            await self._update(lambda o: o.update_payload(row.id, payload))
            await self._update(lambda o: o.retry_at(row.id, now, reason, attempts))
            return
        too_old = now - row.created_at > timedelta(hours=self._settings.outbox_give_up_hours)
        if error.config and not too_old:
            log.error("outbox paused: %s", error.explain(), extra={"outbox_id": row.id})
            retry = now + CONFIG_PAUSE
        elif error.transient and not too_old:
            retry = now + self._backoff(attempts, error.errcode == RATE_LIMITED)
            log.warning(
                "outbox send failed, will retry",
                extra={"outbox_id": row.id, "error": reason, "retry_at": retry},
            )
        else:
            log.error("outbox message failed", extra={"outbox_id": row.id, "error": reason})
            await self._update(lambda o: o.mark_failed(row.id, reason, attempts))
            return
        await self._update(lambda o: o.retry_at(row.id, retry, reason, attempts))

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

    # -- planning: a row into API calls ---------------------------------------------------------

    async def _plan(self, row: OutboxMessage) -> list[Part]:
        payload = row.payload
        if row.channel == "user":
            return await self._plan_user(row)
        if row.channel == "webhook":
            configured = row.recipient in ("", OFFICE_ROBOT)
            key = self._settings.wecom_webhook_key if configured else row.recipient
            if not key:
                raise WeComError("webhook", 93000, "ZHUANBAN_WECOM_WEBHOOK_KEY is not set")
            throttle = ("webhook:" + hashlib.sha256(key.encode()).hexdigest()[:16],)
            limit = WEBHOOK_MARKDOWN_LIMIT if row.msgtype == "markdown" else TEXT_LIMIT
            parts = _text_parts(
                "webhook", row.msgtype, payload["content"], throttle, limit=limit, webhook_key=key
            )
            if payload.get("mentioned_list"):  # mention once, in the first part
                parts[0].content["mentioned_list"] = list(payload["mentioned_list"])
            return parts
        if row.channel == "appchat":
            throttle = (f"appchat:{row.recipient}",)
            if row.msgtype == "file":
                return [Part("appchat_file", "file", payload, throttle)]
            return _text_parts("appchat", row.msgtype, payload["content"], throttle)
        raise ValueError(f"unknown outbox channel {row.channel!r}")

    async def _plan_user(self, row: OutboxMessage) -> list[Part]:
        payload = row.payload
        members = tuple(f"user:{member.lower()}" for member in row.recipient.split("|") if member)
        if row.msgtype in ("text", "markdown"):
            return _text_parts("message", row.msgtype, payload["content"], members)
        if row.msgtype == "file":
            return [Part("file", "file", payload, members)]
        if row.msgtype == "update_card":
            return [Part("update_card", "update_card", payload)]
        if row.msgtype == "card":
            text = payload.get("text", "")
            card_ok = (
                cards.can_be_card(payload.get("buttons", []))
                and len(members) == 1  # a card's click is tied to one user
                and not payload.get("fallback")
            )
            if not card_ok:
                return _text_parts("message", "text", text, members)
            task_id = await self._ensure_task_id(row)
            embedded = cards.embeds_text(text)
            parts = [] if embedded else _text_parts("message", "text", text, members)
            body = cards.card_body(
                task_id, payload.get("title", ""), text if embedded else "", payload["buttons"]
            )
            parts.append(Part("card", "template_card", body, members))
            return parts
        raise ValueError(f"unknown msgtype {row.msgtype!r} for users")

    async def _ensure_task_id(self, row: OutboxMessage) -> str:
        """Give the card its task id and store what its buttons mean before it is sent."""
        task_id = row.payload.get("task_id")
        if task_id:
            return task_id
        task_id = cards.new_task_id()
        payload = {**row.payload, "task_id": task_id}
        buttons = [(label, value) for label, value in payload["buttons"]]
        async with self._sessions() as session, session.begin():
            await CardRepository(session).create(
                task_id, row.recipient.lower(), buttons, self._clock.now()
            )
            await OutboxRepository(session).update_payload(row.id, payload)
        row.payload = payload
        return task_id

    # -- sending --------------------------------------------------------------------------------

    async def _send(self, row: OutboxMessage, part: Part) -> None:
        client = self._client
        if part.kind == "message":
            await client.send_message(row.recipient, part.msgtype, part.content)
        elif part.kind == "card":
            try:
                await client.send_message(row.recipient, "template_card", part.content)
            except WeComError as error:
                if error.errcode == TASK_ID_EXISTS:
                    return  # an earlier attempt got through before its answer was lost
                raise WeComError("card", error.errcode, error.errmsg) from error
        elif part.kind == "update_card":
            await client.update_card_button(
                row.recipient, part.content["response_code"], part.content["replace_name"]
            )
        elif part.kind == "file":
            media_id = await self._media_id(row)
            await client.send_message(row.recipient, "file", {"media_id": media_id})
        elif part.kind == "appchat":
            await client.appchat_send(row.recipient, part.msgtype, part.content)
        elif part.kind == "appchat_file":
            media_id = await self._media_id(row)
            await client.appchat_send(row.recipient, "file", {"media_id": media_id})
        elif part.kind == "webhook":
            await client.webhook_send(part.webhook_key, part.msgtype, part.content)
        else:
            raise ValueError(f"unknown part kind {part.kind!r}")

    async def _media_id(self, row: OutboxMessage) -> str:
        """Upload the file once; a retry within two days reuses the media_id."""
        payload = row.payload
        uploaded = payload.get("uploaded_at")
        fresh = uploaded and self._clock.now() - datetime.fromisoformat(uploaded) < MEDIA_REUSE
        if payload.get("media_id") and fresh:
            return payload["media_id"]
        content = base64.b64decode(payload["content_b64"])
        media_id = await self._client.upload_media(payload["filename"], content)
        payload = {**payload, "media_id": media_id, "uploaded_at": self._clock.now().isoformat()}
        await self._update(lambda o: o.update_payload(row.id, payload))
        row.payload = payload
        return media_id
