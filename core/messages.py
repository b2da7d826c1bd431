"""Transport-neutral incoming messages and outgoing replies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What the user did: typed text, opened the app, clicked a menu or a card button."""

    TEXT = "text"
    ENTER = "enter_agent"
    MENU = "click"
    BUTTON = "button"
    FILE = "file"


@dataclass(frozen=True, slots=True)
class Incoming:
    """One message from one user, whatever door it came through.

    `msg_id` is the de-duplication key: WeCom's MsgId for messages, a key built from
    user + CreateTime + Event + EventKey for events; None for a door that never
    redelivers (the terminal), which spares the bookkeeping.
    For BUTTON and MENU, `text` carries the answer the click stands for; for FILE, the
    WeCom media_id of the file sent.
    """

    user_id: str
    text: str
    msg_id: str | None
    received_at: datetime
    kind: Kind = Kind.TEXT
    one_shot: bool = False
    """A door that holds no conversation (`zhuanban ask`): the turn neither resumes nor
    leaves a flow, and costs no database round trip unless a handler needs one."""


@dataclass(frozen=True, slots=True)
class Button:
    """A choice the user can click; `value` is exactly what typing would send."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Reply:
    """A message back to the sender. Buttons are optional: text always carries the choices."""

    text: str
    buttons: tuple[Button, ...] = ()
    title: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "title": self.title,
            "buttons": [[b.label, b.value] for b in self.buttons],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reply:
        buttons = tuple(Button(label, value) for label, value in data.get("buttons", ()))
        return cls(text=data["text"], buttons=buttons, title=data.get("title", ""))


@dataclass(frozen=True, slots=True)
class FeedResult:
    """What `Dispatcher.feed` produced; `duplicate` marks a redelivered message."""

    replies: tuple[Reply, ...] = field(default_factory=tuple)
    duplicate: bool = False
    intent: str = ""
