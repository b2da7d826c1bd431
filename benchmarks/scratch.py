"""A freshly migrated scratch database for the benchmarks (PostgreSQL: emptied first), bare or
with the knowledge's units and task forces synced into it."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from knowledge import KnowledgeBase
from storage import db
from storage.sync import sync_knowledge


async def fresh_database(url: str) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    engine = db.create_engine(url)
    if engine.dialect.name == "postgresql":
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await db.upgrade(engine)
    return engine, db.session_factory(engine)


async def synced_database(
    url: str, kb: KnowledgeBase
) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    """A fresh database whose units and task forces mirror `kb`, as `serve` leaves it."""
    engine, sessions = await fresh_database(url)
    async with sessions() as session, session.begin():
        await sync_knowledge(session, kb)
    return engine, sessions
