"""Office-triggered notices that respect people: one message per person listing all of their
items, sent on working days within office hours (else queued to the next working morning)
unless the office adds 立即发送, and announced back to the office with the count."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from core.clock import local
from core.dates import day_label
from core.stages import SendingHours
from core.workdays import is_working_day
from handlers import texts
from handlers.context import Context

IMMEDIATE_WORD = "立即发送"


def split_immediate(args: str) -> tuple[str, bool]:
    """The arguments without a trailing 立即发送, and whether it was there."""
    stripped = args.strip()
    if stripped.endswith(IMMEDIATE_WORD):
        return stripped.removesuffix(IMMEDIATE_WORD).strip(), True
    return args, False


def immediate(ctx: Context) -> bool:
    """The office asked for 立即发送 in this message."""
    return IMMEDIATE_WORD in ctx.text


def send_at(ctx: Context, immediate: bool) -> datetime | None:
    """When office notices may leave: now (None) within office hours on a working day or
    when 立即发送 was asked, else the next working morning."""
    if immediate:
        return None
    hours = SendingHours(ctx.settings.office_hours_start, ctx.settings.office_hours_end)
    now = local(ctx.now())
    if is_working_day(now.date()) and hours.start <= now.time() < hours.end:
        return None  # an office action in office hours goes at once, on the hour too
    return hours.next_allowed(now)


@dataclass
class Batch:
    """Notices collected during one office command, sent as one message per person."""

    source: str
    items: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, userids: Iterable[str], item: str) -> None:
        for userid in dict.fromkeys(userids):
            if item not in self.items[userid]:
                self.items[userid].append(item)

    def text_for(self, userid: str) -> str:
        items = self.items[userid]
        if len(items) == 1:
            return items[0]
        numbered = "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
        return texts.OFFICE_BATCH_HEADER.format(count=len(items)) + "\n" + numbered

    async def send(self, ctx: Context, *, immediate: bool, key: str | None = None) -> str:
        """Queue one message per person; the line telling the office how many and when.
        With `key`, a message reading the same for the same person is queued once."""
        at = send_at(ctx, immediate)
        sent = 0
        for userid in sorted(self.items):
            text = self.text_for(userid)
            dedupe = None
            if key is not None:
                digest = hashlib.sha256(f"{userid}\n{text}".encode()).hexdigest()[:24]
                dedupe = f"{key}:{digest}"
            if await ctx.notify(
                [userid], text, source=self.source, dedupe_key=dedupe, not_before=at
            ):
                sent += 1
        return announcement(ctx, sent, at)


def announcement(ctx: Context, count: int, at: datetime | None) -> str:
    """已发送给3人 — or when they will go out, outside office hours."""
    if at is None:
        return texts.OFFICE_SENT_NOW.format(count=count)
    moment = local(at)
    return texts.OFFICE_SENT_LATER.format(
        count=count,
        day=day_label(moment.date(), ctx.today()),
        time=moment.strftime("%H:%M"),
        word=IMMEDIATE_WORD,
    )
