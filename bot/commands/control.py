"""`zhuanban extend` and `zhuanban exempt`: the office's controls over the reminder ladder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import click

from bot.commands import run_with_runtime
from bot.runtime import Runtime
from core.clock import local
from handlers.office import grants as control
from handlers.office.args import ArgumentError, parse_day, resolve_task_force
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


def _apply(
    task_force_text: str,
    period_text: str | None,
    change: Callable[[Repositories, TaskForce, Period, Runtime], Awaitable[str]],
) -> None:
    """Resolve the task force and period, apply `change` in one transaction, print the result;
    a refusal becomes a one-line Chinese message and exit code 2."""

    async def work(runtime: Runtime) -> str:
        async with runtime.sessions() as session, session.begin():
            repos = Repositories(session)
            task_force = resolve_task_force(runtime.kb, task_force_text)
            today = local(runtime.clock.now()).date()
            period = await control.target_period(
                repos, period_text, today, runtime.settings.report_due_day
            )
            return await change(repos, task_force, period, runtime)

    try:
        click.echo(run_with_runtime(work))
    except ArgumentError as error:
        raise click.ClickException(str(error)) from None


@click.command()
@click.argument("task_force")
@click.argument("day")
@click.option("--reason", required=True, help="Why the extension is granted (audited).")
@click.option("--period", "period_text", metavar="2026Q4", help="Default: the period open today.")
@BY_OPTION
def extend(task_force: str, day: str, reason: str, period_text: str | None, actor: str) -> None:
    """Extend TASK_FORCE's due day to DAY (2026-12-31 or 12月31日); reminders follow it."""

    async def change(repos, ref, period, runtime: Runtime) -> str:
        now = runtime.clock.now()
        due_on = parse_day(day, local(now).date(), relative=False, onward=True)
        return await control.extend(
            repos, ref, period, due_on, reason=reason, actor=actor, now=now
        )

    _apply(task_force, period_text, change)


@click.command()
@click.argument("task_force")
@click.option("--period", "period_text", metavar="2026Q4", required=True)
@click.option("--reason", required=True, help="Why the task force is excused (audited).")
@BY_OPTION
def exempt(task_force: str, period_text: str, reason: str, actor: str) -> None:
    """Excuse TASK_FORCE from reporting for a quarter (免报); its reminders stop."""

    async def change(repos, ref, period, runtime: Runtime) -> str:
        return await control.exempt(
            repos, ref, period, reason=reason, actor=actor, now=runtime.clock.now()
        )

    _apply(task_force, period_text, change)
