"""Wires settings, database, knowledge and the dispatcher together for every door."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.dispatcher import Dispatcher
from core import workdays
from core.clock import Clock, SystemClock
from core.settings import Settings
from handlers.routing import Router, build_router
from knowledge import KnowledgeBase, load_knowledge
from storage import db
from storage.sync import sync_knowledge


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    kb: KnowledgeBase
    clock: Clock
    dispatcher: Dispatcher


@asynccontextmanager
async def open_runtime(
    settings: Settings,
    clock: Clock | None = None,
    router: Router | None = None,
    *,
    group_commit: bool | None = None,
) -> AsyncIterator[Runtime]:
    """Load the knowledge, prepare the schema, and build the core; dispose on exit.

    `group_commit` as for Dispatcher: None picks it by database; the terminal, one user
    typing in turn, has nothing to group and passes False."""
    kb = load_knowledge(settings.knowledge_dir)
    workdays.load_and_install(settings.data_dir)
    engine = db.create_engine(settings.database_url)
    try:
        await db.prepare(engine)
        sessions = db.session_factory(engine)
        async with sessions() as session, session.begin():
            await sync_knowledge(session, kb)
        clock = clock or SystemClock()
        dispatcher = Dispatcher(
            sessions, kb, clock, settings, router or build_router(), group_commit=group_commit
        )
        yield Runtime(settings, engine, sessions, kb, clock, dispatcher)
    finally:
        await engine.dispose()
