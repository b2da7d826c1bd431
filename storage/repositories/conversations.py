"""Conversation state, one row per user, saved after every turn."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation


@dataclass
class ConversationState:
    """Where a user is in a multi-step flow; `flow` None means no flow is active."""

    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def clear(self) -> None:
        self.flow, self.step, self.data = None, None, {}


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        # Users known to have no row in this transaction: saving their empty state then
        # needs no query (the identity map already spares one for users who have a row).
        self._absent: set[str] = set()

    async def load(self, user_key: str) -> ConversationState:
        return (await self.load_many([user_key]))[user_key]

    async def load_many(self, user_keys: list[str]) -> dict[str, ConversationState]:
        rows = await self.session.scalars(
            select(Conversation).where(Conversation.user_key.in_(user_keys))
        )
        states = {
            row.user_key: ConversationState(row.flow, row.step, dict(row.data)) for row in rows
        }
        for key in user_keys:
            if key not in states:
                self._absent.add(key)
                states[key] = ConversationState()
        return states

    async def save(self, user_key: str, state: ConversationState, now: datetime) -> None:
        if state.flow is None and not state.data and user_key in self._absent:
            return
        row = await self.session.get(Conversation, user_key)
        if row is None:
            if state.flow is None and not state.data:
                return
            self._absent.discard(user_key)
            row = Conversation(user_key=user_key, data={}, updated_at=now)
            self.session.add(row)
        if (row.flow, row.step, row.data) != (state.flow, state.step, state.data):
            row.flow, row.step, row.data = state.flow, state.step, dict(state.data)
            row.updated_at = now
