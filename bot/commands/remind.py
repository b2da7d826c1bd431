"""`zhuanban remind`: run the reminder tick by hand or from cron, and list the schedule."""

from __future__ import annotations

from datetime import datetime

import click

from bot.commands import run_with_runtime
from bot.runtime import Runtime
from bot.scheduler import Scheduler
from bot.terminal import render
from core.clock import LOCAL_TZ, local
from core.quarters import Quarter
from handlers.office.args import ArgumentError, parse_quarter
from handlers.reminders.plan import LOCK_NAME
from handlers.reminders.schedule import build_schedule, render_schedule
from storage.periods import ensure_period
from storage.repositories import Repositories

TIME_FORMAT = "%Y-%m-%d %H:%M"


def _parse_at(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text.strip(), TIME_FORMAT).replace(tzinfo=LOCAL_TZ)
    except ValueError:
        raise click.BadParameter(
            f"时间“{text}”格式不对，请写成 2026-12-22 09:05（北京时间）。", param_hint="--at"
        ) from None


@click.group("remind")
def remind_group() -> None:
    """Quarterly reminders: run a tick now or as of a given time, list the schedule."""


@remind_group.command("run")
@click.option(
    "--at",
    "at_text",
    metavar='"YYYY-MM-DD HH:MM"',
    help="Run as of this Asia/Shanghai time instead of now (to see what would go out then).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be sent; change nothing.")
def run(at_text: str | None, dry_run: bool) -> None:
    """Queue the reminders due now (for cron: every minute), or show them with --dry-run.

    Messages enter the outbox; the delivery worker of `zhuanban serve` sends them.
    """
    at = _parse_at(at_text)

    async def work(runtime: Runtime) -> None:
        scheduler = Scheduler(runtime.sessions, runtime.clock, runtime.settings)
        now = local(at or runtime.clock.now())
        if not scheduler.hours.allows(now):
            upcoming = scheduler.hours.next_allowed(now)
            click.echo(
                f"{now.strftime(TIME_FORMAT)} 不发送提醒"
                "（只在工作日办公时间内发送，且避开整点和半点）。"
                + (
                    f"下一个发送时刻：{upcoming.strftime(TIME_FORMAT)}。"
                    if upcoming
                    else "日历里还没有之后的节假日安排，录入前不发送（zhuanban calendar import）。"
                )
            )
            if not dry_run:  # the office's notice of a missing calendar year may still go
                queued = await scheduler.tick(now)
                for message in queued.messages:
                    click.echo(render(message.message))
                return
            if upcoming is None:
                return
            now = upcoming
        result = await scheduler.tick(now, dry_run=dry_run)
        when = now.strftime(TIME_FORMAT)
        if result.skipped == "busy":
            click.echo(f"{when} 另一个实例正在发送提醒，本次跳过。")
            return
        if not result.messages:
            click.echo(f"{when} 没有需要发送的提醒。")
            return
        verb = "将发送（演练，未做任何改动）" if dry_run else "已排入发送队列"
        click.echo(f"{when} {verb} {len(result.messages)} 条消息：")
        for message in result.messages:
            click.echo(render(message.message))

    run_with_runtime(work)


@remind_group.command("list")
@click.option("--period", "period_text", metavar="2026Q4", help="Only this quarter.")
def list_schedule(period_text: str | None) -> None:
    """Show, per task force and stage, what was sent and what is scheduled.

    Without --period: the periods open today, else the current quarter.
    """

    quarter = None
    if period_text is not None:
        try:
            quarter = parse_quarter(period_text)
        except ArgumentError as error:
            raise click.BadParameter(str(error), param_hint="--period") from None

    async def work(runtime: Runtime) -> str:
        now = runtime.clock.now()
        async with runtime.sessions() as session, session.begin():
            repos = Repositories(session)
            today = local(now).date()
            periods = [] if quarter else await repos.reports.open_periods(today)
            if not periods:
                due_day = runtime.settings.report_due_day
                periods = [await ensure_period(repos, quarter or Quarter.of(today), due_day, now)]
            rows = await build_schedule(repos, periods, now)
            return render_schedule(rows, await repos.reminders.lock(LOCK_NAME))

    click.echo(run_with_runtime(work))
