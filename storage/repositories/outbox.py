"""The outbox: every outgoing message is a row (a typed `Outbound`) before anything is sent."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.messages import File, Outbound, Text, ToUsers
from core.notices import Notices
from storage.db import dialect_name, insert_ignoring_conflict, rowcount
from storage.models import DeliveryBlock, OutboxMessage

UNSENT = ("queued", "sending")
FAILED = "failed"
"""Parked: given up after too many attempts or refused for good; kept until retried."""
MERGED = "merged"
"""A person's notice that left inside an earlier one of theirs (`delivery["merged_into"]`)."""
WITHDRAWN = "withdrawn"
"""A person's notice whose every item was taken back before it left (a 催报 of a report
submitted meanwhile)."""
NOTICES = "notices"
"""`delivery` key of a row that is a person's notices (core.notices.Notices): rows of one
person that are due together leave as one message."""


def _queued(
    message: Outbound,
    dedupe_key: str | None,
    source: str,
    now: datetime,
    not_before: datetime | None = None,
    delivery: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A new row's columns: the message, queued now, to leave at `not_before` when given
    (office notices wait for office hours)."""
    return {
        "channel": message.to.kind,
        "address": message.address_key,
        "message": message.to_json(),
        "delivery": delivery or {},
        "dedupe_key": dedupe_key,
        "status": "queued",
        "attempts": 0,
        "parts_sent": 0,
        "source": source,
        "created_at": now,
        "next_attempt_at": not_before or now,
    }


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    """Rows by status, and the oldest unsent row's age reference."""

    by_status: dict[str, int]
    oldest_unsent: datetime | None

    def count(self, status: str) -> int:
        return self.by_status.get(status, 0)


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(
        self,
        message: Outbound,
        *,
        source: str,
        now: datetime,
        dedupe_key: str | None = None,
        not_before: datetime | None = None,
        delivery: dict[str, Any] | None = None,
    ) -> bool:
        """Queue a message unless one with this dedupe key exists (a NULL key never
        conflicts); True when it was queued. Safe when two instances race: the UNIQUE key
        decides, nothing raises."""
        statement = insert_ignoring_conflict(
            OutboxMessage.__table__,
            _queued(message, dedupe_key, source, now, not_before, delivery),
            dialect_name(self.session),
        )
        return (await rowcount(self.session, statement)) == 1

    async def enqueue_notices(
        self,
        userid: str,
        notices: Notices,
        *,
        source: str,
        now: datetime,
        dedupe_key: str | None = None,
        not_before: datetime | None = None,
    ) -> bool:
        """One person's notices as one text that keeps its items: when it leaves, their
        other notices due by then are merged into it (`claim_due`)."""
        return await self.enqueue(
            Outbound(ToUsers.of(userid), Text(notices.text)),
            source=source,
            now=now,
            dedupe_key=dedupe_key,
            not_before=not_before,
            delivery={NOTICES: notices.to_json()},
        )

    async def enqueue_folding(
        self,
        messages: Iterable[tuple[Outbound, str | None]],
        *,
        source: str,
        now: datetime,
        until: datetime,
    ) -> int:
        """`enqueue_many`, but a text to people whose notices wait to leave by `until` (the
        office's, held for the morning) joins them instead: it becomes an item of the
        person's earliest such row, which then leaves now, and the person is taken out of
        the text's recipients (the text is not queued when nobody is left). One message per
        person where a reminder tick and held notices fall due together. Rows another
        instance holds (SKIP LOCKED) are left alone: that person gets the text apart, never
        twice. Returns how many people's texts were folded."""
        pending = list(messages)
        people = {
            userid: Outbound(ToUsers.of(userid), Text("")).address_key
            for message, _ in pending
            if isinstance(message.to, ToUsers) and isinstance(message.body, Text)
            for userid in message.to.userids
        }
        waiting = await self._waiting_notices(set(people.values()), until) if people else {}
        kept: list[tuple[Outbound, str | None]] = []
        folded = 0
        for message, key in pending:
            if not isinstance(message.to, ToUsers) or not isinstance(message.body, Text):
                kept.append((message, key))
                continue
            left = []
            for userid in message.to.userids:
                row = waiting.get(people[userid])
                if row is None:
                    left.append(userid)
                    continue
                notices = Notices.from_json(row.delivery[NOTICES])
                self._rewrite(row, notices.merged(Notices(notices.header, (message.body.text,))))
                row.next_attempt_at = min(row.next_attempt_at, now)
                row.delivery = {**row.delivery, "folded": [*row.delivery.get("folded", []), key]}
                folded += 1
            if left:
                kept.append((Outbound(ToUsers(tuple(left)), message.body), key))
        await self.session.flush()
        await self.enqueue_many(kept, source=source, now=now)
        return folded

    async def _waiting_notices(
        self, addresses: Collection[str], until: datetime
    ) -> dict[str, OutboxMessage]:
        """Each address's earliest notices row held for later (office hours) that leaves by
        `until`, nothing of it tried, locked (skipping rows another instance holds)."""
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == ToUsers.kind,
                OutboxMessage.address.in_(list(addresses)),
                OutboxMessage.status == "queued",
                OutboxMessage.attempts == 0,
                OutboxMessage.parts_sent == 0,
                OutboxMessage.next_attempt_at <= until,
                OutboxMessage.next_attempt_at > OutboxMessage.created_at,  # held for later
            )
            .order_by(OutboxMessage.id)
            .with_for_update(skip_locked=True)
        )
        found: dict[str, OutboxMessage] = {}
        for row in await self.session.scalars(query):
            if NOTICES in row.delivery:
                found.setdefault(row.address, row)
        return found

    async def enqueue_text(
        self,
        userids: Iterable[str],
        text: str,
        *,
        source: str,
        now: datetime,
        dedupe_key: str | None = None,
        not_before: datetime | None = None,
    ) -> bool:
        """One text to several members; True when it was queued (False when nobody was
        given, or the dedupe key was taken)."""
        recipients = tuple(userid for userid in userids if userid)
        if not recipients:
            return False
        return await self.enqueue(
            Outbound(ToUsers(recipients), Text(text)),
            source=source,
            now=now,
            dedupe_key=dedupe_key,
            not_before=not_before,
        )

    async def enqueue_file(
        self, userid: str, filename: str, content: bytes, *, source: str, now: datetime
    ) -> bool:
        """One file to one member (uploaded by the worker as media, sent as a WeCom file)."""
        return await self.enqueue(
            Outbound(ToUsers.of(userid), File.from_bytes(filename, content)),
            source=source,
            now=now,
        )

    async def enqueue_many(
        self,
        messages: Iterable[tuple[Outbound, str | None]],
        *,
        source: str,
        now: datetime,
    ) -> None:
        """Queue many (message, dedupe key) in one statement (the reminder tick queues
        hundreds at once)."""
        rows = [_queued(message, key, source, now) for message, key in messages]
        if rows:
            await self.session.execute(insert(OutboxMessage), rows)

    async def by_status(
        self, status: str, *, limit: int | None = None, newest_first: bool = False
    ) -> list[OutboxMessage]:
        order = OutboxMessage.id.desc() if newest_first else OutboxMessage.id
        query = select(OutboxMessage).where(OutboxMessage.status == status).order_by(order)
        return list(await self.session.scalars(query.limit(limit)))

    async def newest_id(self) -> int:
        return await self.session.scalar(select(func.max(OutboxMessage.id))) or 0

    async def queued_after(self, message_id: int) -> list[OutboxMessage]:
        """Rows added after `message_id`, oldest first (what a turn queued)."""
        query = select(OutboxMessage).where(OutboxMessage.id > message_id)
        return list(await self.session.scalars(query.order_by(OutboxMessage.id)))

    async def counts(self) -> OutboxCounts:
        table = OutboxMessage.__table__
        rows = await self.session.execute(
            select(table.c.status, func.count()).group_by(table.c.status)
        )
        oldest = await self.session.scalar(
            select(func.min(table.c.created_at)).where(table.c.status.in_(UNSENT))
        )
        return OutboxCounts({status: count for status, count in rows.all()}, oldest)

    async def requeue_failed(self, now: datetime, ids: Collection[int] = ()) -> int:
        """Give parked rows (these, or all) a fresh set of attempts, due now."""
        table = OutboxMessage.__table__
        statement = update(table).where(table.c.status == FAILED)
        if ids:
            statement = statement.where(table.c.id.in_(list(ids)))
        return await rowcount(
            self.session, statement.values(status="queued", attempts=0, next_attempt_at=now)
        )

    async def claim_due(
        self,
        now: datetime,
        lease_until: datetime,
        limit: int,
        *,
        skip_channels: Collection[str] = (),
        only_channels: Collection[str] = (),
    ) -> list[OutboxMessage]:
        """Take due messages for sending: at most one per address (the oldest unsent, so
        each address's messages leave in order; a row held for later, never tried, lets
        what is due now pass), skipping rows another instance holds and
        channels that are blocked (or keeping to `only_channels`). A `sending` row whose
        lease ran out (its worker died) is due again. A person's notices absorb their later
        notices due by now, in this same transaction (`_absorb_notices`)."""
        outbox = OutboxMessage.__table__
        earlier = outbox.alias("earlier")
        # A row held for later (a notice waiting for office hours, never tried) does not
        # hold back what is due now: the answer to someone writing at night leaves at once.
        held = and_(
            earlier.c.status == "queued",
            earlier.c.next_attempt_at > now,
            earlier.c.attempts == 0,
            earlier.c.parts_sent == 0,
            earlier.c.last_error.is_(None),
        )
        blocked = (
            select(earlier.c.id)
            .where(
                earlier.c.channel == outbox.c.channel,
                earlier.c.address == outbox.c.address,
                earlier.c.id < outbox.c.id,
                earlier.c.status.in_(UNSENT),
                ~held,
            )
            .exists()
        )
        query = select(outbox.c.id).where(
            outbox.c.status.in_(UNSENT), outbox.c.next_attempt_at <= now, ~blocked
        )
        if skip_channels:
            query = query.where(outbox.c.channel.not_in(list(skip_channels)))
        if only_channels:
            query = query.where(outbox.c.channel.in_(list(only_channels)))
        query = query.order_by(outbox.c.id).limit(limit).with_for_update(skip_locked=True)
        ids = list(await self.session.scalars(query))
        if not ids:
            return []
        await self.session.execute(
            update(outbox)
            .where(outbox.c.id.in_(ids))
            .values(status="sending", next_attempt_at=lease_until)
        )
        rows = await self.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .order_by(OutboxMessage.id)
            .execution_options(populate_existing=True)
        )
        claimed = list(rows)
        for row in claimed:
            if NOTICES in row.delivery and row.parts_sent == 0:
                await self._absorb_notices(row, now)
        return claimed

    async def withdraw_notices(self, source: str, topics: Collection[str], now: datetime) -> int:
        """Take the items about `topics` out of every person's notices from `source` still
        waiting to leave (a row left with none is withdrawn); returns the rows changed. A row
        being sent is not touched: another worker holds it, and it is on its way."""
        wanted = frozenset(topics)
        if not wanted:
            return 0
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.status == "queued",
                OutboxMessage.source == source,
                OutboxMessage.parts_sent == 0,
            )
            .order_by(OutboxMessage.id)
            .with_for_update(skip_locked=True)
        )
        changed = 0
        for row in await self.session.scalars(query):
            if NOTICES not in row.delivery:
                continue
            notices = Notices.from_json(row.delivery[NOTICES])
            kept = notices.without(wanted)
            if kept == notices:
                continue
            changed += 1
            if kept.items:
                self._rewrite(row, kept)
            else:
                row.status, row.sent_at = WITHDRAWN, now
        await self.session.flush()
        return changed

    @staticmethod
    def _rewrite(row: OutboxMessage, notices: Notices) -> None:
        row.message = Outbound(row.outbound.to, Text(notices.text)).to_json()
        row.delivery = {**row.delivery, NOTICES: notices.to_json()}

    async def _absorb_notices(self, row: OutboxMessage, now: datetime) -> None:
        """Merge the person's later notices that are due into `row` (claimed, nothing of it
        sent yet) and mark them merged. Nobody else sends them: an address's later due rows
        are never claimed while an earlier one is due and unsent, and they are locked here,
        in the claim's transaction (SKIP LOCKED: a row another instance holds stays its own),
        so a crash keeps them all queued and a commit sends them once."""
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == row.channel,
                OutboxMessage.address == row.address,
                OutboxMessage.id > row.id,
                OutboxMessage.status == "queued",
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.id)
            .with_for_update(skip_locked=True)
        )
        later = [other for other in await self.session.scalars(query) if NOTICES in other.delivery]
        if not later:
            return
        notices = Notices.from_json(row.delivery[NOTICES])
        for other in later:
            notices = notices.merged(Notices.from_json(other.delivery[NOTICES]))
            other.status, other.sent_at = MERGED, now
            other.delivery = {**other.delivery, "merged_into": row.id}
        self._rewrite(row, notices)
        await self.session.flush()

    async def update_delivery(self, message_id: int, delivery: dict[str, Any]) -> None:
        """The transport's notes on a row (a media id, a card task id, a fallback)."""
        await self._set(message_id, delivery=delivery)

    async def progress(self, message_id: int, parts_sent: int, attempts: int) -> None:
        await self._set(message_id, parts_sent=parts_sent, attempts=attempts)

    async def mark_sent(self, message_id: int, now: datetime) -> None:
        await self._set(message_id, status="sent", sent_at=now, last_error=None)

    async def mark_failed(self, message_id: int, error: str, attempts: int) -> None:
        await self._set(message_id, status=FAILED, last_error=error, attempts=attempts)

    async def retry_at(
        self, message_id: int, when: datetime, error: str | None, attempts: int
    ) -> None:
        await self._set(
            message_id,
            status="queued",
            next_attempt_at=when,
            last_error=error,
            attempts=attempts,
        )

    async def _set(self, message_id: int, **values: Any) -> None:
        outbox = OutboxMessage.__table__
        await self.session.execute(update(outbox).where(outbox.c.id == message_id).values(values))


class DeliveryBlockRepository:
    """Kinds of send the transport refuses until someone fixes a setting."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active(self) -> list[DeliveryBlock]:
        query = select(DeliveryBlock).order_by(DeliveryBlock.channel)
        return list(await self.session.scalars(query))

    async def block(
        self,
        channels: Iterable[str],
        errcode: int | None,
        reason: str,
        now: datetime,
        retry_at: datetime,
    ) -> list[str]:
        """Block these channels (or push their next try to `retry_at`); returns the
        channels that were not blocked before."""
        table = DeliveryBlock.__table__
        dialect = dialect_name(self.session)
        new: list[str] = []
        for channel in channels:
            values = {
                "channel": channel,
                "errcode": errcode,
                "reason": reason,
                "since": now,
                "retry_at": retry_at,
            }
            inserted = await rowcount(
                self.session, insert_ignoring_conflict(table, values, dialect)
            )
            if inserted == 1:
                new.append(channel)
            else:
                await self.session.execute(
                    update(table)
                    .where(table.c.channel == channel)
                    .values(errcode=errcode, reason=reason, retry_at=retry_at)
                )
        return new

    async def make_due(self, now: datetime) -> int:
        """Try every blocked kind of send again at the next tick (after a fix)."""
        table = DeliveryBlock.__table__
        return await rowcount(self.session, update(table).values(retry_at=now))

    async def clear(self, channels: Iterable[str] | None = None) -> list[str]:
        """Lift these blocks (or all); returns the channels that were blocked."""
        table = DeliveryBlock.__table__
        statement = delete(table)
        if channels is not None:
            statement = statement.where(table.c.channel.in_(list(channels)))
        result = await self.session.execute(statement.returning(table.c.channel))
        return sorted(result.scalars())
