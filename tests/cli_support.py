"""Running the real `zhuanban` command on the test database from an async test."""

from __future__ import annotations

import asyncio
import os

from click.testing import CliRunner, Result

from bot.cli import main

ENV_PREFIX = "ZHUANBAN_"


def subprocess_env(**settings: str) -> dict[str, str]:
    """The explicit environment for a subprocess: this one's without any ZHUANBAN_* variable
    (whatever the shell set), plus `settings` (e.g. ZHUANBAN_DATABASE_URL=...)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(ENV_PREFIX)}
    return env | settings


async def zhuanban(database_url: str, *args: str, **env: str) -> Result:
    """`zhuanban args…` with ZHUANBAN_DATABASE_URL (and `env`) set. The command runs its own
    event loop, as from a shell; a thread keeps it off the test's."""
    env = {"ZHUANBAN_DATABASE_URL": database_url, **env}
    return await asyncio.to_thread(CliRunner().invoke, main, list(args), env=env)


def clean_env(**env: str) -> dict[str, str]:
    """The process environment without ZHUANBAN_* settings, plus `env`."""
    import os

    kept = {k: v for k, v in os.environ.items() if not k.startswith("ZHUANBAN_")}
    return {**kept, **env}


def run_zhuanban(*args: str, cwd, input: str | None = None, timeout: float = 60, **env: str):
    """`python -m bot args…` as a real subprocess in `cwd` with only the given ZHUANBAN_*
    settings (`env`); the completed process (text mode)."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=clean_env(**env),
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
