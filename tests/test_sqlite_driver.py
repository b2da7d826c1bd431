"""The one-trip aiosqlite cursor behind every SQLite engine: what SQLAlchemy gets back."""

from __future__ import annotations

import inspect
import sqlite3
import threading
import tomllib
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from storage import db
from storage.sqlite_driver import one_trip_creator

metadata = MetaData()
items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20), unique=True, nullable=False),
)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "driver.db"


@pytest.fixture
async def engine(path):
    engine = db.create_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch) -> list[str]:
    """Every hand-off to aiosqlite's connection thread, by the function handed off."""
    seen: list[str] = []
    original = aiosqlite.Connection._execute

    async def counting(self, fn, *args, **kwargs):
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    return seen


async def test_rows_rowcount_and_returning(engine):
    async with engine.begin() as conn:
        inserted = await conn.execute(
            insert(items).returning(items.c.id, items.c.name),
            [{"name": f"n{i}"} for i in range(5)],
        )
        assert sorted(row.name for row in inserted) == [f"n{i}" for i in range(5)]
        single = await conn.execute(insert(items).values(name="solo"))
        assert single.inserted_primary_key == (6,)
        wanted = items.c.name.in_(["n1", "n2", "nobody"])
        changed = await conn.execute(update(items).where(wanted).values(name=items.c.name + "x"))
        assert changed.rowcount == 2
        many = await conn.execute(
            update(items).where(items.c.id == text(":key")).values(name=text(":value")),
            [{"key": 1, "value": "a"}, {"key": 2, "value": "b"}, {"key": 99, "value": "c"}],
        )
        assert many.rowcount == 2
        names = (await conn.execute(select(items.c.name).order_by(items.c.id))).scalars().all()
    assert names == ["a", "b", "n2x", "n3", "n4", "solo"]


async def test_streaming_reads_every_row_in_order(engine):
    async with engine.begin() as conn:
        await conn.execute(insert(items), [{"name": f"r{i:03d}"} for i in range(250)])
    async with engine.connect() as conn:
        result = await conn.stream(select(items.c.name).order_by(items.c.id))
        chunks = [chunk async for chunk in result.partitions(100)]
    assert [len(chunk) for chunk in chunks] == [100, 100, 50]
    assert [row.name for chunk in chunks for row in chunk][-1] == "r249"


async def test_errors_surface_as_sqlalchemy_errors_and_the_connection_recovers(engine):
    async with engine.begin() as conn:
        await conn.execute(insert(items).values(name="same"))
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(insert(items).values(name="other"))
            await conn.execute(insert(items).values(name="same"))
    async with engine.connect() as conn:  # the failed transaction left nothing behind
        names = (await conn.execute(select(items.c.name))).scalars().all()
    assert names == ["same"]


async def test_one_trip_to_the_thread_per_statement(engine, trips):
    async with engine.connect() as conn:
        await conn.execute(select(items.c.id))  # the pool's first checkout may ping: not counted
        trips.clear()
        await conn.execute(select(items.c.id, items.c.name).where(items.c.id > 0))
        await conn.execute(update(items).values(name="x").where(items.c.id < 0))
    assert trips == ["_run", "_run", "rollback"]


async def test_a_transaction_without_statements_costs_no_trip(engine, trips):
    async with engine.begin():
        pass
    async with engine.connect() as conn:
        await conn.commit()
    assert trips == []


async def test_the_write_lock_is_taken_with_the_first_statement_even_a_read(engine, path):
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        async with engine.begin() as conn:
            other.execute("BEGIN IMMEDIATE")  # free before our first statement
            other.execute("ROLLBACK")
            await conn.execute(select(items.c.id))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after our commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_aiosqlite_is_the_pinned_version_whose_private_names_we_use():
    """storage/sqlite_driver.py relies on two private names of aiosqlite (why: its
    docstring). Moving the pin means re-reading aiosqlite/core.py and this test."""
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    [pin] = [d for d in pyproject["project"]["dependencies"] if d.startswith("aiosqlite")]
    assert pin == f"aiosqlite=={aiosqlite.__version__}"
    execute = aiosqlite.Connection._execute
    assert inspect.iscoroutinefunction(execute)
    assert list(inspect.signature(execute).parameters) == ["self", "fn", "args", "kwargs"]
    unopened = aiosqlite.Connection(lambda: sqlite3.connect(":memory:"), 64)
    assert isinstance(unopened._thread, threading.Thread) and not unopened._thread.is_alive()


async def test_the_thread_is_a_daemon_and_stops_on_close(path):
    connection = await one_trip_creator(f"sqlite+aiosqlite:///{path}")()
    thread = connection._thread
    assert thread.daemon and thread.is_alive()
    await connection.close()
    thread.join(timeout=5)
    assert not thread.is_alive()
    with pytest.raises(ValueError, match="closed"):
        await connection.cursor().execute("SELECT 1")
