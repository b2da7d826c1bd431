"""Backups: an online, consistent copy of a SQLite database (sqlite3's backup API, safe while
the server writes), and the checked restore of one. PostgreSQL is backed up with pg_dump."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL, make_url

PAGES_PER_STEP = 1024
"""The backup copies this many pages at a time, letting writers in between steps; a write
during the copy restarts it, so the copy is always one consistent moment."""


class BackupError(Exception):
    """A copy that cannot be made or used; the message says why."""


def sqlite_file(database_url: str) -> Path | None:
    """The file of a SQLite URL, None for another database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _copy(source: sqlite3.Connection, target: Path) -> None:
    destination = sqlite3.connect(target)
    try:
        source.backup(destination, pages=PAGES_PER_STEP)
    finally:
        destination.close()


def backup_sqlite(database: Path, target: Path) -> None:
    if not database.exists():
        raise BackupError(f"{database} does not exist")
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        _copy(source, target)
    finally:
        source.close()


def copy_revision(copy: Path) -> str | None:
    """The schema revision of a SQLite copy, after checking it opens and is intact."""
    if not copy.exists():
        raise BackupError(f"{copy} does not exist")
    try:
        connection = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{copy} is damaged (integrity check failed)")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{copy} is not a SQLite database ({error})") from error


def restore_sqlite(copy: Path, database: Path) -> None:
    """Replace the database's content with the copy's (the server must be stopped)."""
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        _copy(source, database)
    finally:
        source.close()


def libpq_url(database_url: str) -> str:
    """The URL as pg_dump reads it: no driver name, no password (give it in PGPASSWORD or
    ~/.pgpass)."""
    url = make_url(database_url)
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return plain.render_as_string(hide_password=False)


def pg_dump_line(database_url: str, file: Path) -> str:
    return f"pg_dump --format=custom --no-owner --file={file} '{libpq_url(database_url)}'"


def pg_restore_line(database_url: str, file: Path) -> str:
    return f"pg_restore --clean --if-exists --no-owner --dbname='{libpq_url(database_url)}' {file}"
