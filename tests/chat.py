"""A person talking to the core in tests: one call per message, the replies as one text."""

from __future__ import annotations

import uuid

from bot.dispatcher import Dispatcher
from core.clock import ManualClock
from core.messages import FeedResult, Incoming, Kind


def incoming(
    clock: ManualClock, user: str, text: str, msg_id: str | None = None, kind: Kind = Kind.TEXT
) -> Incoming:
    """`user`'s message received now; a fresh message key unless `msg_id` is given."""
    return Incoming(user, text, msg_id or f"test-{uuid.uuid4().hex}", clock.now(), kind)


class Chat:
    """What one WeCom user sends and reads; `sent` counts their messages."""

    def __init__(self, dispatcher: Dispatcher, clock: ManualClock, user: str) -> None:
        self.dispatcher = dispatcher
        self.clock = clock
        self.user = user
        self.sent = 0
        self.last = FeedResult()

    async def say(self, text: str, kind: Kind = Kind.TEXT) -> str:
        self.sent += 1
        self.last = await self.dispatcher.feed(incoming(self.clock, self.user, text, kind=kind))
        return "\n\n".join(reply.text for reply in self.last.replies)

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """The buttons of the last reply, as (label, value)."""
        if not self.last.replies:
            return []
        return [(b.label, b.value) for b in self.last.replies[-1].buttons]
