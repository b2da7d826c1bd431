"""The one typed context every handler receives."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from core.clock import Clock, local
from core.messages import Body, Button, Incoming, Outbound, Reply, ToUsers
from core.settings import Settings
from knowledge import KnowledgeBase
from storage.repositories import Repositories
from storage.repositories.conversations import ConversationState


@dataclass
class Context:
    message: Incoming
    repos: Repositories
    kb: KnowledgeBase
    clock: Clock
    settings: Settings
    state: ConversationState
    replies: list[Reply] = field(default_factory=list)
    intent: str = ""

    @property
    def text(self) -> str:
        return self.message.text.strip()

    @property
    def user_key(self) -> str:
        """WeCom compares userids case-insensitively; so do we."""
        return self.message.user_id.lower()

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        """Today in local time."""
        return local(self.now()).date()

    def reply(self, text: str, *, buttons: Iterable[Button] = (), title: str = "") -> None:
        self.replies.append(Reply(text=text, buttons=tuple(buttons), title=title))

    async def send(self, message: Outbound, *, source: str, dedupe_key: str | None = None) -> bool:
        """Queue a typed message; it leaves only if this turn's transaction commits.
        False when the dedupe key was already queued."""
        return await self.repos.outbox.enqueue(
            message, source=source, now=self.now(), dedupe_key=dedupe_key
        )

    async def send_to_sender(self, body: Body, *, source: str) -> bool:
        """Queue a message (a file, say) to the person who wrote, apart from the replies."""
        return await self.send(Outbound(ToUsers.of(self.message.user_id), body), source=source)

    async def notify(
        self, userids: Iterable[str], text: str, *, source: str, dedupe_key: str | None = None
    ) -> bool:
        """Queue a text to other people; it leaves only if this turn's transaction commits.
        False when nobody was given or the dedupe key was already queued."""
        return await self.repos.outbox.enqueue_text(
            userids, text, source=source, now=self.now(), dedupe_key=dedupe_key
        )
