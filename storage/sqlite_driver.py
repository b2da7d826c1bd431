"""aiosqlite with one trip to its thread per statement.

SQLAlchemy's aiosqlite adapter makes four trips to the connection's thread for a SELECT
(open a cursor, execute, fetch all rows, close) and three for an INSERT or UPDATE. Each trip
is a queue hand-off and a wake-up of the event loop, and under load the answer waits behind
every other ready callback: on a busy server the trips, not SQLite, set a turn's latency.

The cursor here does the whole statement in one trip (open, execute, fetch, close on the
thread) and keeps the rows for the adapter to read; a transaction's BEGIN travels with its
first statement, and a transaction that ran no statement commits or rolls back without a
trip. The adapter gets everything it asks of an aiosqlite cursor; the connection is
aiosqlite's own, so closing and the pool's behaviour are unchanged.

Why one private name: aiosqlite has no public way to run a function of ours on its thread
(each public method is one fixed sqlite3 call, one trip), and SQLAlchemy's adapter needs an
aiosqlite connection (it reaches into `_conn`, `_tx` and `_connection` itself). So the
cursor hands its work to `aiosqlite.Connection._execute`, the one function every aiosqlite
method uses to reach the thread, and marks the thread a daemon (`_thread.daemon`) exactly as
SQLAlchemy does for the connections it opens itself. The sqlite3 connection is the one our
own connector opened, not aiosqlite's `_conn`. aiosqlite is pinned exactly for this in
pyproject.toml, and tests/test_sqlite_driver.py fails when the pin moves or either private
name changes shape. Measured against stock aiosqlite (benchmarks/bench_checkin.py, same
machine): 2.6 ms against 2.9 ms a step at p50, 5.9 ms against 7.6 ms CPU at p99.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import make_url


def _run(
    connection: sqlite3.Connection, begin: str | None, many: bool, sql: str, parameters: Any
) -> tuple[Any, int, int | None, list[Any]]:
    """On the connection's thread: the transaction's BEGIN if it is still to be said, the
    statement, its rows and what the cursor reports."""
    if begin is not None:
        connection.execute(begin)
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneTripCursor:
    """The part of `aiosqlite.Cursor` that SQLAlchemy uses, one thread trip per statement."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: deque[Any] = deque()

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def _statement(self, many: bool, sql: str, parameters: Any) -> OneTripCursor:
        connection = self._connection
        begin, connection.pending_begin = connection.pending_begin, None
        # aiosqlite refuses (ValueError "Connection closed") before running `_run` once the
        # connection is closed, so `connection.sqlite` is never used after its close.
        # aiosqlite leaves `_execute` unannotated: the one untyped call of this module.
        self.description, self.rowcount, self.lastrowid, rows = await connection._execute(  # type: ignore[no-untyped-call]
            _run, connection.sqlite, begin, many, sql, parameters
        )
        self._rows = deque(rows)
        return self

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> OneTripCursor:
        return await self._statement(False, sql, () if parameters is None else parameters)

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> OneTripCursor:
        return await self._statement(True, sql, parameters)

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        count = min(self.arraysize if size is None else size, len(self._rows))
        return [self._rows.popleft() for _ in range(count)]

    async def fetchall(self) -> Sequence[Any]:
        taken = list(self._rows)
        self._rows.clear()
        return taken

    async def close(self) -> None:
        self._rows.clear()


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors are `OneTripCursor`s, and whose BEGIN travels
    with the transaction's first statement (a transaction without one costs no trip)."""

    pending_begin: str | None = None

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int) -> None:
        self.sqlite: sqlite3.Connection | None = None

        def connect_and_keep() -> sqlite3.Connection:  # runs on the connection's thread
            self.sqlite = connector()
            return self.sqlite

        super().__init__(connect_and_keep, iter_chunk_size)

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    def begin_with_next_statement(self, begin: str) -> None:
        self.pending_begin = begin

    def _ran_nothing(self) -> bool:
        """Whether the transaction ended before its first statement (its BEGIN is dropped)."""
        unsaid, self.pending_begin = self.pending_begin, None
        return unsaid is not None

    async def commit(self) -> None:
        if not self._ran_nothing():
            await super().commit()

    async def rollback(self) -> None:
        if not self._ran_nothing():
            await super().rollback()


def one_trip_creator(url: str) -> Callable[[], Awaitable[OneTripConnection]]:
    """`async_creator` for `create_async_engine`: the connection SQLAlchemy would open for
    this URL (same file, same sqlite3 arguments), with one-trip cursors."""
    arguments, options = SQLiteDialect_aiosqlite().create_connect_args(make_url(url))
    (database,) = arguments

    async def connect() -> OneTripConnection:
        connection = OneTripConnection(
            lambda: sqlite3.connect(database, **options), iter_chunk_size=64
        )
        # As SQLAlchemy does for aiosqlite's own: an engine left undisposed must not keep
        # the interpreter from exiting (the thread waits on its queue forever).
        connection._thread.daemon = True
        await connection
        return connection

    return connect
