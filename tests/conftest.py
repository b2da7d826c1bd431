"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, the core, a clock."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.dispatcher import Dispatcher
from core.clock import LOCAL_TZ, ManualClock
from core.settings import Settings, normalize_database_url
from handlers.routing import build_router
from knowledge import KnowledgeBase, load_knowledge
from storage import db
from storage.models import Base
from storage.sync import sync_knowledge
from tests.cli_support import ENV_PREFIX
from tests.office_support import add_people
from tests.reminder_world import build_world

CI_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str | None:
    """TEST_DATABASE_URL, or the machine's server in CI (where PostgreSQL must not skip)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url and os.environ.get("CI"):
        url = CI_DATABASE_URL
    return normalize_database_url(url) if url else None


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path) -> None:
    """Every test starts with no ZHUANBAN_* variable (the shell's must not change an answer)
    and in an empty working directory (no stray ./.env or ./zhuanban.db). Subprocesses inherit
    this environment; tests/cli_support.py's `clean_env` builds the explicit one they pass."""
    for name in list(os.environ):
        if name.startswith(ENV_PREFIX):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def _run(coro):
    return asyncio.run(coro)


async def _migrate_fresh_postgres(url: str) -> None:
    engine = db.create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await db.upgrade(engine)
    finally:
        await engine.dispose()


async def _sync(engine: AsyncEngine, kb: KnowledgeBase) -> None:
    async with db.session_factory(engine)() as session, session.begin():
        await sync_knowledge(session, kb)


async def _migrate_sqlite(url: str, kb: KnowledgeBase) -> None:
    engine = db.create_engine(url)
    try:
        await db.upgrade(engine)
        await _sync(engine, kb)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory, kb) -> Path:
    """Migrated and synced once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    _run(_migrate_sqlite(f"sqlite+aiosqlite:///{path}", kb))
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str | None:
    url = postgres_url()
    if url is not None:
        _run(_migrate_fresh_postgres(url))
    return url


async def _truncate_all(engine: AsyncEngine) -> None:
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, sqlite_template) -> str:
    """A migrated database on each backend: on SQLite a copy of the template (units and task
    forces synced), on PostgreSQL the shared one, which the `engine` fixture empties and syncs."""
    if request.param == "sqlite":
        path = tmp_path / "zhuanban.db"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite+aiosqlite:///{path}"
    url = request.getfixturevalue("postgres_migrated")
    if url is None:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (they always run when CI is set)")
    return url


@pytest.fixture
async def engine(database_url: str, kb) -> AsyncIterator[AsyncEngine]:
    """An engine on the test database; SQLite's copy of the template is synced already."""
    engine = db.create_engine(database_url)
    if engine.dialect.name == "postgresql":
        await _truncate_all(engine)
        await _sync(engine, kb)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine):
    """A session factory on a database whose units and task forces mirror the knowledge."""
    return db.session_factory(engine)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 25, 10, 7, tzinfo=LOCAL_TZ))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(_env_file=None, database_url=database_url)


@pytest.fixture
def dispatcher(sessions, kb, clock, settings) -> Dispatcher:
    return Dispatcher(sessions, kb, clock, settings, build_router())


@pytest.fixture
async def office_people(sessions, clock) -> None:
    """The office console's cast (tests/office_support.py): office, contacts, an outsider."""
    await add_people(sessions, clock.now())


@pytest.fixture
async def world(sessions):
    """The reminder tests' roster and 2026Q3 period (tests/reminder_world.py); its sessions."""
    await build_world(sessions)
    return sessions


@pytest.fixture(autouse=True)
def packaged_calendar():
    """Every test starts on the packaged calendar; one that installs another is undone."""
    from core import calendar, workdays

    workdays.install(calendar.packaged_calendar())
    yield
    workdays.install(calendar.packaged_calendar())
