"""Engine and session factory, SQLite pragmas, and the Alembic upgrade/check entry points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class SchemaBehindError(RuntimeError):
    """The database schema is older than this code; `zhuanban db upgrade` fixes it."""


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; on SQLite: WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE."""
    if url.startswith("sqlite"):
        # Every transaction here ends in COMMIT or ROLLBACK through a session or
        # engine.begin(), so the pool's extra ROLLBACK on check-in is only a wasted
        # round trip to the driver's thread.
        kwargs.setdefault("pool_reset_on_return", None)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take transaction control from the driver so BEGIN IMMEDIATE below is ours:
        # a writer then waits for the lock up front instead of failing mid-transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            "busy_timeout=10000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade(engine: AsyncEngine) -> tuple[str | None, str]:
    """Upgrade the schema to head; returns (revision before, revision after)."""
    async with engine.begin() as conn:
        before = await conn.run_sync(_current_revision)
        await conn.run_sync(lambda sync_conn: command.upgrade(_alembic_config(sync_conn), "head"))
    return before, head_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(_current_revision)


async def prepare(engine: AsyncEngine) -> None:
    """At start: upgrade an embedded SQLite file; refuse a PostgreSQL schema that is behind."""
    if engine.dialect.name == "sqlite":
        await upgrade(engine)
        return
    current = await current_revision(engine)
    if current != head_revision():
        raise SchemaBehindError(
            f"数据库结构版本为 {current or '空'}，程序需要 {head_revision()}。"
            "请先运行：zhuanban db upgrade"
        )


def dialect_insert(table, dialect_name: str):
    """An INSERT with `on_conflict_do_nothing()` available, for SQLite or PostgreSQL."""
    insert = postgresql.insert if dialect_name == "postgresql" else sqlite.insert
    return insert(table)


def insert_ignoring_conflict(table, values: dict[str, Any], dialect_name: str):
    """INSERT … ON CONFLICT DO NOTHING for SQLite and PostgreSQL; rowcount tells who won."""
    return dialect_insert(table, dialect_name).values(**values).on_conflict_do_nothing()
