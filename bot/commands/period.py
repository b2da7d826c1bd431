"""`zhuanban period`: set and list the reporting quarters' open, due and lock days."""

from __future__ import annotations

from datetime import date, datetime

import click

from bot.commands import run_with_runtime
from bot.commands.acting import NOW_OPTION, office_context, release
from bot.runtime import Runtime
from core import lifecycle
from core.clock import local
from handlers import texts
from handlers.checkin.render import day
from handlers.office.args import ArgumentError, parse_quarter
from handlers.office.deadlines import store_window
from handlers.office.periods import summaries
from storage.periods import default_period, window_of
from storage.repositories import Repositories

CLI_ACTOR = "cli"


def _day_option(name: str, help_text: str):
    return click.option(name, type=click.DateTime(formats=["%Y-%m-%d"]), help=help_text)


def _as_date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@click.group("period")
def period_group() -> None:
    """Reporting periods (quarters): the days reporting opens, is due and locks."""


@period_group.command("set")
@click.argument("quarter")
@_day_option(
    "--due",
    "Due day (YYYY-MM-DD). A non-working day moves back to the previous working day. "
    "Default: the day ZHUANBAN_REPORT_DUE_DAY (25) of the quarter's last month.",
)
@_day_option("--opens", "Day reporting opens. Default: the 1st of the quarter's last month.")
@_day_option("--lock", "Last day edits are accepted. Default: the 15th after the quarter.")
@NOW_OPTION
def set_period(
    quarter: str,
    due: datetime | None,
    opens: datetime | None,
    lock: datetime | None,
    send_now: bool,
) -> None:
    """Create or change QUARTER (2026Q4, 2026年第四季度); days not given keep their value.
    Whoever still owes the report is told of the new days (in office hours unless --now)."""
    try:
        parsed = parse_quarter(quarter)
    except ArgumentError as error:
        raise click.ClickException(str(error)) from None

    async def work(runtime: Runtime) -> list[str]:
        now = runtime.clock.now()
        async with runtime.sessions() as session, session.begin():
            repos = Repositories(session)
            existing = await repos.reports.period(parsed.id)
            due_day = runtime.settings.report_due_day
            current = window_of(existing or default_period(parsed, due_day))
            asked = _as_date(due)
            if asked is None and existing is None:
                asked = parsed.last_month_day(due_day)  # the default, said when it moves
            change = lifecycle.change_period(
                current,
                local(now).date(),
                opens_on=_as_date(opens),
                due_on=asked,
                locks_on=_as_date(lock),
            )
            window, lines = change.window, []
            if change.due_asked is not None:
                lines.append(
                    texts.PERIOD_DUE_MOVED.format(
                        asked=day(change.due_asked), due=day(window.due_on)
                    )
                )
            if not window.ordered:
                raise click.ClickException(
                    texts.PERIOD_BAD_ORDER.format(
                        opens=day(window.opens_on),
                        due=day(window.due_on),
                        lock=day(window.locks_on),
                    )
                )
            refusal = lifecycle.check_period(current, window, local(now).date())
            if refusal is not None:
                day_text = day(window.locks_on)
                raise click.ClickException(texts.LIFECYCLE_REFUSALS[refusal].format(day=day_text))
            # Stored, audited and announced as the chat's 周期 does it (a reopening too: the
            # command is the confirmation); those who owe the report hear of the new days.
            told = ""
            if existing is None or window != current:
                _, told = await store_window(
                    office_context(runtime, repos, CLI_ACTOR),
                    parsed,
                    existing or default_period(parsed, due_day),
                    change,
                    notice=texts.OFFICE_PERIOD_NOTICE,
                    action="period.set",
                    release=release(send_now),
                )
            lines.append(
                texts.PERIOD_SET.format(
                    quarter=parsed.label,
                    opens=day(window.opens_on),
                    due=day(window.due_on),
                    lock=day(window.locks_on),
                )
            )
            if told:
                lines.append(told)
            return lines

    for line in run_with_runtime(work):
        click.echo(line)


@period_group.command("list")
def list_periods() -> None:
    """Every configured quarter with its days, its state today and how many have reported."""

    async def work(runtime: Runtime) -> list[str]:
        today = local(runtime.clock.now()).date()
        async with runtime.sessions() as session:
            lines = []
            for summary in await summaries(Repositories(session), today):
                period = summary.period
                line = texts.PERIOD_LINE.format(
                    id=period.id,
                    opens=period.opens_on.isoformat(),
                    due=period.due_on.isoformat(),
                    lock=period.locks_on.isoformat(),
                    status=texts.PERIOD_PHASES[summary.phase],
                    submitted=summary.submitted,
                    total=summary.total,
                )
                if summary.exempt:
                    line += texts.SCHEDULE_EXEMPT_COUNT.format(count=summary.exempt)
                lines.append(line)
            return lines or [texts.PERIOD_NONE]

    for line in run_with_runtime(work):
        click.echo(line)
