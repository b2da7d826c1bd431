"""Retention (`db prune`, the daily job) and `db backup`/`db restore`, the commands run as
real processes."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot import texts
from bot.maintenance import Retention
from core.clock import ManualClock
from core.settings import Settings
from storage import db
from storage.models import AuditEntry, InboundMessage, OutboxMessage
from storage.repositories import Repositories
from storage.retention import Ages, prune
from tests.cli_support import run_zhuanban

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)


async def _fill(sessions) -> None:
    """Per kind: one row past its age, one within it; an old audit entry and a queued one."""
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        for key, days in (("old", 31), ("new", 29)):
            session.add(
                InboundMessage(
                    msg_key=key, user_id="li", received_at=NOW - timedelta(days=days), replies=[]
                )
            )
        for key, days, status in (
            ("s-old", 91, "sent"),
            ("s-new", 89, "sent"),
            ("q", 200, "queued"),
        ):
            at = NOW - timedelta(days=days)
            await repos.outbox.enqueue_text(["li"], key, source="test", now=at, dedupe_key=key)
            if status == "sent":
                row = await session.scalar(
                    select(OutboxMessage).where(OutboxMessage.dedupe_key == key)
                )
                await repos.outbox.mark_sent(row.id, at)
        await repos.audit.record(
            at=NOW - timedelta(days=3000), actor="zhou", action="x", entity="y", entity_key="z"
        )


async def _count(sessions, model) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_prune_removes_old_dedupe_and_sent_rows_only(sessions):
    await _fill(sessions)
    async with sessions() as session, session.begin():
        removed = await prune(session, NOW, Ages.days(30, 90))
    assert removed["inbound_messages"] == 1 and removed["outbox"] == 1
    async with sessions() as session:
        keys = set(await session.scalars(select(InboundMessage.msg_key)))
        outbox = set(await session.scalars(select(OutboxMessage.dedupe_key)))
    assert keys == {"new"}
    assert outbox == {"s-new", "q"}  # an unsent message is never pruned, however old
    assert await _count(sessions, AuditEntry) == 1  # the audit log is kept


async def test_the_daily_job_uses_the_configured_ages(sessions, database_url):
    await _fill(sessions)
    settings = Settings(
        _env_file=None, database_url=database_url, inbound_keep_days=60, outbox_keep_days=80
    )
    removed = await Retention(sessions, ManualClock(NOW), settings).run_once()
    assert removed["inbound_messages"] == 0
    assert removed["outbox"] == 2


def _sqlite_env(path: Path) -> dict[str, str]:
    return {"ZHUANBAN_DATABASE_URL": f"sqlite:///{path}"}


def test_prune_as_a_command(tmp_path):
    database = tmp_path / "zhuanban.db"
    env = _sqlite_env(database)
    assert run_zhuanban("db", "upgrade", cwd=tmp_path, **env).returncode == 0
    with sqlite3.connect(database) as conn:
        conn.execute(
            "INSERT INTO inbound_messages (msg_key, user_id, received_at, replies) "
            "VALUES ('m1', 'li', '2020-01-01 00:00:00.000000', '[]')"
        )
    dry = run_zhuanban("db", "prune", "--dry-run", cwd=tmp_path, **env)
    assert dry.returncode == 0 and "inbound_messages 1" in dry.stdout
    done = run_zhuanban("db", "prune", cwd=tmp_path, **env)
    assert done.returncode == 0 and "inbound_messages 1" in done.stdout
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM inbound_messages").fetchone() == (0,)


def test_backup_while_writing_then_restore(tmp_path):
    database = tmp_path / "zhuanban.db"
    env = _sqlite_env(database)
    assert run_zhuanban("db", "upgrade", cwd=tmp_path, **env).returncode == 0
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:  # another process's writes, as the server makes them
        conn = sqlite3.connect(database, timeout=30)
        n = 0
        while not stop.is_set() or n < 50:
            with conn:
                conn.execute(
                    "INSERT INTO daily_greetings (user_key, day) VALUES (?, '2026-12-06')",
                    (f"user{n}",),
                )
            n += 1
            written.append(n)
        conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        copy = tmp_path / "backup.db"
        made = run_zhuanban("db", "backup", str(copy), cwd=tmp_path, **env)
    finally:
        stop.set()
        writer.join()
    assert made.returncode == 0, made.stderr
    assert db.head_revision() in made.stdout

    restored = tmp_path / "restored.db"
    result = run_zhuanban(
        "db", "restore", str(copy), "--yes", cwd=tmp_path, **_sqlite_env(restored)
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(restored) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            db.head_revision(),
        )
        greeted = conn.execute("SELECT count(*) FROM daily_greetings").fetchone()[0]
        users = {row[0] for row in conn.execute("SELECT user_key FROM daily_greetings")}
    assert 0 <= greeted <= len(written)
    assert users == {f"user{n}" for n in range(greeted)}  # a prefix: one consistent moment


def test_restore_refuses_what_is_not_a_known_copy(tmp_path):
    env = _sqlite_env(tmp_path / "zhuanban.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    refused = run_zhuanban("db", "restore", str(junk), "--yes", cwd=tmp_path, **env)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    future = tmp_path / "future.db"
    with sqlite3.connect(future) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        conn.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    refused = run_zhuanban("db", "restore", str(future), "--yes", cwd=tmp_path, **env)
    assert refused.returncode == 1
    assert "9999_from_the_future" in refused.stderr
    assert not (tmp_path / "zhuanban.db").exists()


def test_postgres_backup_prints_the_pg_dump_line_without_the_password(tmp_path):
    env = {"ZHUANBAN_DATABASE_URL": "postgresql://zb:hunter2@db.internal:5432/zhuanban"}
    result = run_zhuanban("db", "backup", "nightly.dump", cwd=tmp_path, **env)
    assert result.returncode == 1
    assert texts.POSTGRES_USE_TOOL in result.stdout
    [line] = [line for line in result.stdout.splitlines() if line.startswith("pg_dump")]
    assert "nightly.dump" in line and "postgresql://zb@db.internal:5432/zhuanban" in line
    assert "hunter2" not in result.stdout
