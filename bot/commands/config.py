"""`zhuanban config check`: validate the settings before starting the server."""

from __future__ import annotations

import click
from pydantic import ValidationError

from bot.config import Settings
from bot.wecom.settings_check import problems


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
