"""Interactive template cards: building `button_interaction` cards and accepting their clicks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.messages import Button, Card, CardUpdate, Outbound, ToUsers
from handlers import texts
from storage.repositories.cards import CardRepository
from storage.repositories.outbox import OutboxRepository

MAX_BUTTONS = 6
"""button_interaction takes at most six buttons; with more, plain text carries the choices."""
EMBED_TEXT_CHARS = 112
"""sub_title_text is recommended to stay within 112 characters; longer text goes first as
its own message and the card carries only the buttons."""
TITLE_CHARS = 26
CARD_ACTION_URL = 1
"""card_action.type: 1 opens `url`, 2 a mini program."""


def new_task_id() -> str:
    """Unique per app forever (WeCom answers 42014 to a reused one): [0-9A-Za-z_-@], ≤ 128."""
    return f"zb-{uuid.uuid4().hex}"


def button_key(task_id: str, index: int) -> str:
    # The task id in the key keeps event keys (user + CreateTime + Event + EventKey) distinct
    # even when one user clicks two cards within the same second.
    return f"{task_id}-{index}"


def button_index(task_id: str, key: str) -> int | None:
    prefix = f"{task_id}-"
    if not key.startswith(prefix) or not key[len(prefix) :].isdigit():
        return None
    return int(key[len(prefix) :])


def can_be_card(buttons: Sequence[Any]) -> bool:
    return 0 < len(buttons) <= MAX_BUTTONS


def embeds_text(text: str) -> bool:
    return len(text) <= EMBED_TEXT_CHARS


def card_body(
    task_id: str, title: str, text: str, buttons: Sequence[Button], url: str = ""
) -> dict[str, Any]:
    """The `template_card` of a message/send; `text` may be empty (sent before the card);
    with `url`, a tap on the card opens that page (card_action type 1)."""
    card: dict[str, Any] = {
        "card_type": "button_interaction",
        "main_title": {"title": (title or texts.CARD_TITLE)[:TITLE_CHARS]},
        "task_id": task_id,
        "button_list": [
            {"text": button.label, "style": 1, "key": button_key(task_id, index)}
            for index, button in enumerate(buttons)
        ],
    }
    if text:
        card["sub_title_text"] = text
    if url:
        card["card_action"] = {"type": CARD_ACTION_URL, "url": url}
    return card


def plain_text(card: Card) -> str:
    """A card sent as text: its text, and the page it opens as a link line."""
    if not card.url:
        return card.text
    return f"{card.text}\n{texts.CONSOLE_LINK.format(url=card.url)}"


async def accept_click(
    session: AsyncSession,
    *,
    user_id: str,
    task_id: str,
    key: str,
    response_code: str,
    msg_key: str,
    now,
) -> str | None:
    """The value behind a clicked button, or None when the click is not ours to take: an
    unknown card, another user's card, or a card already answered by a different click.
    Queues the card's update (greyed out, showing the choice) in the same transaction."""
    cards = CardRepository(session)
    card = await cards.get(task_id)
    if card is None or card.user_key != user_id.lower():
        return None
    index = button_index(task_id, key)
    if index is None or index >= len(card.buttons):
        return None
    if not await cards.choose(task_id, msg_key, now):
        return None
    label, value = card.buttons[index]
    if response_code:
        await OutboxRepository(session).enqueue(
            Outbound(
                ToUsers.of(user_id),
                CardUpdate(response_code, texts.CARD_CHOSEN.format(label=label)),
            ),
            source="card",
            now=now,
            dedupe_key=f"card:{task_id}",
        )
    return value
