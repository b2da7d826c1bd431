"""`zhuanban db`: schema migrations."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.commands import load_settings
from storage import db

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
