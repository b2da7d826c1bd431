"""The background loops of `serve` (outbox, attachments, reminders, retention): one way to
repeat a unit of work until stopped, with failures logged once per kind per interval."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot import metrics
from bot.failures import FailureLog
from core.clock import Clock


async def repeat(
    what: str,
    work: Callable[[], Awaitable[object]],
    stop: asyncio.Event,
    *,
    clock: Clock,
    log: logging.Logger,
    delay: Callable[[], float],
    wake: asyncio.Event | None = None,
) -> None:
    """Run `work` now and again after `delay()` seconds (sooner when `wake` is set) until
    `stop` is set; the run in progress finishes first, and the first one always runs. A
    failure (the database away, most likely) is counted and logged through FailureLog, and
    the next round tries again."""
    failures = FailureLog(log, clock)
    while True:
        try:
            await work()
        except Exception as error:
            if isinstance(error, SQLAlchemyError):
                metrics.DATABASE_ERRORS.inc()
            failures.record(what, error)
        else:
            failures.recovered(what)
        if stop.is_set():
            return
        await _pause(stop, delay(), wake)


async def _pause(stop: asyncio.Event, seconds: float, wake: asyncio.Event | None) -> None:
    events = [stop] if wake is None else [stop, wake]
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
    if wake is not None:
        wake.clear()


@contextlib.asynccontextmanager
async def running(
    name: str,
    loop: Callable[[asyncio.Event], Coroutine[Any, Any, None]],
    *,
    enabled: bool = True,
) -> AsyncIterator[None]:
    """`loop(stop)` as a background task for the duration of the block (aiohttp cleanup_ctx);
    on exit it is asked to stop and awaited."""
    stop = asyncio.Event()
    task = asyncio.create_task(loop(stop), name=name) if enabled else None
    try:
        yield
    finally:
        stop.set()
        if task is not None:
            await task
