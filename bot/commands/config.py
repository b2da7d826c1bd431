"""`zhuanban config check`: the preflight (bot/preflight.py), one line per check."""

from __future__ import annotations

import click

from bot import texts
from bot.preflight import run_checks


@click.group("config")
def config_group() -> None:
    """Settings (ZHUANBAN_* variables or .env)."""


@config_group.command()
@click.option(
    "--online", is_flag=True, help="Also fetch a WeCom access token (through HTTPS_PROXY if set)."
)
def check(online: bool) -> None:
    """Check every setting, the database and its schema, the knowledge and the calendar;
    exit non-zero when any check fails."""
    checks = run_checks(online=online)
    for item in checks:
        click.echo(item.line())
    failed = [item for item in checks if not item.ok]
    if failed:
        raise click.ClickException(
            texts.CHECK_SUMMARY_FAILED.format(failed=len(failed), count=len(checks))
        )
    click.echo(texts.CHECK_SUMMARY_OK.format(count=len(checks)))
