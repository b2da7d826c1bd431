"""The terminal adapter: typed outbound messages as text for a console (dry runs, listings).

Like bot/wecom/, it is the only place that knows how its transport shows a message; a second
transport is one more module of this kind.
"""

from __future__ import annotations

from core.messages import (
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


def heading(message: Outbound) -> str:
    """Who the message goes to."""
    to = message.to
    mentioned = message.body.mentioned if isinstance(message.body, Text) else ()
    names = texts.NAME_SEPARATOR.join(mentioned) or texts.TERMINAL_NOBODY_MENTIONED
    if isinstance(to, ToUsers):
        return texts.TERMINAL_TO_USERS.format(userids=texts.NAME_SEPARATOR.join(to.userids))
    if isinstance(to, ToRobot):
        if to.robot == ToRobot().robot:
            return texts.TERMINAL_TO_ROBOT.format(mentioned=names)
        return texts.TERMINAL_TO_OTHER_ROBOT.format(robot=to.robot[:6] + "…", mentioned=names)
    if isinstance(to, ToChat):
        return texts.TERMINAL_TO_CHAT.format(chat_id=to.chat_id)
    if isinstance(to, ToTag):
        return texts.TERMINAL_TO_TAG.format(tag_id=to.tag_id)
    raise TypeError(f"unknown address {to!r}")


def content(message: Outbound) -> str:
    """What the recipient would read."""
    body = message.body
    if isinstance(body, Text | Markdown):
        return body.text
    if isinstance(body, Card):
        choices = texts.NAME_SEPARATOR.join(button.label for button in body.buttons)
        return f"{body.text}\n{texts.TERMINAL_BUTTONS.format(choices=choices)}"
    if isinstance(body, File):
        return texts.TERMINAL_FILE.format(filename=body.filename)
    if isinstance(body, CardUpdate):
        return texts.TERMINAL_CARD_UPDATE.format(label=body.label)
    raise TypeError(f"unknown message body {body!r}")


def render(message: Outbound) -> str:
    return f"{heading(message)}\n{content(message)}"
