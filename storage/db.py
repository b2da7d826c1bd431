"""Engine and session factory, SQLite pragmas, and the Alembic upgrade/check entry points."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, CursorResult, Executable, Table, event, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from storage.models import Base
from storage.sqlite_driver import OneTripConnection, one_trip_creator

if TYPE_CHECKING:
    from alembic.config import Config  # imported when needed: a fifth of a second

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION_LINE = re.compile(r'^(down_revision|revision)\s*=\s*"([^"]*)"', re.M)


@cache
def head_revision() -> str:
    """The newest migration: the one revision no other names as its parent. Read from the
    migration files themselves so that a start on a current schema does not import Alembic
    (a fifth of a second), and no constant has to follow each new migration; a test
    compares it with Alembic's own answer."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        fields = dict(_REVISION_LINE.findall(path.read_text("utf-8")))
        revisions.add(fields["revision"])
        if fields.get("down_revision"):
            parents.add(fields["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must form one chain; heads: {sorted(heads)}")
    return heads.pop()


class SchemaBehindError(RuntimeError):
    """The database schema is older than this code; `zhuanban db upgrade` fixes it."""


class StorageUnavailable(RuntimeError):
    """The database could not be reached (or dropped the connection): nothing was stored,
    so whoever delivered the message should deliver it again later."""


def is_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database is away rather than that a statement is wrong:
    connection refused or lost, a database that is gone, a timeout, SQLite's lock."""
    if isinstance(error, StorageUnavailable | OSError | TimeoutError | ConnectionError):
        return True
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)
    return False


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; on SQLite: WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE.
    On a server database the pool checks a connection before lending it (`pool_pre_ping`),
    so after the server was away the engine reconnects by itself."""
    if not url.startswith("sqlite"):
        kwargs.setdefault("pool_pre_ping", True)
    if url.startswith("sqlite"):
        # Every transaction here ends in COMMIT or ROLLBACK through a session or
        # engine.begin(), so the pool's extra ROLLBACK on check-in is only a wasted
        # round trip to the driver's thread.
        kwargs.setdefault("pool_reset_on_return", None)
        kwargs.setdefault("async_creator", one_trip_creator(url))
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # dbapi_connection: SQLAlchemy's adapter of a OneTripConnection (sqlite3-like).
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
        # Said on the thread together with the transaction's first statement: no trip of
        # its own (storage/sqlite_driver.py); this runs on every turn.
        driver = conn.connection.driver_connection
        assert isinstance(driver, OneTripConnection)
        driver.begin_with_next_statement("BEGIN IMMEDIATE")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _upgrade(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")


async def upgrade(engine: AsyncEngine) -> tuple[str | None, str]:
    """Upgrade the schema to head; returns (revision before, revision after)."""
    async with engine.begin() as conn:
        before = await conn.run_sync(_current_revision)
        if before != head_revision():
            await conn.run_sync(_upgrade)
    return before, head_revision()


def known_revisions() -> set[str]:
    """Every revision among this code's migrations."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


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


def dialect_name(session: AsyncSession) -> str:
    """The session's database: "sqlite" or "postgresql"."""
    return session.get_bind().dialect.name


async def rowcount(session: AsyncSession, statement: Executable) -> int:
    """Run an INSERT, UPDATE or DELETE; the number of rows it touched."""
    result = await session.execute(statement)
    assert isinstance(result, CursorResult)  # what DML without RETURNING gives back
    return result.rowcount


def dialect_insert(
    table: Table | type[Base], dialect_name: str
) -> postgresql.Insert | sqlite.Insert:
    """An INSERT with `on_conflict_do_nothing()` available, for SQLite or PostgreSQL."""
    insert = postgresql.insert if dialect_name == "postgresql" else sqlite.insert
    return insert(table)


def insert_ignoring_conflict(
    table: Table | type[Base], values: dict[str, Any], dialect_name: str
) -> postgresql.Insert | sqlite.Insert:
    """INSERT … ON CONFLICT DO NOTHING for SQLite and PostgreSQL; rowcount tells who won."""
    return dialect_insert(table, dialect_name).values(**values).on_conflict_do_nothing()


T = TypeVar("T", bound=Base)


async def locked_or_inserted(
    session: AsyncSession, model: type[T], keys: dict[str, Any], values: dict[str, Any]
) -> tuple[T, bool]:
    """The row with these key values, locked for this transaction, inserted with `values`
    first when missing; returns (row, whether this call created it).

    Two transactions creating the same row at once serialise here (row lock on PostgreSQL,
    BEGIN IMMEDIATE on SQLite) instead of one failing on the unique key.
    """
    query = (
        select(model).filter_by(**keys).with_for_update().execution_options(populate_existing=True)
    )
    # The row exists on every call but the first: one statement instead of two or three.
    row = await session.scalar(query)
    if row is not None:
        return row, False
    # A row this transaction inserts is as good as locked: nobody else sees it before the
    # commit, and a concurrent insert of the same key waits on the unique index.
    inserted = await session.scalar(
        insert_ignoring_conflict(model, {**keys, **values}, dialect_name(session))
        .returning(model)
        .execution_options(populate_existing=True)
    )
    if inserted is not None:
        return inserted, True
    row = await session.scalar(query)  # another transaction inserted it first
    assert row is not None
    return row, False
