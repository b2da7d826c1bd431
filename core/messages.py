"""Transport-neutral messages: incoming ones, replies to the sender, and typed outbound ones."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Protocol


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
    media: str = ""
    """For FILE, what WeCom says was sent: image, voice, video or file."""
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


# -- outbound: typed messages for people other than the sender, stored in the outbox --------

MESSAGE_VERSION = 1
"""The version of the outbox's JSON form of an `Outbound`; `Outbound.from_json` refuses
any other, so a stored row is never misread after the form changes (a migration converts)."""

OFFICE_ROBOT = "office"
"""`ToRobot`'s robot meaning the office group's configured robot."""


@dataclass(frozen=True, slots=True)
class ToUsers:
    """Members by userid (sorted, each once)."""

    userids: tuple[str, ...]
    kind: ClassVar[str] = "users"

    def __post_init__(self) -> None:
        userids = tuple(sorted(set(self.userids)))
        if not userids or not all(userids):
            raise ValueError("ToUsers needs at least one userid, none empty")
        object.__setattr__(self, "userids", userids)

    @classmethod
    def of(cls, *userids: str) -> ToUsers:
        return cls(tuple(userids))


@dataclass(frozen=True, slots=True)
class ToChat:
    """A group chat the app created (an app group chat), by its chat id."""

    chat_id: str
    kind: ClassVar[str] = "chat"


@dataclass(frozen=True, slots=True)
class ToRobot:
    """A group through its robot webhook: OFFICE_ROBOT is the office group's configured
    robot; any other value is the key of another robot."""

    robot: str = OFFICE_ROBOT
    kind: ClassVar[str] = "robot"


@dataclass(frozen=True, slots=True)
class ToTag:
    """Every member carrying a tag (标签), by tag id."""

    tag_id: str
    kind: ClassVar[str] = "tag"


Address = ToUsers | ToChat | ToRobot | ToTag


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text; `mentioned` are userids a group robot @-mentions."""

    text: str
    mentioned: tuple[str, ...] = ()
    kind: ClassVar[str] = "text"


@dataclass(frozen=True, slots=True)
class Markdown:
    text: str
    kind: ClassVar[str] = "markdown"


@dataclass(frozen=True, slots=True)
class Card:
    """A template card with buttons; `text` names the choices too, so it can always be
    shown as plain text instead. `url`, when set, is the page a tap on the card opens (WeCom's
    card_action); sent as plain text, the card's text carries it instead."""

    text: str
    buttons: tuple[Button, ...]
    title: str = ""
    url: str = ""
    kind: ClassVar[str] = "card"


@dataclass(frozen=True, slots=True)
class CardUpdate:
    """Grey out the buttons of a card the recipient clicked, showing `label`; `token` is
    the transport's handle on that click (WeCom's ResponseCode)."""

    token: str
    label: str
    kind: ClassVar[str] = "card_update"


INLINE_PREFIX = "base64:"


@dataclass(frozen=True, slots=True)
class File:
    """A file to send. `content_ref` says where the bytes are: `base64:<data>` inline, or
    a reference a `FileSource` resolves (a file store path)."""

    filename: str
    content_ref: str
    kind: ClassVar[str] = "file"

    @classmethod
    def from_bytes(cls, filename: str, data: bytes) -> File:
        return cls(filename, INLINE_PREFIX + base64.b64encode(data).decode("ascii"))

    def inline_bytes(self) -> bytes | None:
        """The bytes when they travel inline, else None (ask a FileSource)."""
        if not self.content_ref.startswith(INLINE_PREFIX):
            return None
        return base64.b64decode(self.content_ref[len(INLINE_PREFIX) :])


Body = Text | Markdown | Card | CardUpdate | File


class FileSource(Protocol):
    """What a transport asks for a file's bytes (a file store, say)."""

    async def read(self, content_ref: str) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Outbound:
    """One message to send: to whom and what. Only a transport adapter turns it into its
    wire format; the outbox stores `to_json()`."""

    to: Address
    body: Body

    def to_json(self) -> dict[str, Any]:
        return {"v": MESSAGE_VERSION, "to": _fields(self.to), "body": _fields(self.body)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outbound:
        if data.get("v") != MESSAGE_VERSION:
            version = data.get("v")
            raise ValueError(f"outbound message version {version!r} is not {MESSAGE_VERSION}")
        to = _build(_ADDRESSES, data["to"])
        body = _build(_BODIES, data["body"])
        return cls(to, body)

    @property
    def address_key(self) -> str:
        """A canonical string for the address: messages with the same key leave in order."""
        return json.dumps(_fields(self.to), sort_keys=True, ensure_ascii=False)


_ADDRESSES: dict[str, type] = {t.kind: t for t in (ToUsers, ToChat, ToRobot, ToTag)}
_BODIES: dict[str, type] = {t.kind: t for t in (Text, Markdown, Card, CardUpdate, File)}


def _fields(value: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": value.kind}
    for item in fields(value):
        field_value = getattr(value, item.name)
        if item.name == "buttons":
            field_value = [[b.label, b.value] for b in field_value]
        elif isinstance(field_value, tuple):
            field_value = list(field_value)
        data[item.name] = field_value
    return data


def _build(kinds: dict[str, type], data: dict[str, Any]) -> Any:
    kind = kinds.get(data.get("kind", ""))
    if kind is None:
        raise ValueError(f"unknown outbound kind {data.get('kind')!r}")
    values: dict[str, Any] = {}
    for item in fields(kind):
        if item.name not in data:
            continue  # the dataclass default, or a TypeError for a missing required field
        value = data[item.name]
        if item.name == "buttons":
            value = tuple(Button(label, button_value) for label, button_value in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[item.name] = value
    return kind(**values)
