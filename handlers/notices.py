"""Notices to other people that respect them (an office command's, a submission's): one
message per person listing all of their items, sent on working days within office hours
(else queued to the next working morning) unless the office adds 立即发送, and announced back
to the office with the count. Each person's message keeps its items (core/notices.py), so
notices queued apart that fall due together leave as one message (the outbox merges them
when it claims the first, storage/repositories/outbox.py)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.clock import local
from core.dates import day_label
from core.notices import Notices
from core.settings import Settings
from core.stages import SendingHours
from handlers import texts
from handlers.context import Context
from storage.repositories import Repositories

IMMEDIATE_WORD = "立即发送"
AFTER_THE_TICK = timedelta(seconds=30)


def split_immediate(args: str) -> tuple[str, bool]:
    """The arguments without a trailing 立即发送, and whether it was there."""
    stripped = args.strip()
    if stripped.endswith(IMMEDIATE_WORD):
        return stripped.removesuffix(IMMEDIATE_WORD).strip(), True
    return args, False


def immediate(ctx: Context) -> bool:
    """The office asked for 立即发送 in this message."""
    return IMMEDIATE_WORD in ctx.text


@dataclass(frozen=True, slots=True)
class Release:
    """How an office action's notices leave: at once (`now`: 立即发送 in chat, --now on the
    command line) or in office hours; `word` is how to ask for at once, named when they wait."""

    now: bool
    word: str = IMMEDIATE_WORD


def release_of(ctx: Context) -> Release:
    """The release the office asked for in this chat message."""
    return Release(immediate(ctx))


def send_at(ctx: Context, immediate: bool) -> datetime | None:
    """When notices to other people may leave: now (None) within office hours on a working
    day or when 立即发送 was asked, else the next working morning."""
    return release_at(ctx.settings, ctx.now(), immediate)


def release_at(settings: Settings, at: datetime, immediate: bool) -> datetime | None:
    """`send_at` for an action at `at` (the command line's, which has no chat turn)."""
    if immediate:
        return None
    hours = SendingHours(settings.office_hours_start, settings.office_hours_end)
    now = local(at)
    # A weekday of a year whose holidays are not entered yet counts (待确认): without it, a
    # notice at night in such a year would find no allowed moment and leave at once.
    if hours.open_day(now.date(), unconfirmed=True) and hours.start <= now.time() < hours.end:
        return None  # an office action in office hours goes at once, on the hour too
    morning = hours.next_allowed(now, unconfirmed=True)
    # Half a minute into the first minute the reminder ladder ticks too: the tick comes
    # first and folds a person's reminders into their held notices (bot/scheduler.py).
    return None if morning is None else morning + AFTER_THE_TICK


@dataclass
class Batch:
    """Notices collected during one turn, sent as one message per person."""

    source: str
    items: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    topics: dict[str, str] = field(default_factory=dict)
    """Item → what it is about, for the items that may be withdrawn before they leave."""

    def add(self, userids: Iterable[str], item: str, topic: str = "") -> None:
        if topic:
            self.topics[item] = topic
        for userid in dict.fromkeys(userids):
            if item not in self.items[userid]:
                self.items[userid].append(item)

    def notices_for(self, userid: str) -> Notices:
        items = tuple(self.items[userid])
        topics = tuple(self.topics.get(item, "") for item in items)
        return Notices(texts.NOTICES_HEADER, items, topics)

    async def send(
        self, ctx: Context, *, immediate: bool, key: str | None = None, word: str = IMMEDIATE_WORD
    ) -> str:
        """Queue one message per person; the line telling the office how many and when (and
        that `word` sends at once). With `key`, a message reading the same for the same
        person is queued once."""
        at = send_at(ctx, immediate)
        sent = 0
        for userid in sorted(self.items):
            notices = self.notices_for(userid)
            dedupe = None
            if key is not None:
                digest = hashlib.sha256(f"{userid}\n{notices.text}".encode()).hexdigest()[:24]
                dedupe = f"{key}:{digest}"
            if await ctx.repos.outbox.enqueue_notices(
                userid,
                notices,
                source=self.source,
                now=ctx.now(),
                dedupe_key=dedupe,
                not_before=at,
            ):
                sent += 1
        return announcement(ctx, sent, at, word)


CHASE_SOURCE = "office.chase"


def chase_topic(period_id: str, task_force_id: str) -> str:
    """What a 催报 item is about: it is withdrawn, if still waiting, once the task force no
    longer owes the report as chased (submitted, exempted, given another day)."""
    return f"chase:{period_id}/{task_force_id}"


async def withdraw_chases(
    repos: Repositories, period_id: str, task_force_ids: Iterable[str], now: datetime
) -> None:
    """Nobody is chased for what changed since the 催报 was queued (it waits for office
    hours): its items leave no message."""
    topics = [chase_topic(period_id, task_force_id) for task_force_id in task_force_ids]
    await repos.outbox.withdraw_notices(CHASE_SOURCE, topics, now)


async def notify_in_office_hours(
    ctx: Context, userids: Iterable[str], text: str, *, source: str, key: str
) -> None:
    """Tell these people of something done in this turn (a submission, a 确认): at once in
    office hours, else the next working morning, merged with their other notices then; each
    person once per `key`."""
    batch = Batch(source)
    batch.add(userids, text)
    await batch.send(ctx, immediate=False, key=key)


def announcement(ctx: Context, count: int, at: datetime | None, word: str = IMMEDIATE_WORD) -> str:
    """已发送给3人 — or when they will go out, outside office hours (`word` sends at once:
    立即发送 in chat, --now on the command line)."""
    if at is None:
        return texts.OFFICE_SENT_NOW.format(count=count)
    moment = local(at)
    return texts.OFFICE_SENT_LATER.format(
        count=count,
        day=day_label(moment.date(), ctx.today()),
        time=moment.strftime("%H:%M"),
        word=word,
    )
