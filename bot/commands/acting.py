"""An office action from the command line runs through the chat's own handlers: a handler
Context for the actor, as if they had typed it, and the release `--now` asks for."""

from __future__ import annotations

import click

from bot.runtime import Runtime
from core.messages import Incoming
from handlers.context import Context
from handlers.notices import Release
from storage.repositories import Repositories
from storage.repositories.conversations import ConversationState

NOW_FLAG = "--now"

NOW_OPTION = click.option(
    NOW_FLAG,
    "send_now",
    is_flag=True,
    help="Send the notices at once, even outside office hours (else they wait for them).",
)


def office_context(runtime: Runtime, repos: Repositories, actor: str) -> Context:
    """A handler context for `actor` in this transaction (`repos`), holding no conversation."""
    message = Incoming(user_id=actor, text="", msg_id=None, received_at=runtime.clock.now())
    return Context(
        message, repos, runtime.kb, runtime.clock, runtime.settings, ConversationState()
    )


def release(send_now: bool) -> Release:
    """Notices at once with --now, else in office hours; the office is told of --now."""
    return Release(send_now, NOW_FLAG)
