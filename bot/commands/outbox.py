"""`zhuanban outbox`: what is waiting, what is blocked and why, what failed; queue it again."""

from __future__ import annotations

import click

from bot.commands import run_with_runtime
from bot.runtime import Runtime
from handlers.office.delivery import failed_line, retry, status_text
from storage.repositories import Repositories
from storage.repositories.outbox import FAILED


@click.group("outbox")
def outbox_group() -> None:
    """The outbox: every message the bot sends waits here until WeCom takes it."""


@outbox_group.command("status")
def status() -> None:
    """Counts by state, blocked kinds of send with the fix, the latest failed messages."""

    async def work(runtime: Runtime) -> str:
        async with runtime.sessions() as session:
            return await status_text(Repositories(session), runtime.clock.now())

    click.echo(run_with_runtime(work))


@outbox_group.command("list")
@click.option("--failed", "failed_only", is_flag=True, help="Only messages parked as failed.")
@click.option("--limit", default=50, show_default=True, help="At most this many, newest first.")
def list_messages(failed_only: bool, limit: int) -> None:
    """List messages (with --failed: those parked as failed, with their error)."""

    async def work(runtime: Runtime) -> list[str]:
        async with runtime.sessions() as session:
            repos = Repositories(session)
            statuses = (FAILED,) if failed_only else ("queued", "sending", FAILED)
            rows = [
                row
                for state in statuses
                for row in await repos.outbox.by_status(state, newest_first=True, limit=limit)
            ]
            return [f"[{row.status}] {failed_line(row)}" for row in rows[:limit]]

    lines = run_with_runtime(work)
    click.echo("\n".join(lines) if lines else "没有符合条件的消息。")


@outbox_group.command("retry")
@click.argument("ids", nargs=-1, type=int)
def retry_command(ids: tuple[int, ...]) -> None:
    """Queue failed messages again (the given ids, or all) and retry blocked sends now."""

    async def work(runtime: Runtime) -> tuple[int, int]:
        async with runtime.sessions() as session, session.begin():
            return await retry(Repositories(session), runtime.clock.now(), ids)

    requeued, blocks = run_with_runtime(work)
    click.echo(f"已重新排队 {requeued} 条消息；{blocks} 个暂停的发送通道将立即再试。")
