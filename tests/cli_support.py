"""Running the real `zhuanban` command on the test database from an async test."""

from __future__ import annotations

import asyncio

from click.testing import CliRunner, Result

from bot.cli import main


async def zhuanban(database_url: str, *args: str, **env: str) -> Result:
    """`zhuanban args…` with ZHUANBAN_DATABASE_URL (and `env`) set. The command runs its own
    event loop, as from a shell; a thread keeps it off the test's."""
    env = {"ZHUANBAN_DATABASE_URL": database_url, **env}
    return await asyncio.to_thread(CliRunner().invoke, main, list(args), env=env)
