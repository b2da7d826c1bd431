"""Exactly once: two instances, a crash mid-tick, a restart, an outage, a dry run."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.loops import running
from bot.scheduler import Scheduler
from core.clock import ManualClock
from core.messages import ToUsers
from core.settings import Settings
from handlers import texts
from handlers.reminders.plan import LOCK_NAME
from handlers.reminders.schedule import build_schedule, render_schedule
from storage import db
from storage.models import OutboxMessage
from storage.repositories import Repositories
from storage.repositories.reminders import LogKey
from tests.reminder_world import (
    IP,
    MRI,
    Q3,
    SB,
    TAX,
    at,
    log_keys,
    narrow_settings,
    sent,
    submit,
)


def scheduler_on(sessions, database_url: str, owner: str) -> Scheduler:
    return Scheduler(
        sessions, ManualClock(at("2026-09-01 09:01")), narrow_settings(database_url), owner=owner
    )


T = TypeVar("T")
BLOCKED_BY_US = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks"
    " WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid)))"
)


async def waiting_on(
    holder: AsyncSession, other: AsyncEngine, work: Coroutine[Any, Any, T]
) -> asyncio.Task[T]:
    """Start `work` (on `other`) and return once it waits for `holder`'s transaction, 5 s at
    most: on PostgreSQL once pg_locks shows it queued behind ours; on SQLite once it sends its
    first statement, which carries BEGIN IMMEDIATE and so waits for the one writer."""
    if other.dialect.name == "postgresql":
        task = asyncio.create_task(work)
        async with asyncio.timeout(5):
            while not await holder.scalar(BLOCKED_BY_US):
                pass  # each look is a round trip, during which `work` runs
        return task
    sent = asyncio.Event()

    def seen(*_statement) -> None:
        sent.set()

    event.listen(other.sync_engine, "before_cursor_execute", seen)
    try:
        task = asyncio.create_task(work)
        async with asyncio.timeout(5):
            await sent.wait()
    finally:
        event.remove(other.sync_engine, "before_cursor_execute", seen)
    return task


async def test_two_instances_at_once_send_each_reminder_once(world, database_url):
    """Two `serve` processes on one database: separate engines tick the same minutes together."""
    engines = [db.create_engine(database_url) for _ in range(2)]
    try:
        schedulers = [
            scheduler_on(db.session_factory(engine), database_url, f"instance-{n}")
            for n, engine in enumerate(engines)
        ]
        outcomes = []
        for minute in ("09:01", "09:02", "09:03", "09:04", "09:05"):
            now = at(f"2026-09-21 {minute}")
            outcomes += await asyncio.gather(*(s.tick(now) for s in schedulers))
    finally:
        for engine in engines:
            await engine.dispose()

    keys = await log_keys(world)
    assert len(keys) == len(set(keys)) == 4  # t-3 for li ×3 task forces, zhang ×1
    assert Counter(to for _, channel, to, *_ in await sent(world)) == {"li": 1, "zhang": 1}
    assert sum(len(outcome.messages) for outcome in outcomes) == 2


async def test_a_reserved_key_cannot_be_reserved_again_by_a_concurrent_transaction(
    world, database_url
):
    """The UNIQUE key is the last line of defence if the lock row were ever bypassed: a
    second transaction inserting the same key waits for the first and then skips it."""
    key = LogKey(Q3.id, TAX, "due@2026-09-24", "zhang", "contact")
    other_engine = db.create_engine(database_url)
    try:
        async with world() as first:
            won_first = await Repositories(first).reminders.reserve(
                {key: "reminder:first"}, at("2026-09-24 09:01")
            )

            async def second_reserves() -> set:
                async with db.session_factory(other_engine)() as second, second.begin():
                    return await Repositories(second).reminders.reserve(
                        {key: "reminder:second"}, at("2026-09-24 09:01")
                    )

            racing = await waiting_on(first, other_engine, second_reserves())
            await first.commit()
            won_second = await racing
    finally:
        await other_engine.dispose()
    assert won_first == {key}
    assert won_second == set()


async def test_a_tick_that_loses_a_key_to_another_transaction_gives_up_whole(world, database_url):
    """Another transaction reserves zhang's T−3 while this tick runs (on PostgreSQL after the
    tick read the log): the tick queues nothing rather than half its messages, and the
    next tick queues the rest once."""
    key = LogKey(Q3.id, TAX, "t-3@2026-09-24", "zhang", "contact")
    other_engine = db.create_engine(database_url)
    scheduler = scheduler_on(db.session_factory(other_engine), database_url, "racing")
    try:
        async with world() as other:
            await Repositories(other).reminders.reserve(
                {key: "reminder:other"}, at("2026-09-21 09:01")
            )
            ticking = await waiting_on(other, other_engine, scheduler.tick(at("2026-09-21 09:01")))
            await other.commit()
            first = await ticking
        second = await scheduler.tick(at("2026-09-21 09:02"))
    finally:
        await other_engine.dispose()
    assert [m.to for m in (*first.messages, *second.messages)] == [ToUsers.of("li")]
    assert [to for _, _, to, *_ in await sent(world)] == ["li"]


class OutboxInsertFails:
    """A crash between reserving and queueing: the database refuses the outbox INSERT."""

    def __init__(self, engine) -> None:
        self.engine = engine.sync_engine

    def __enter__(self) -> OutboxInsertFails:
        event.listen(self.engine, "before_cursor_execute", self._fail)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._fail)

    @staticmethod
    def _fail(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO OUTBOX"):
            raise ConnectionError("simulated crash before the outbox insert")


async def test_a_crash_between_reserve_and_queue_loses_nothing_and_sends_once(
    world, engine, database_url
):
    scheduler = scheduler_on(world, database_url, "crashing")
    with OutboxInsertFails(engine), pytest.raises(ConnectionError):
        await scheduler.tick(at("2026-09-01 09:01"))
    # The reservation rolled back with the failed transaction, so nothing is stuck reserved.
    assert await log_keys(world) == []
    assert await sent(world) == []

    await scheduler.tick(at("2026-09-01 09:02"))
    await scheduler.tick(at("2026-09-01 09:03"))
    assert [(when, to) for when, _, to, *_ in await sent(world)] == [
        ("09-01 09:02", "li"),
        ("09-01 09:02", "zhang"),
    ]


async def test_a_crash_after_the_commit_neither_loses_nor_duplicates(world, database_url):
    """The process dies after its tick committed and before the worker delivered: a fresh
    process finds the messages queued and reserves nothing again."""
    first_engine = db.create_engine(database_url)
    first = scheduler_on(db.session_factory(first_engine), database_url, "before-crash")
    await first.tick(at("2026-09-01 09:01"))
    await first_engine.dispose()  # the process is gone

    second_engine = db.create_engine(database_url)
    try:
        second = scheduler_on(db.session_factory(second_engine), database_url, "after-restart")
        for minute in ("09:02", "09:03", "09:11"):
            await second.tick(at(f"2026-09-01 {minute}"))
    finally:
        await second_engine.dispose()

    async with world() as session:
        queued = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [(row.outbound.to, row.status) for row in queued] == [
        (ToUsers.of("li"), "queued"),
        (ToUsers.of("zhang"), "queued"),
    ]
    assert len({row.dedupe_key for row in queued}) == 2
    assert len(await log_keys(world)) == 4


async def test_a_three_day_outage_sends_one_catch_up_per_task_force(world, database_url):
    """Down from 9月21日 (T−3) until 9月24日 09:05 (the due day): only the due-day stage goes,
    the missed T−3 never does."""
    scheduler = scheduler_on(world, database_url, "outage")
    await scheduler.tick(at("2026-09-17 09:01"))  # T−7 went out before the outage
    before = len(await sent(world))
    await scheduler.tick(at("2026-09-24 09:05"))
    await scheduler.tick(at("2026-09-24 09:06"))

    after = (await sent(world))[before:]
    assert [(when, to) for when, _, to, *_ in after] == [
        ("09-24 09:05", "li"),
        ("09-24 09:05", "zhang"),
    ]
    assert all("今天截止" in text and "还有 3 天" not in text for _, _, _, text, _ in after)
    assert sorted((stage, tf) for _, tf, stage, _ in await log_keys(world)) == sorted(
        (stage, tf) for stage in ("t-7@2026-09-24", "due@2026-09-24") for tf in (SB, IP, MRI, TAX)
    )

    async with world() as session:
        repos = Repositories(session)
        rows = await build_schedule(
            repos, [await repos.reports.period(Q3.id)], at("2026-09-24 10:00")
        )
        listing = render_schedule(rows, await repos.reminders.lock(LOCK_NAME))
    assert (
        texts.SCHEDULE_LINE.format(
            day="09-21", label=texts.STAGE_LABELS["t-3"], state=texts.SCHEDULE_SUPERSEDED
        )
        in listing
    )
    sent_line = texts.SCHEDULE_SENT.format(at="09-24 09:05", recipients="李明")
    assert (
        texts.SCHEDULE_LINE.format(day="09-24", label=texts.STAGE_LABELS["due"], state=sent_line)
        in listing
    )


async def test_an_outage_across_several_stages_sends_only_the_latest(world, database_url):
    """Down over T+1 (9月28日) and T+3 (9月30日) and the 国庆 holiday: on 10月8日 each task
    force gets its weekly reminder only — no late copy to the 分管领导, no group summary."""
    scheduler = scheduler_on(world, database_url, "outage")
    await scheduler.tick(at("2026-09-24 09:01"))
    before = len(await sent(world))
    for day in ("2026-10-01", "2026-10-07", "2026-10-08"):
        await scheduler.tick(at(f"{day} 09:01"))
    after = (await sent(world))[before:]
    assert [(when, channel, to) for when, channel, to, *_ in after] == [
        ("10-08 09:01", "user", "li"),
        ("10-08 09:01", "user", "zhang"),
    ]
    weekly = "已逾期 14 天，请尽快报送。截止日期为9月24日（周四）。"
    assert [text.count(weekly) for *_, text, _ in after] == [3, 1]
    assert {stage for _, _, stage, _ in (await log_keys(world))[-4:]} == {"weekly-1@2026-09-24"}


async def test_a_submission_stops_the_ladder_and_a_return_resumes_it(world, database_url):
    scheduler = scheduler_on(world, database_url, "ladder")
    await submit(world, TAX, "zhang", at("2026-09-22 10:00"))
    await scheduler.tick(at("2026-09-24 09:01"))
    assert [to for _, _, to, *_ in await sent(world)] == ["li"]

    async with world() as session, session.begin():
        repos = Repositories(session)
        report = await repos.reports.report(Q3.id, TAX)
        await repos.reports.review(
            report, "returned", "zhou", "请补充会商情况", at("2026-09-25 10:00")
        )
    await scheduler.tick(at("2026-09-28 09:01"))
    # The returned report owes a submission again: T+1 reaches its contact and 分管领导 too.
    recipients = [to for when, _, to, *_ in await sent(world) if when == "09-28 09:01"]
    assert recipients == ["li", "wang", "chen", "zhang"]


async def test_an_exemption_stops_the_ladder(world, database_url):
    scheduler = scheduler_on(world, database_url, "ladder")
    async with world() as session, session.begin():
        await Repositories(session).reports.set_exemption(
            Q3.id, TAX, reason="机构调整", userid="zhou", now=at("2026-08-31 10:00")
        )
    await scheduler.tick(at("2026-09-01 09:01"))
    messages = await sent(world)
    assert [to for _, _, to, *_ in messages] == ["li"]
    progress = texts.REMINDER_PROGRESS.format(quarter="2026年第三季度", done=0, total=3)
    assert progress in messages[0][3]


async def test_a_dry_run_shows_the_messages_and_changes_nothing(world, database_url):
    scheduler = scheduler_on(world, database_url, "dry")
    dry = await scheduler.tick(at("2026-09-01 09:01"), dry_run=True)
    assert await sent(world) == [] and await log_keys(world) == []
    real = await scheduler.tick(at("2026-09-01 09:01"))
    assert [(m.to, m.text) for m in dry.messages] == [(m.to, m.text) for m in real.messages]
    assert len(real.messages) == 2


async def test_nothing_goes_out_off_hours_on_the_hour_or_on_a_day_off(world):
    scheduler = Scheduler(world, ManualClock(at("2026-09-01 08:00")), Settings(_env_file=None))
    # 08:59 early, :00 and :30 avoided, 17:31 late, a Saturday, 中秋 (a Friday).
    for moment in ("09-01 08:59", "09-01 09:00", "09-01 09:30", "09-01 17:31", "09-05 10:01",
                   "09-25 10:01"):  # fmt: skip
        result = await scheduler.tick(at(f"2026-{moment}"))
        assert result.skipped == "hours", moment
    assert await sent(world) == []
    assert (await scheduler.tick(at("2026-09-01 09:01"))).messages


async def test_the_run_loop_ticks_and_survives_a_failing_tick(world, engine, database_url):
    clock = ManualClock(at("2026-09-01 09:01"))
    queued = asyncio.Event()
    scheduler = Scheduler(world, clock, narrow_settings(database_url), on_queued=queued.set)
    stop = asyncio.Event()
    stop.set()  # one pass, then stop
    with OutboxInsertFails(engine):
        await scheduler.run(stop)  # the failure is logged, not raised
    assert await sent(world) == [] and not queued.is_set()
    clock.set(at("2026-09-01 09:02"))
    async with running(
        "reminder-scheduler", scheduler.run
    ):  # as `serve` runs it; the outbox worker gets kicked
        await asyncio.wait_for(queued.wait(), timeout=10)
    assert [(when, to) for when, _, to, *_ in await sent(world)] == [
        ("09-01 09:02", "li"),
        ("09-01 09:02", "zhang"),
    ]
