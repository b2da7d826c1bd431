"""An interactive terminal chat on the same core as WeCom."""

from __future__ import annotations

import asyncio

import click

from bot.commands import feed_text, reply_text
from bot.runtime import Runtime

EXIT_WORDS = frozenset({"exit", "quit", "退出聊天"})


async def run_repl(runtime: Runtime, user_id: str) -> None:
    click.echo(f"专班助手（终端）。当前身份：{user_id}。输入“帮助”查看功能，Ctrl-D 或 exit 退出。")
    while True:
        try:
            line = await asyncio.to_thread(input, "> ")
        except EOFError:
            click.echo()
            return
        if line.strip() in EXIT_WORDS:
            return
        if not line.strip():
            continue
        click.echo(reply_text(await feed_text(runtime, user_id, line)))
