"""The terminal adapter: typed outbound messages as text on a console (dry runs, listings).

Like bot/wecom/, it is the only place that knows how its transport shows a message; a second
transport is one more module of this kind.
"""

from __future__ import annotations

from core.messages import Outbound, ToChat, ToRobot
from handlers import texts
from handlers.outbound import address_label, body_text


def render(message: Outbound) -> str:
    """A heading naming the recipients, then what they would read."""
    group = isinstance(message.to, ToRobot | ToChat)
    template = texts.TERMINAL_HEADING_GROUP if group else texts.TERMINAL_HEADING
    return f"{template.format(to=address_label(message))}\n{body_text(message.body)}"
