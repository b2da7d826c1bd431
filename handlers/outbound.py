"""Typed outbound messages as people read them: who they go to, and what they say."""

from __future__ import annotations

from core.messages import (
    OFFICE_ROBOT,
    Address,
    Body,
    Card,
    CardUpdate,
    File,
    Markdown,
    Outbound,
    Text,
    ToChat,
    ToRobot,
    ToTag,
    ToUsers,
)
from handlers import texts


def address_label(message: Outbound) -> str:
    """办公室群（@…）, 群聊 …, or the userids."""
    to: Address = message.to
    mentioned = message.body.mentioned if isinstance(message.body, Text) else ()
    names = texts.NAME_SEPARATOR.join(mentioned) or texts.OUTBOUND_NOBODY_MENTIONED
    if isinstance(to, ToUsers):
        return texts.OUTBOUND_TO_USERS.format(userids=texts.NAME_SEPARATOR.join(to.userids))
    if isinstance(to, ToRobot):
        if to.robot == OFFICE_ROBOT:
            return texts.OUTBOUND_TO_OFFICE_ROBOT.format(mentioned=names)
        return texts.OUTBOUND_TO_ROBOT.format(robot=to.robot[:6] + "…", mentioned=names)
    if isinstance(to, ToChat):
        return texts.OUTBOUND_TO_CHAT.format(chat_id=to.chat_id)
    if isinstance(to, ToTag):
        return texts.OUTBOUND_TO_TAG.format(tag_id=to.tag_id)
    raise TypeError(f"unknown address {to!r}")


def body_text(body: Body) -> str:
    """What the recipient would read."""
    if isinstance(body, Text | Markdown):
        return body.text
    if isinstance(body, Card):
        choices = texts.NAME_SEPARATOR.join(button.label for button in body.buttons)
        return f"{body.text}\n{texts.OUTBOUND_BUTTONS.format(choices=choices)}"
    if isinstance(body, File):
        return texts.OUTBOUND_FILE.format(filename=body.filename)
    if isinstance(body, CardUpdate):
        return texts.OUTBOUND_CARD_UPDATE.format(label=body.label)
    raise TypeError(f"unknown message body {body!r}")


def summary(body: Body, limit: int = 30) -> str:
    """The first line of what it says, cut to `limit` characters."""
    first = body_text(body).split("\n", 1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"
