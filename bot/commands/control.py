"""`zhuanban extend` and `zhuanban exempt`: the office's controls over the reminder ladder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import click

from bot.commands import run_with_runtime
from bot.commands.acting import NOW_OPTION, office_context, release
from bot.runtime import Runtime
from handlers.context import Context
from handlers.office import grants as control
from handlers.office.args import ArgumentError, parse_day, resolve_task_force
from handlers.office.deadlines import announce_exemption, announce_extension
from knowledge.models import TaskForce
from storage.models import Period
from storage.repositories import Repositories

BY_OPTION = click.option(
    "--by",
    "actor",
    default="cli",
    show_default=True,
    metavar="USERID",
    help="Who grants it, as recorded in the audit log.",
)


async def apply_control(
    runtime: Runtime,
    task_force_text: str,
    period_text: str | None,
    change: Callable[[Context, TaskForce, Period], Awaitable[list[str]]],
    actor: str,
) -> list[str]:
    """Resolve the task force and period and apply `change` in one transaction, through a
    handler context for `actor` (bot/commands/acting.py); the lines to print."""
    async with runtime.sessions() as session, session.begin():
        repos = Repositories(session)
        ctx = office_context(runtime, repos, actor)
        task_force = resolve_task_force(runtime.kb, task_force_text)
        period = await control.target_period(
            repos, period_text, ctx.today(), runtime.settings.report_due_day
        )
        return await change(ctx, task_force, period)


def _print(work: Callable[[Runtime], Awaitable[list[str]]]) -> None:
    """Run and print the lines; a refusal becomes a one-line Chinese message and exit 1."""
    try:
        lines = run_with_runtime(work)
    except ArgumentError as error:
        raise click.ClickException(str(error)) from None
    for line in lines:
        click.echo(line)


async def extend_report(
    runtime: Runtime,
    task_force: str,
    day: str,
    *,
    reason: str,
    period_text: str | None,
    actor: str,
    send_now: bool,
) -> list[str]:
    """`zhuanban extend`: the grant, then its announcement as the chat's 延期 makes it."""

    async def change(ctx: Context, ref: TaskForce, period: Period) -> list[str]:
        due_on = parse_day(day, ctx.today(), relative=False, onward=True)
        done = await control.extend(
            ctx.repos, ref, period, due_on, reason=reason, actor=actor, now=ctx.now()
        )
        told = await announce_extension(ctx, ref, period, due_on, reason, release(send_now))
        return [done, told]

    return await apply_control(runtime, task_force, period_text, change, actor)


async def exempt_report(
    runtime: Runtime,
    task_force: str,
    *,
    reason: str,
    period_text: str,
    actor: str,
    send_now: bool,
) -> list[str]:
    """`zhuanban exempt`: the grant, then its announcement as the chat's 免报 makes it."""

    async def change(ctx: Context, ref: TaskForce, period: Period) -> list[str]:
        done = await control.exempt(
            ctx.repos, ref, period, reason=reason, actor=actor, now=ctx.now()
        )
        told = await announce_exemption(ctx, ref, period, reason, release(send_now))
        return [done, told]

    return await apply_control(runtime, task_force, period_text, change, actor)


@click.command()
@click.argument("task_force")
@click.argument("day")
@click.option("--reason", required=True, help="Why the extension is granted (audited).")
@click.option("--period", "period_text", metavar="2026Q4", help="Default: the period open today.")
@BY_OPTION
@NOW_OPTION
def extend(
    task_force: str, day: str, reason: str, period_text: str | None, actor: str, send_now: bool
) -> None:
    """Extend TASK_FORCE's due day to DAY (2026-12-31 or 12月31日); reminders follow it, and
    its contacts and 分管领导 are told (in office hours unless --now)."""

    async def work(runtime: Runtime) -> list[str]:
        return await extend_report(
            runtime,
            task_force,
            day,
            reason=reason,
            period_text=period_text,
            actor=actor,
            send_now=send_now,
        )

    _print(work)


@click.command()
@click.argument("task_force")
@click.option("--period", "period_text", metavar="2026Q4", required=True)
@click.option("--reason", required=True, help="Why the task force is excused (audited).")
@BY_OPTION
@NOW_OPTION
def exempt(task_force: str, period_text: str, reason: str, actor: str, send_now: bool) -> None:
    """Excuse TASK_FORCE from reporting for a quarter (免报); its reminders stop, and its
    contacts are told (in office hours unless --now)."""

    async def work(runtime: Runtime) -> list[str]:
        return await exempt_report(
            runtime,
            task_force,
            reason=reason,
            period_text=period_text,
            actor=actor,
            send_now=send_now,
        )

    _print(work)
