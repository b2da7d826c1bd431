"""An interactive terminal chat on the same core as WeCom.

After each turn it also shows, through the terminal adapter, the messages the turn queued
for others (notices, files, the office group): they stay queued for `zhuanban serve` to send.
"""

from __future__ import annotations

import asyncio
import sys

import click

from bot.commands import feed_text, reply_text
from bot.runtime import Runtime
from bot.terminal import render
from handlers import texts
from storage.repositories.outbox import OutboxRepository

EXIT_WORDS = frozenset({"exit", "quit", "退出聊天"})


async def _queued_after(runtime: Runtime, message_id: int) -> tuple[int, list[str]]:
    async with runtime.sessions() as session:
        rows = await OutboxRepository(session).queued_after(message_id)
    return (rows[-1].id if rows else message_id), [render(row.outbound) for row in rows]


async def run_repl(runtime: Runtime, user_id: str) -> None:
    """Prompts on a terminal; piped stdin is one conversation, one turn a line, replies only."""
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo(
            f"专班助手（终端）。当前身份：{user_id}。输入“帮助”查看功能，Ctrl-D 或 exit 退出。"
        )
    async with runtime.sessions() as session:
        seen = await OutboxRepository(session).newest_id()
    while True:
        try:
            line = await asyncio.to_thread(input, "> " if interactive else "")
        except EOFError:
            if interactive:
                click.echo()
            return
        if line.strip() in EXIT_WORDS:
            return
        if not line.strip():
            continue
        click.echo(reply_text(await feed_text(runtime, user_id, line)))
        seen, queued = await _queued_after(runtime, seen)
        for shown in queued:
            click.echo(texts.TERMINAL_QUEUED + "\n" + shown)
