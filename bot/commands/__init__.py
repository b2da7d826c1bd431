"""Subcommands of the `zhuanban` command line, one module per group, and what they share."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from bot.config import Settings
from bot.events import FeedResult, Incoming
from bot.runtime import Runtime, open_runtime
from knowledge.loader import KnowledgeError
from storage.db import SchemaBehindError

T = TypeVar("T")

DEFAULT_USER = "terminal"


def run_with_runtime(work: Callable[[Runtime], Awaitable[T]]) -> T:
    """Open the runtime on the configured database, run `work`, and turn known failures
    into a one-line message and a non-zero exit instead of a traceback."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    async def main() -> T:
        async with open_runtime(Settings(), group_commit=False) as runtime:
            return await work(runtime)

    try:
        return asyncio.run(main())
    except (KnowledgeError, SchemaBehindError) as error:
        raise click.ClickException(str(error)) from error


async def feed_text(
    runtime: Runtime, user_id: str, text: str, *, one_shot: bool = False
) -> FeedResult:
    message = Incoming(
        user_id=user_id,
        text=text,
        msg_id=None,
        received_at=runtime.clock.now(),
        one_shot=one_shot,
    )
    return await runtime.dispatcher.feed(message)


def reply_text(result: FeedResult) -> str:
    """All replies of one turn as the user would read them."""
    return "\n\n".join(reply.text for reply in result.replies)
