"""The `zhuanban` command."""

from __future__ import annotations

import click

from bot.commands.ask import ask, chat
from bot.commands.config import config_group
from bot.commands.db import db_group
from bot.commands.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """专班助手 (zhuanban): the WeCom bot of the 东丽区营商环境指标专班 mechanism.

    Settings come from ZHUANBAN_* environment variables or a .env file; the database
    defaults to a SQLite file zhuanban.db in the working directory.
    """


main.add_command(ask)
main.add_command(chat)
main.add_command(db_group)
main.add_command(serve)
main.add_command(config_group)
