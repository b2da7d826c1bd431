"""Preflight: every check `zhuanban config check` prints and `serve` runs before starting.

Each check gives one line (✓ or ✗ and what to do). The offline checks need only the machine
and the database; `online` adds a WeCom access-token fetch through the configured proxy.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot import texts
from bot.wecom.settings_check import missing_wecom, problems
from core.calendar import CalendarError, WorkCalendar, load_calendar
from core.clock import Clock, SystemClock, local
from core.settings import Settings
from knowledge import KnowledgeBase, load_knowledge
from knowledge.loader import DATA_DIR, KnowledgeError
from storage import db

CONNECT_TIMEOUT = 5.0
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        template = texts.CHECK_OK if self.ok else texts.CHECK_FAILED
        return template.format(name=self.name, detail=self.detail)


def version() -> str:
    return metadata.version("zhuanban-bot")


def masked_url(url: str) -> str:
    """The database URL with its password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL: show only its scheme
        return url.split("://", 1)[0] + "://…"


def read_settings(load: Callable[[], Settings] = Settings) -> tuple[Settings | None, list[Check]]:
    """The settings and one check line for each problem (or one line saying all is well)."""
    try:
        settings = load()
    except ValidationError as error:
        names = ", ".join(
            "ZHUANBAN_" + str(issue["loc"][0]).upper() for issue in error.errors() if issue["loc"]
        )
        detail = texts.SETTINGS_UNREADABLE.format(names=names)
        return None, [Check(texts.CHECK_SETTINGS, False, detail)]
    found = problems(settings) + general_problems(settings)
    if found:
        return settings, [Check(texts.CHECK_SETTINGS, False, problem) for problem in found]
    detail = texts.SETTINGS_OK.format(count=len(Settings.model_fields))
    return settings, [Check(texts.CHECK_SETTINGS, True, detail)]


def general_problems(settings: Settings) -> list[str]:
    """The settings beyond WeCom's (ranges of numbers are pydantic's, in core/settings.py)."""
    found = []
    if settings.log_level.upper() not in LOG_LEVELS:
        found.append(texts.LOG_LEVEL_BAD.format(value=settings.log_level))
    if settings.data_dir.exists() and not settings.data_dir.is_dir():
        found.append(texts.DATA_DIR_NOT_DIR.format(path=settings.data_dir))
    return found


async def database_checks(settings: Settings) -> list[Check]:
    """Connect, then compare the schema's revision with the code's."""
    url = masked_url(settings.database_url)
    engine = db.create_engine(settings.database_url)
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            current = await db.current_revision(engine)
    except Exception as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return [
            Check(
                texts.CHECK_DATABASE, False, texts.DATABASE_FAILED.format(url=url, error=reason)
            ),
            Check(texts.CHECK_SCHEMA, False, texts.SCHEMA_UNCHECKED),
        ]
    finally:
        await engine.dispose()
    connected = Check(texts.CHECK_DATABASE, True, texts.DATABASE_OK.format(url=url))
    return [connected, schema_check(current, engine.dialect.name)]


def schema_check(current: str | None, dialect: str) -> Check:
    head = db.head_revision()
    if current == head:
        return Check(texts.CHECK_SCHEMA, True, texts.SCHEMA_OK.format(revision=head))
    shown = current or "空库"
    if current is not None and current > head:
        return Check(
            texts.CHECK_SCHEMA, False, texts.SCHEMA_AHEAD.format(current=shown, head=head)
        )
    if dialect == "sqlite":  # serve upgrades an embedded file itself (storage.db.prepare)
        detail = texts.SCHEMA_SQLITE_BEHIND.format(current=shown, head=head)
        return Check(texts.CHECK_SCHEMA, True, detail)
    return Check(texts.CHECK_SCHEMA, False, texts.SCHEMA_BEHIND.format(current=shown, head=head))


def knowledge_version(directory: Path | None) -> str:
    """A short digest of the knowledge files (the packaged ones unless configured)."""
    digest = hashlib.sha256()
    for path in sorted((directory or DATA_DIR).glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


def knowledge_check(settings: Settings) -> tuple[KnowledgeBase | None, Check]:
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as error:
        return None, Check(texts.CHECK_KNOWLEDGE, False, str(error))
    detail = texts.KNOWLEDGE_OK.format(
        task_forces=len(kb.task_forces),
        rules=len(kb.rules),
        version=knowledge_version(settings.knowledge_dir),
    )
    return kb, Check(texts.CHECK_KNOWLEDGE, True, detail)


def calendar_check(settings: Settings, today: date) -> tuple[WorkCalendar | None, Check]:
    try:
        calendar = load_calendar(settings.data_dir)
    except CalendarError as error:
        return None, Check(texts.CHECK_CALENDAR, False, str(error))
    span = f"{min(calendar.years)}–{max(calendar.years)}" if calendar.years else "0"
    detail = texts.CALENDAR_OK.format(years=span, version=calendar.version)
    coming = today.year + 1 if today.month == 12 else today.year
    if not calendar.knows(coming):
        detail += texts.CALENDAR_NEXT_MISSING.format(year=coming)
    return calendar, Check(texts.CHECK_CALENDAR, True, detail)


def port_check(settings: Settings) -> Check:
    """Whether serve could listen on host:port (bound and released at once)."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    where = {"host": settings.host, "port": settings.port}
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((settings.host, settings.port))
    except OSError as error:
        detail = texts.PORT_BUSY.format(error=error.strerror or error, **where)
        return Check(texts.CHECK_PORT, False, detail)
    return Check(texts.CHECK_PORT, True, texts.PORT_OK.format(**where))


async def token_check(settings: Settings, clock: Clock | None = None) -> Check:
    """Fetch an access token as the sender would (through HTTPS_PROXY when set)."""
    import aiohttp

    from bot.wecom.client import WeComClient, WeComError

    if missing_wecom(settings):
        return Check(texts.CHECK_TOKEN, False, texts.TOKEN_SKIPPED)
    api = settings.wecom_api_base
    async with aiohttp.ClientSession(trust_env=True) as http:
        client = WeComClient(http, settings, clock or SystemClock())
        try:
            await client.access_token()
        except WeComError as error:
            if error.errcode is None:
                detail = texts.TOKEN_UNREACHABLE.format(api=api, error=error.errmsg)
            else:
                detail = texts.TOKEN_FAILED.format(explain=error.explain())
            return Check(texts.CHECK_TOKEN, False, detail)
    return Check(texts.CHECK_TOKEN, True, texts.TOKEN_OK.format(api=api))


async def offline_checks(settings: Settings, clock: Clock | None = None) -> list[Check]:
    today = local((clock or SystemClock()).now()).date()
    checks = await database_checks(settings)
    checks.append(knowledge_check(settings)[1])
    checks.append(calendar_check(settings, today)[1])
    return checks


def run_checks(
    *, online: bool = False, port: bool = False, load: Callable[[], Settings] = Settings
) -> list[Check]:
    """Every check, in order; nothing beyond the settings when they cannot be read."""
    logging.getLogger("aiohttp").setLevel(logging.CRITICAL)
    settings, first = read_settings(load)
    if settings is None:
        return first

    async def rest() -> list[Check]:
        checks = await offline_checks(settings)
        if port:
            checks.append(port_check(settings))
        if online:
            checks.append(await token_check(settings))
        return checks

    return [*first, *asyncio.run(rest())]
