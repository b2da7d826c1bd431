"""`zhuanban config check`: validate the settings before starting the server."""

from __future__ import annotations

import click

from bot.commands import load_settings
from bot.wecom.settings_check import problems


@click.group("config")
def config_group() -> None:
    """Settings (ZHUANBAN_* variables or .env)."""


@config_group.command()
def check() -> None:
    """Check the settings `zhuanban serve` needs; name each one missing or wrong."""
    found = problems(load_settings())
    if found:
        for problem in found:
            click.echo(f"✗ {problem}", err=True)
        raise click.ClickException(f"共 {len(found)} 处设置需要修改。")
    click.echo("✓ 设置检查通过，可以运行 zhuanban serve。")
