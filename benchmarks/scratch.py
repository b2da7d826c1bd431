"""A freshly migrated scratch database for the benchmarks (PostgreSQL: emptied first)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import db


async def fresh_database(url: str) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    engine = db.create_engine(url)
    if engine.dialect.name == "postgresql":
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await db.upgrade(engine)
    return engine, db.session_factory(engine)
