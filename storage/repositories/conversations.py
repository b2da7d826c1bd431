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
        # The session's identity map holds rows weakly: keeping the loaded rows here spares
        # `save` a second SELECT of each in the same turn (or group of turns).
        self._loaded: dict[str, Conversation] = {}

    async def load_many(self, user_keys: list[str]) -> dict[str, ConversationState]:
        """Several users' states in one query (the rows are kept for save)."""
        if not user_keys:  # e.g. only one-shot asks: no round trip at all
            return {}
        rows = await self.session.scalars(
            select(Conversation).where(Conversation.user_key.in_(user_keys))
        )
        states = {}
        for row in rows:
            self._loaded[row.user_key] = row
            states[row.user_key] = ConversationState(
                row.flow, row.step, dict(row.data), stored=True
            )
        return {key: states.get(key) or ConversationState() for key in user_keys}

    async def save(self, user_key: str, state: ConversationState, now: datetime) -> None:
        if not state.stored:
            if state.flow is None and not state.data:
                return
            row = Conversation(
                user_key=user_key,
                flow=state.flow,
                step=state.step,
                data=dict(state.data),
                updated_at=now,
            )
            self.session.add(row)
            self._loaded[user_key] = row
            state.stored = True
            return
        found = self._loaded.get(user_key) or await self.session.get(Conversation, user_key)
        assert found is not None
        row = found
        if (row.flow, row.step, row.data) != (state.flow, state.step, state.data):
            row.flow, row.step, row.data = state.flow, state.step, dict(state.data)
            row.updated_at = now
