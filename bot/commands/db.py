"""`zhuanban db`: schema migrations, retention, backup and restore."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import click
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import texts
from bot.commands import load_settings
from bot.maintenance import ages_of
from core.clock import SystemClock
from storage import backup, db
from storage.retention import prunable, prune

T = TypeVar("T")


def _with_engine(work: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    """Run `work` on an engine for the configured database, disposed afterwards."""
    settings = load_settings()

    async def main() -> T:
        engine = db.create_engine(settings.database_url)
        try:
            return await work(engine)
        finally:
            await engine.dispose()

    return asyncio.run(main())


@click.group("db")
def db_group() -> None:
    """Database schema (Alembic migrations)."""


@db_group.command()
def upgrade() -> None:
    """Upgrade the database schema to the version this code needs."""
    before, after = _with_engine(db.upgrade)
    if before == after:
        click.echo(f"数据库结构已是最新版本（{after}），无需升级。")
    else:
        click.echo(f"数据库结构已从 {before or '空库'} 升级到 {after}。")


@db_group.command()
def current() -> None:
    """Show the schema version of the database and the version this code needs."""
    revision = _with_engine(db.current_revision)
    click.echo(f"数据库：{revision or '空库'}；程序需要：{db.head_revision()}")


@db_group.command("prune")
@click.option("--dry-run", is_flag=True, help="Count what would be removed; remove nothing.")
def prune_command(dry_run: bool) -> None:
    """Remove dedupe rows older than ZHUANBAN_INBOUND_KEEP_DAYS and sent outbox messages
    older than ZHUANBAN_OUTBOX_KEEP_DAYS (serve does this daily). The audit log and reports
    are kept."""
    ages = ages_of(load_settings())

    async def work(engine: AsyncEngine) -> dict[str, int]:
        async with db.session_factory(engine)() as session, session.begin():
            count = prunable if dry_run else prune
            return await count(session, SystemClock().now(), ages)

    counts = _with_engine(work)
    template = texts.PRUNE_WOULD if dry_run else texts.PRUNE_DONE
    click.echo(
        template.format(
            total=sum(counts.values()),
            tables="、".join(f"{table} {n}" for table, n in counts.items() if n) or "—",
        )
    )


@db_group.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path) -> None:
    """Copy the SQLite database to FILE while the server runs (a consistent moment). For
    PostgreSQL prints the pg_dump command to run instead."""
    settings = load_settings()
    database = _sqlite_or_print(settings.database_url, backup.pg_dump_line, file)
    try:
        backup.backup_sqlite(database, file)
        revision = backup.copy_revision(file)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(texts.BACKUP_DONE.format(file=file, revision=revision or "空库"))


@db_group.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
def restore_command(file: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup FILE, after checking that it opens, is
    intact and is at a migration this code knows. Stop the server first. For PostgreSQL
    prints the pg_restore command to run instead."""
    settings = load_settings()
    database = _sqlite_or_print(settings.database_url, backup.pg_restore_line, file)
    try:
        revision = backup.copy_revision(file)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    if revision is None or revision not in db.known_revisions():
        raise click.ClickException(texts.RESTORE_UNKNOWN.format(file=file, revision=revision))
    if not yes and not click.confirm(texts.RESTORE_CONFIRM.format(database=database)):
        raise click.ClickException(texts.RESTORE_CANCELLED)
    backup.restore_sqlite(file, database)
    click.echo(texts.RESTORE_DONE.format(file=file, database=database, revision=revision))
    if revision != db.head_revision():
        click.echo(texts.RESTORE_UPGRADE.format(revision=revision, head=db.head_revision()))


def _sqlite_or_print(database_url: str, line: Callable[[str, Path], str], file: Path) -> Path:
    """The SQLite file; for PostgreSQL, print the command that does the job and exit 1."""
    try:
        database = backup.sqlite_file(database_url)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    if database is None:
        click.echo(texts.POSTGRES_USE_TOOL)
        click.echo(line(database_url, file))
        raise SystemExit(1)
    return database
