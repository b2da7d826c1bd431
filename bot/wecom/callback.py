"""The callback endpoint: URL verification (GET) and messages (POST), refusing bad input."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import OrderedDict
from datetime import timedelta

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.failures import FailureLog
from bot.wecom import Refused, cards
from bot.wecom.crypto import CallbackCrypto
from bot.wecom.delivery import ReplyDelivery
from bot.wecom.parse import (
    CallbackQuery,
    WeComMessage,
    parse_envelope,
    parse_message,
    parse_query,
    render_text_reply,
)
from core.clock import Clock
from core.messages import Incoming, Kind
from core.settings import Settings
from handlers import texts

log = logging.getLogger(__name__)

RESPONSE_DEADLINE = 4.0
"""Seconds after which we stop trying to answer: WeCom gives up on us at 5 s and retries."""
FILE_TYPES = frozenset({"image", "voice", "video", "file"})
"""Media the core takes as a file (a typical case's attachment, say): its MediaId, valid for
three days, reaches the core as Kind.FILE and is downloaded into the file store."""
UNREADABLE_TYPES = frozenset({"location", "link"})
UNAVAILABLE = "callback answered 503 so WeCom delivers again"
SPOOLED = "callback kept the message in the spool (database unavailable)"


class NonceCache:
    """Nonces seen within the timestamp window, each bound to the payload it came with.

    The same nonce with the same payload is WeCom delivering again (allowed: the inbox key
    makes it harmless); the same nonce with another payload is a replay and refused. Memory
    stays bounded: only nonces younger than twice the window are kept.
    """

    MAX_ENTRIES = 100_000
    """A bound on memory whatever the traffic; a nonce pushed out early is still harmless,
    since a replayed message is caught by its inbox key."""

    def __init__(self, window: timedelta) -> None:
        self._keep = 2 * window.total_seconds()
        self._seen: OrderedDict[str, tuple[float, int]] = OrderedDict()

    def check(self, nonce: str, payload: str, now: float) -> None:
        while self._seen:
            oldest = next(iter(self._seen.values()))
            if now - oldest[0] <= self._keep and len(self._seen) < self.MAX_ENTRIES:
                break
            self._seen.popitem(last=False)
        digest = hash(payload)  # within one process a hash tells payloads apart well enough
        seen = self._seen.get(nonce)
        if seen is not None and seen[1] != digest:
            raise Refused(403, "nonce replayed with another payload")
        if seen is None:
            self._seen[nonce] = (now, digest)


class Callback:
    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        sessions: async_sessionmaker[AsyncSession],
        delivery: ReplyDelivery,
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._sessions = sessions
        self._delivery = delivery
        self._crypto = CallbackCrypto(
            settings.wecom_token, settings.wecom_aes_key, settings.wecom_corp_id
        )
        self._nonces = NonceCache(timedelta(seconds=settings.wecom_timestamp_window))
        self._failures = FailureLog(log, clock)

    # -- GET: the admin console saves the callback URL -------------------------------------

    async def verify_url(self, request: web.Request) -> web.StreamResponse:
        try:
            query = parse_query(request.query_string)
            self._check_timestamp(query)
            if not query.echostr:
                raise Refused(400, "missing echostr")
            plain = self._crypto.decrypt(
                query.signature, query.timestamp, query.nonce, query.echostr
            )
        except Refused as refused:
            return self._refuse(request, refused)
        log.info("callback URL verified")
        return web.Response(text=plain, content_type="text/plain")

    # -- POST: a message or an event -----------------------------------------------------------

    async def receive(self, request: web.Request) -> web.StreamResponse:
        started = time.monotonic()
        deadline = asyncio.get_running_loop().time() + RESPONSE_DEADLINE
        try:
            query = parse_query(request.query_string)
            self._check_timestamp(query)  # a stale request is refused before its body is read
            body = await self._read_body(request)
            envelope = parse_envelope(body)
            if envelope.to_user and envelope.to_user != self._settings.wecom_corp_id:
                raise Refused(403, "callback for another corp id")
            self._check_agent(envelope.agent_id)
            xml = self._crypto.decrypt(
                query.signature, query.timestamp, query.nonce, envelope.encrypt
            )
            self._nonces.check(query.nonce, envelope.encrypt, self._clock.now().timestamp())
            message = parse_message(xml)
            self._check_agent(message.agent_id)
        except Refused as refused:
            return self._refuse(request, refused)

        incoming: Incoming | None = None
        spool = self._delivery.spool
        try:
            incoming, passive_ok = await self._to_incoming(message)
            if incoming is None:
                replies_text = texts.TEXT_ONLY if message.msg_type in UNREADABLE_TYPES else ""
                path = "transport"
            elif spool is not None and spool.pending:
                # Messages wait in the spool: this one joins them, so order is kept.
                await self._delivery.spool_message(incoming)
                replies_text, path = "", "spooled"
            else:
                replies_text = await self._delivery.respond(
                    incoming, passive_ok=passive_ok, deadline=deadline
                )
                path = "passive" if replies_text else "not passive"
        except Exception as error:
            # Nothing durable yet (the database is away, most likely): keep the message in
            # the spool, or answer non-200 so that WeCom delivers it again. One log line per
            # kind of failure a minute, counted.
            if not await self._spooled(incoming):
                self._failures.record(UNAVAILABLE, error, msg_key=message.dedupe_key)
                return web.Response(status=503)
            self._failures.record(SPOOLED, error, msg_key=message.dedupe_key)
            replies_text, path = "", "spooled"
        else:
            self._failures.recovered(UNAVAILABLE)
            self._failures.recovered(SPOOLED)
        log.info(
            "callback handled",
            extra={
                "msg_key": message.dedupe_key,
                "user": message.from_user,
                "type": message.event or message.msg_type,
                "answer": path,
                "ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        if not replies_text:
            return web.Response(text="")
        return self._passive(message, replies_text)

    async def _spooled(self, incoming: Incoming | None) -> bool:
        """Keep the message in the spool when there is one; False when it could not be."""
        if incoming is None or self._delivery.spool is None:
            return False
        try:
            await self._delivery.spool_message(incoming)
        except OSError as error:
            self._failures.record("spooling a message", error)
            return False
        return True

    async def _read_body(self, request: web.Request) -> bytes:
        limit = self._settings.wecom_max_body
        if request.content_length is not None and request.content_length > limit:
            raise Refused(413, f"body of {request.content_length} bytes")
        try:
            return await request.read()  # the app's client_max_size is the same limit
        except web.HTTPRequestEntityTooLarge:
            raise Refused(413, "body over the limit") from None

    def _check_timestamp(self, query: CallbackQuery) -> None:
        try:
            sent = int(query.timestamp)
        except ValueError:
            raise Refused(400, "timestamp is not a number") from None
        skew = abs(self._clock.now().timestamp() - sent)
        if skew > self._settings.wecom_timestamp_window:
            raise Refused(403, f"timestamp {int(skew)} s away from our clock")

    def _check_agent(self, agent_id: str) -> None:
        if agent_id and agent_id != self._settings.wecom_agent_id:
            raise Refused(403, f"unknown agent id {agent_id}")

    def _refuse(self, request: web.Request, refused: Refused) -> web.Response:
        log.warning(
            "callback refused",
            extra={"reason": refused.reason, "status": refused.status, "peer": request.remote},
        )
        return web.Response(status=refused.status, text=refused.reason)

    def _passive(self, message: WeComMessage, content: str) -> web.Response:
        now = str(int(self._clock.now().timestamp()))
        xml = render_text_reply(message.from_user, self._settings.wecom_corp_id, content, int(now))
        envelope = self._crypto.encrypt_reply(xml, secrets.token_hex(8), now)
        return web.Response(text=envelope, content_type="application/xml")

    # -- what reaches the core ------------------------------------------------------------------

    async def _to_incoming(self, message: WeComMessage) -> tuple[Incoming | None, bool]:
        """The neutral message for the core and whether a passive reply may answer it."""
        now = self._clock.now()

        def incoming(text: str, kind: Kind, media: str = "") -> Incoming:
            return Incoming(message.from_user, text, message.dedupe_key, now, kind, media)

        if message.msg_type == "text":
            return incoming(message.content, Kind.TEXT), True
        if message.msg_type in FILE_TYPES and message.media_id:
            return incoming(message.media_id, Kind.FILE, message.msg_type), True
        if message.msg_type != "event":
            return None, True
        if message.event == "enter_agent":
            return incoming("", Kind.ENTER), True
        if message.event == "click":
            return incoming(message.event_key, Kind.MENU), True
        if message.event == "template_card_event":
            async with self._sessions() as session, session.begin():
                value = await cards.accept_click(
                    session,
                    user_id=message.from_user,
                    task_id=message.task_id,
                    key=message.event_key,
                    response_code=message.response_code,
                    msg_key=message.dedupe_key,
                    now=now,
                )
            if value is None:
                log.info("card click ignored", extra={"task_id": message.task_id})
                return None, False
            # The card itself is updated through the API; the answer follows as a message.
            return incoming(value, Kind.BUTTON), False
        return None, True
