"""`zhuanban serve`: the WeCom callback server with its outbox worker."""

from __future__ import annotations

import gc
import logging
from collections.abc import Awaitable, Callable

import click
from aiohttp import web

from bot import texts
from bot.app import create_app
from bot.commands import load_settings, startup_errors
from bot.logging import configure_logging
from bot.preflight import knowledge_version, masked_url, run_checks, version
from bot.wecom.settings_check import missing_wecom
from core import workdays
from core.settings import Settings

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT = 30.0
"""Seconds aiohttp waits for requests in flight when stopping (SIGTERM, Ctrl-C)."""


async def _freeze_startup_objects(_app: web.Application) -> None:
    """Move everything loaded at start-up (knowledge, SQLAlchemy, aiohttp) out of the garbage
    collector's reach: its full collections then scan only per-request objects, which cut the
    callback's p99 latency by a third in benchmarks/bench_callback.py."""
    gc.freeze()


@click.command()
def serve() -> None:
    """Serve the WeCom callback (/wecom/callback), /healthz, /readyz, /metrics and, with
    ZHUANBAN_CONSOLE_SECRET set, the web console (/console/).

    The preflight (`zhuanban config check` without --online, and the port) runs first; on a
    failure serve says which in one line and exits non-zero."""
    settings = load_settings()
    missing = missing_wecom(settings)
    if missing:
        raise click.ClickException(
            "未配置企业微信，无法启动服务。缺少：" + "、".join(missing) + "。\n"
            "请按 README“Deploy on WeCom”一节设置；只想在终端试用，请运行 zhuanban chat。"
        )
    for item in run_checks(port=True, load=lambda: settings):
        if not item.ok:
            raise click.ClickException(
                texts.SERVE_REFUSED.format(name=item.name, detail=item.detail)
            )
    configure_logging(settings.log_level)
    app = create_app(settings)
    app.on_startup.append(_freeze_startup_objects)
    app.on_startup.append(_log_started(settings))
    with startup_errors():
        try:
            web.run_app(
                app,
                host=settings.host,
                port=settings.port,
                access_log=None,  # one structured line per callback comes from the handler
                shutdown_timeout=SHUTDOWN_TIMEOUT,
                print=None,
            )
        except OSError as error:  # the port was taken between the preflight and now
            detail = texts.PORT_BUSY.format(
                host=settings.host, port=settings.port, error=error.strerror or error
            )
            raise click.ClickException(
                texts.SERVE_REFUSED.format(name=texts.CHECK_PORT, detail=detail)
            ) from error


def _log_started(settings: Settings) -> Callable[[web.Application], Awaitable[None]]:
    async def log_started(app: web.Application) -> None:
        log.info(
            "zhuanban started",
            extra={
                "version": version(),
                "database": masked_url(settings.database_url),
                "knowledge": knowledge_version(settings.knowledge_dir),
                "calendar": workdays.current().version,
                "address": f"http://{settings.host}:{settings.port}",
            },
        )

    return log_started
