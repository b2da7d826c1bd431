"""`zhuanban console`: one-time login links to the web console, and a key for its secret."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from bot.commands import load_settings, run_with_runtime

if TYPE_CHECKING:
    from bot.runtime import Runtime


@click.group(name="console")
def console_group() -> None:
    """The web console at /console/ (docs/console.md)."""


@console_group.command(name="key")
def key() -> None:
    """Print a new value for ZHUANBAN_CONSOLE_SECRET."""
    from bot.console.links import new_key

    click.echo(new_key())


@console_group.command(name="link")
@click.option("--as", "userid", required=True, help="WeCom userid of a roster person.")
@click.option("--minutes", default=30, show_default=True, type=click.IntRange(1, 24 * 60))
@click.option("--next", "next_path", default="/", help="Console page to open, e.g. /units.")
def link(userid: str, minutes: int, next_path: str) -> None:
    """Print a one-time login URL for USERID (a PC browser, tests)."""
    from bot.console.links import login_url, make_login_token
    from storage.repositories import Repositories

    settings = load_settings()
    if not settings.console_secret:
        raise click.ClickException(
            "未设置 ZHUANBAN_CONSOLE_SECRET，无法生成登录链接。可用 zhuanban console key 生成。"
        )

    async def work(runtime: Runtime) -> str | None:
        async with runtime.sessions() as session:
            person = await Repositories(session).registry.person(userid)
        if person is None or not person.active:
            return None
        now = runtime.clock.now()
        return make_login_token(settings, person.userid, now, minutes, next_path)

    token = run_with_runtime(work)
    if token is None:
        raise click.ClickException(
            f"名册中没有 {userid}，请先导入名册（zhuanban roster import）。"
        )
    click.echo(login_url(settings, token))
