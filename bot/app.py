"""The aiohttp application: the WeCom callback, a health check, and what they share.

Long-lived resources are `cleanup_ctx` entries, opened in order at start-up and closed in
reverse at shutdown, after aiohttp has stopped accepting requests and finished the ones in
flight: the reminder scheduler ends its tick, handlers still running in the background finish
and queue their replies, the outbox worker sends what is due one last time, then the HTTP
session and the database close.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

import aiohttp
from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot import metrics
from bot.attachments import AttachmentWorker
from bot.console.app import console_app
from bot.console.web import CONSOLE, ConsoleDeps
from bot.loops import running
from bot.maintenance import Retention
from bot.runtime import Runtime, open_runtime
from bot.scheduler import Scheduler
from bot.wecom.callback import Callback
from bot.wecom.client import WeComClient
from bot.wecom.delivery import ReplyDelivery
from bot.wecom.outbox import OutboxWorker
from bot.wecom.spool import Spool
from core.clock import Clock
from core.settings import Settings
from handlers.routing import Router
from storage import db
from storage.files import FileStore, StoredFiles
from storage.repositories.outbox import DeliveryBlockRepository

RUNTIME = web.AppKey("runtime", Runtime)
HTTP = web.AppKey("http", aiohttp.ClientSession)
CLIENT = web.AppKey("wecom_client", WeComClient)
WORKER = web.AppKey("outbox_worker", OutboxWorker)
DELIVERY = web.AppKey("reply_delivery", ReplyDelivery)
CALLBACK = web.AppKey("wecom_callback", Callback)
ATTACHMENTS = web.AppKey("attachment_worker", AttachmentWorker)

FINAL_TICK_SECONDS = 10.0
READY_TIMEOUT = 2.0

Context = Callable[[web.Application], AsyncIterator[None]]


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    router: Router | None = None,
    run_worker: bool = True,
) -> web.Application:
    """The server of `zhuanban serve`. `run_worker=False` leaves sending (and the reminder
    scheduler) to whoever calls them, e.g. tests that move the clock themselves."""
    app = web.Application(client_max_size=settings.wecom_max_body)
    app.cleanup_ctx.append(_runtime(settings, clock, router))
    app.cleanup_ctx.append(_http)
    app.cleanup_ctx.append(_sending(settings, run_worker))
    app.cleanup_ctx.append(_attachments(settings, run_worker))
    app.cleanup_ctx.append(_receiving(settings))
    if settings.reminders_in_serve and run_worker:
        app.cleanup_ctx.append(_reminders(settings))
    if run_worker:
        app.cleanup_ctx.append(_retention(settings))
    if settings.console_secret:
        app.cleanup_ctx.append(_console)
        app.add_subapp("/console", console_app(settings))
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_endpoint)
    app.router.add_get("/wecom/callback", _verify_url)
    app.router.add_post("/wecom/callback", _receive)
    return app


def _runtime(settings: Settings, clock: Clock | None, router: Router | None) -> Context:
    async def context(app: web.Application) -> AsyncIterator[None]:
        async with open_runtime(settings, clock, router) as runtime:
            app[RUNTIME] = runtime
            yield

    return context


async def _http(app: web.Application) -> AsyncIterator[None]:
    # trust_env: HTTPS_PROXY / NO_PROXY (and ~/.netrc) apply to every WeCom call.
    async with aiohttp.ClientSession(trust_env=True) as session:
        app[HTTP] = session
        yield


def _sending(settings: Settings, run_worker: bool) -> Context:
    async def context(app: web.Application) -> AsyncIterator[None]:
        runtime = app[RUNTIME]
        client = WeComClient(app[HTTP], settings, runtime.clock)
        app[CLIENT] = client
        files = StoredFiles(FileStore(settings.files_path()))
        worker = OutboxWorker(runtime.sessions, client, runtime.clock, settings, files=files)
        spool = Spool(settings.wecom_spool_dir) if settings.wecom_spool_dir else None
        delivery = ReplyDelivery(
            runtime.dispatcher, runtime.sessions, runtime.clock, settings, worker.kick, spool
        )
        worker.recover = delivery.recover
        app[WORKER], app[DELIVERY] = worker, delivery
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop)) if run_worker else None
        yield
        await delivery.drain()  # handlers still running queue their replies first
        stop.set()
        if task is not None:
            await task
            with contextlib.suppress(Exception):  # one last tick for what drain queued
                async with asyncio.timeout(FINAL_TICK_SECONDS):
                    await worker.run_once()

    return context


def _attachments(settings: Settings, run_worker: bool) -> Context:
    """Downloads of files people sent; the worker runs beside the outbox's."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        runtime = app[RUNTIME]
        worker = AttachmentWorker(
            runtime.sessions, app[CLIENT], runtime.clock, settings, runtime.kb, app[WORKER].kick
        )
        app[ATTACHMENTS] = worker
        async with running("attachments", worker.run, enabled=run_worker):
            yield

    return context


def _receiving(settings: Settings) -> Context:
    async def context(app: web.Application) -> AsyncIterator[None]:
        runtime = app[RUNTIME]
        app[CALLBACK] = Callback(settings, runtime.clock, runtime.sessions, app[DELIVERY])
        yield

    return context


async def _console(app: web.Application) -> AsyncIterator[None]:
    """The web console reads the same runtime and WeCom client (set by earlier contexts)."""
    app[CONSOLE] = ConsoleDeps(app[RUNTIME], app[CLIENT])
    yield


def _reminders(settings: Settings) -> Context:
    async def context(app: web.Application) -> AsyncIterator[None]:
        runtime = app[RUNTIME]
        # Queued reminders kick the worker (set by _sending, an earlier context).
        kick = app[WORKER].kick
        scheduler = Scheduler(runtime.sessions, runtime.clock, settings, on_queued=kick)
        async with running("reminder-scheduler", scheduler.run):
            yield

    return context


def _retention(settings: Settings) -> Context:
    async def context(app: web.Application) -> AsyncIterator[None]:
        runtime = app[RUNTIME]
        retention = Retention(runtime.sessions, runtime.clock, settings)
        async with running("retention", retention.run):
            yield

    return context


async def _verify_url(request: web.Request) -> web.StreamResponse:
    return await request.app[CALLBACK].verify_url(request)


async def _receive(request: web.Request) -> web.StreamResponse:
    started = time.perf_counter()
    try:
        response = await request.app[CALLBACK].receive(request)
    except web.HTTPException as error:
        _count_callback(error.status, started)
        raise
    except SQLAlchemyError:
        metrics.DATABASE_ERRORS.inc()
        _count_callback(500, started)
        raise
    except Exception:
        _count_callback(500, started)
        raise
    _count_callback(response.status, started)
    return response


def _count_callback(status: int, started: float) -> None:
    outcome = "ok" if status < 400 else "rejected" if status < 500 else "error"
    metrics.CALLBACKS.labels(outcome).inc()
    metrics.CALLBACK_SECONDS.observe(time.perf_counter() - started)


async def healthz(request: web.Request) -> web.Response:
    """For monitoring: 503 when the database does not answer within a second; 200 with
    status "degraded" while WeCom refuses a kind of send (60020, 48002, …: the messages
    wait, an operator must act), else 200 "ok". Degraded stays 200 on purpose: receiving
    still works, and a load balancer must not take the instance out for it."""
    try:
        async with asyncio.timeout(1.0):
            async with request.app[RUNTIME].sessions() as session:
                blocks = await DeliveryBlockRepository(session).active()
    except Exception:
        metrics.DATABASE_ERRORS.inc()
        return web.json_response({"status": "database unavailable"}, status=503)
    if blocks:
        blocked = [
            {
                "channel": block.channel,
                "errcode": block.errcode,
                "since": block.since.isoformat(),
                "fix": block.reason,
            }
            for block in blocks
        ]
        return web.json_response({"status": "degraded", "delivery_blocked": blocked})
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """For a load balancer's routing: 200 when the database answers, its schema is the one
    this code needs, and delivery is not blocked; else 503 naming what is not ready."""
    runtime = request.app[RUNTIME]
    problems: dict[str, str] = {}
    try:
        async with asyncio.timeout(READY_TIMEOUT):
            revision = await db.current_revision(runtime.engine)
            async with runtime.sessions() as session:
                blocks = await DeliveryBlockRepository(session).active()
    except Exception as error:
        metrics.DATABASE_ERRORS.inc()
        problems["database"] = type(error).__name__
    else:
        if revision != db.head_revision():
            problems["schema"] = f"{revision} != {db.head_revision()}"
        if blocks:  # WeCom refuses a kind of send (60020, 48002, …); see /healthz for the fix
            problems["delivery"] = ", ".join(f"{b.channel} ({b.errcode})" for b in blocks)
    if problems:
        return web.json_response({"status": "not ready", **problems}, status=503)
    return web.json_response({"status": "ready"})


async def metrics_endpoint(request: web.Request) -> web.Response:
    """Prometheus text format; the gauges are read from the database now."""
    runtime = request.app[RUNTIME]
    try:
        async with asyncio.timeout(READY_TIMEOUT), runtime.sessions() as session:
            await metrics.refresh_gauges(session, runtime.clock.now())
    except Exception:
        metrics.DATABASE_ERRORS.inc()
    body, content_type = metrics.exposition()
    response = web.Response(body=body)
    response.headers["Content-Type"] = content_type
    return response
