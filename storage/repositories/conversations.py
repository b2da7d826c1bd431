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
    stored: bool = field(default=False, compare=False)
    """Whether a row exists; spares a query for the many users who are in no flow."""

    def clear(self) -> None:
        self.flow, self.step, self.data = None, None, {}


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        # The session's identity map holds rows weakly: keeping the loaded row here spares
        # `save` a second SELECT of it in the same turn.
        self._loaded: Conversation | None = None

    async def load(self, user_key: str) -> ConversationState:
        row = self._loaded = await self.session.get(Conversation, user_key)
        if row is None:
            return ConversationState()
        return ConversationState(row.flow, row.step, dict(row.data), stored=True)

    async def load_many(self, user_keys: list[str]) -> dict[str, ConversationState]:
        """Several users' states in one query (the rows land in the identity map for save)."""
        rows = await self.session.scalars(
            select(Conversation).where(Conversation.user_key.in_(user_keys))
        )
        states = {
            row.user_key: ConversationState(row.flow, row.step, dict(row.data), stored=True)
            for row in rows
        }
        return {key: states.get(key) or ConversationState() for key in user_keys}

    async def save(self, user_key: str, state: ConversationState, now: datetime) -> None:
        if not state.stored:
            if state.flow is None and not state.data:
                return
            self.session.add(
                Conversation(
                    user_key=user_key,
                    flow=state.flow,
                    step=state.step,
                    data=dict(state.data),
                    updated_at=now,
                )
            )
            state.stored = True
            return
        row = await self.session.get(Conversation, user_key)  # from the identity map
        assert row is not None
        if (row.flow, row.step, row.data) != (state.flow, state.step, state.data):
            row.flow, row.step, row.data = state.flow, state.step, dict(state.data)
            row.updated_at = now
