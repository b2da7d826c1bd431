"""Subcommands of the `zhuanban` command line, one module per group, and what they share.

Kept light: `zhuanban config check` and `zhuanban db` import this package too, so the
runtime (knowledge, handlers, repositories) is imported only by the commands that open it.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

import click
from pydantic import ValidationError

from core.messages import FeedResult, Incoming
from core.settings import Settings

if TYPE_CHECKING:
    from bot.runtime import Runtime

T = TypeVar("T")

DEFAULT_USER = "terminal"


def load_settings() -> Settings:
    """Settings, or a message naming the variables pydantic could not read."""
    try:
        return Settings()
    except ValidationError as error:
        names = ", ".join(
            "ZHUANBAN_" + str(issue["loc"][0]).upper() for issue in error.errors() if issue["loc"]
        )
        raise click.ClickException(
            f"以下设置的格式不对：{names}。请检查环境变量或 .env 文件。"
        ) from error


@contextmanager
def startup_errors() -> Iterator[None]:
    """Turn the known start-up failures (bad knowledge, schema behind the code) into a
    one-line message and a non-zero exit instead of a traceback."""
    from core.calendar import CalendarError
    from knowledge.loader import KnowledgeError
    from storage.db import SchemaBehindError, is_unavailable

    try:
        yield
    except (KnowledgeError, SchemaBehindError, CalendarError) as error:
        raise click.ClickException(str(error)) from error
    except Exception as error:
        if not is_unavailable(error):
            raise
        raise click.ClickException(
            f"数据库暂时无法连接，请检查 ZHUANBAN_DATABASE_URL 和数据库服务后再试（{error}）。"
        ) from error


def run_with_runtime(work: Callable[[Runtime], Awaitable[T]]) -> T:
    """Open the runtime on the configured database and run `work` (see `startup_errors`)."""
    from bot.runtime import open_runtime

    settings = load_settings()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    async def main() -> T:
        async with open_runtime(settings, group_commit=False) as runtime:
            return await work(runtime)

    with startup_errors():
        return asyncio.run(main())


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
