"""The `zhuanban` command; each subcommand's module is imported only when it runs."""

from __future__ import annotations

import importlib

import click

SUBCOMMANDS = {
    "ask": "bot.commands.ask:ask",
    "attachment": "bot.commands.attachment:attachment_group",
    "chat": "bot.commands.ask:chat",
    "db": "bot.commands.db:db_group",
    "roster": "bot.commands.roster:roster_group",
    "export": "bot.commands.export:export",
    "scores": "bot.commands.scores:scores_group",
    "remind": "bot.commands.remind:remind_group",
    "extend": "bot.commands.control:extend",
    "exempt": "bot.commands.control:exempt",
    "period": "bot.commands.period:period_group",
    "serve": "bot.commands.serve:serve",
    "config": "bot.commands.config:config_group",
    "calendar": "bot.commands.calendar:calendar_group",
    "console": "bot.commands.console:console_group",
    "outbox": "bot.commands.outbox:outbox_group",
}
"""name → "module:attribute"; a start-up of `zhuanban ask` then skips openpyxl, aiohttp, …"""


class LazyGroup(click.Group):
    """click's documented lazy-loading pattern: import a subcommand on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = SUBCOMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zhuanban-bot", prog_name="zhuanban")
def main() -> None:
    """专班助手 (zhuanban): the WeCom bot of the 东丽区营商环境指标专班 mechanism.

    Settings come from ZHUANBAN_* environment variables or a .env file; the database
    defaults to a SQLite file zhuanban.db in the working directory.
    """
