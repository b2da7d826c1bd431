"""The reminder scheduler: once a minute, derive what is due from the database and queue it."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import metrics
from bot.loops import repeat
from core import workdays
from core.clock import Clock, local
from core.settings import Settings
from core.stages import SendingHours, parse_key
from handlers.problems.reminders import ProblemMessage
from handlers.problems.reminders import compose as compose_problems
from handlers.reminders.calendar_notice import CalendarNotice, calendar_notice
from handlers.reminders.messages import Composer, Outgoing
from handlers.reminders.plan import LOCK_NAME, due_stages, load_members, load_snapshot, log_keys
from storage.repositories import Repositories

log = logging.getLogger(__name__)

SOURCE = "reminders"


class ReservationLost(Exception):
    """A key this tick meant to reserve was taken by a concurrent transaction."""


@dataclass(frozen=True, slots=True)
class TickResult:
    skipped: str | None  # "hours" outside sending hours, "busy" another instance is ticking
    messages: tuple[Outgoing | ProblemMessage, ...] = ()


FOLD_WINDOW = timedelta(minutes=10)
"""A person's office notices held for the morning that fall due this soon after a tick take
its reminders in (one message); they leave with them, a little early."""


async def _enqueue(
    repos: Repositories, messages: Sequence[Outgoing | ProblemMessage], now: datetime
) -> None:
    await repos.outbox.enqueue_folding(
        ((message.message, message.dedupe_key) for message in messages),
        source=SOURCE,
        now=now,
        until=now + FOLD_WINDOW,
    )


class Scheduler:
    """Runs `tick` once a minute. Each tick is one transaction: take the lock row, reserve
    the due (period, task force, stage, recipient) keys in the reminder log, and put the
    messages in the outbox. A crash before the commit leaves neither, so the next tick
    does it again; after the commit the outbox worker owns delivery."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        settings: Settings,
        *,
        owner: str | None = None,
        on_queued: Callable[[], None] | None = None,
    ) -> None:
        """`on_queued` runs after a tick committed messages (the outbox worker's `kick`)."""
        self.sessions = sessions
        self.clock = clock
        self.settings = settings
        self.due_day = settings.report_due_day
        self.hours = SendingHours(settings.office_hours_start, settings.office_hours_end)
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.on_queued = on_queued
        self.data_dir = settings.data_dir
        self.warning_workdays = settings.warning_workdays

    async def tick(self, now: datetime, *, dry_run: bool = False) -> TickResult:
        """Queue what is due at `now`; with `dry_run`, work it out and roll everything back."""
        local_now = local(now)
        workdays.reload_if_changed(self.data_dir)  # an import made on another instance
        notice = calendar_notice(local_now.date())
        chase = self.hours.allows(local_now)
        if not chase and (notice is None or not self.hours.within(local_now)):
            return TickResult("hours")
        async with self.sessions() as session:
            repos = Repositories(session)
            if not await repos.reminders.claim(LOCK_NAME, self.owner, now):
                return TickResult("busy")
            try:
                messages: list[Outgoing | ProblemMessage] = []
                if chase:
                    messages += await self._queue_due(repos, now)
                    messages += await self._queue_problems(repos, now)
            except ReservationLost:
                await session.rollback()
                return TickResult("busy")
            if notice is not None and await self._queue_notice(repos, notice, now):
                messages.append(notice.as_outgoing())
            if dry_run:
                await session.rollback()
            else:
                await session.commit()
        if messages and not dry_run:
            log.info("reminders queued: %d messages", len(messages))
            for message in messages:  # the calendar notice carries no reminder-log key
                stages: list[str] = (
                    [parse_key(key.stage)[0] for key in message.keys]
                    if isinstance(message, Outgoing)
                    else ["problem"]
                )
                for stage in stages or ["calendar"]:
                    metrics.REMINDERS.labels(stage).inc()
            if self.on_queued is not None:
                self.on_queued()
        return TickResult(None, tuple(messages))

    async def _queue_notice(
        self, repos: Repositories, notice: CalendarNotice, now: datetime
    ) -> bool:
        """Queue the weekly calendar notice unless this week's is already in the outbox."""
        return await repos.outbox.enqueue(
            notice.as_outgoing().message, source=SOURCE, now=now, dedupe_key=notice.dedupe_key
        )

    async def _queue_due(self, repos: Repositories, now: datetime) -> list[Outgoing]:
        snapshot = await load_snapshot(repos, now, self.due_day)
        due = due_stages(snapshot)
        if not due:
            return []
        # Most ticks find every due stage already sent; this one read settles that.
        sent = await repos.reminders.logged_stages(
            {item.state.period_id for item in due}, {item.stage.key for item in due}
        )
        due = [
            item
            for item in due
            if (item.state.period_id, item.state.task_force_id, item.stage.key) not in sent
        ]
        if not due:
            return []
        members = await load_members(repos, (item.state.task_force_id for item in due))
        wanted = log_keys(due, members)
        messages = Composer(snapshot, members, self.settings).compose(wanted)
        carriers = {key: message.dedupe_key for message in messages for key in message.keys}
        reserved = await repos.reminders.reserve(carriers, now)
        if len(reserved) != len(carriers):
            # Another transaction reserved some of these keys after this one read the log:
            # give the whole tick up; the next one recomposes from what is left.
            raise ReservationLost
        await _enqueue(repos, messages, now)
        return messages

    async def _queue_problems(self, repos: Repositories, now: datetime) -> list[ProblemMessage]:
        """The problem list's escalations, colour reminders and weekly digest
        (handlers/problems/reminders.py), reserved in problem_notices like the ladder's."""
        messages = await compose_problems(repos, now, self.warning_workdays)
        keys = [key for message in messages for key in message.keys]
        if len(await repos.problems.reserve_notices(keys, now)) != len(set(keys)):
            raise ReservationLost
        await _enqueue(repos, messages, now)
        return messages

    async def run(self, stop: asyncio.Event) -> None:
        """Tick now and then at the start of every minute until `stop` is set. A failed tick
        is logged and the next minute tries again (nothing it reserved survived its rollback).
        """
        await repeat(
            "reminder tick",
            lambda: self.tick(self.clock.now()),
            stop,
            clock=self.clock,
            log=log,
            delay=self._to_next_minute,
        )

    def _to_next_minute(self) -> float:
        now = self.clock.now()
        return 60 - now.second - now.microsecond / 1_000_000
