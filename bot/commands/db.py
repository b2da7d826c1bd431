"""`zhuanban db`: schema migrations."""

from __future__ import annotations

import asyncio

import click

from bot.config import Settings
from storage import db


@click.group("db")
def db_group() -> None:
    """Database schema (Alembic migrations)."""


@db_group.command()
def upgrade() -> None:
    """Upgrade the database schema to the version this code needs."""
    settings = Settings()

    async def main() -> tuple[str | None, str]:
        engine = db.create_engine(settings.database_url)
        try:
            return await db.upgrade(engine)
        finally:
            await engine.dispose()

    before, after = asyncio.run(main())
    if before == after:
        click.echo(f"数据库结构已是最新版本（{after}），无需升级。")
    else:
        click.echo(f"数据库结构已从 {before or '空库'} 升级到 {after}。")


@db_group.command()
def current() -> None:
    """Show the schema version of the database and the version this code needs."""
    settings = Settings()

    async def main() -> str | None:
        engine = db.create_engine(settings.database_url)
        try:
            return await db.current_revision(engine)
        finally:
            await engine.dispose()

    click.echo(f"数据库：{asyncio.run(main()) or '空库'}；程序需要：{db.HEAD_REVISION}")
