"""`zhuanban calendar`: the holiday calendar the office keeps (see docs/operations.md)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from bot.commands import load_settings
from core import workdays
from core.calendar import CalendarError, DayStatus, WorkCalendar, diff, load_calendar, parse_file
from handlers import texts
from handlers.calendar_view import diff_text, show_year


def _calendar_or_exit(data_dir: Path) -> WorkCalendar:
    try:
        return load_calendar(data_dir)
    except CalendarError as error:
        raise click.ClickException(str(error)) from error


@click.group("calendar")
def calendar_group() -> None:
    """Holidays and 调休 working days: packaged years plus the office's own file."""


@calendar_group.command()
@click.argument("year", type=click.IntRange(2000, 2100))
def show(year: int) -> None:
    """Show YEAR's holidays and 调休 working days, and where they come from."""
    settings = load_settings()
    click.echo(show_year(_calendar_or_exit(settings.data_dir), year))


@calendar_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Apply without asking.")
def import_(file: Path, yes: bool) -> None:
    """Enter a year from the State Council notice: FILE is csv (date[~date],休|班,name per
    line) or yaml (holidays:/workdays: date → name). Shows the changes, then applies them."""
    settings = load_settings()
    calendar = _calendar_or_exit(settings.data_dir)
    try:
        years = parse_file(file)
    except CalendarError as error:
        raise click.ClickException(texts.CALENDAR_BAD_LINE.format(line=str(error))) from error
    changes = diff(calendar, years)
    click.echo(diff_text(changes, years))
    if not changes:
        return
    if not yes and not click.confirm("应用以上变化？", default=False):
        click.echo(texts.CALENDAR_CANCELLED)
        raise SystemExit(1)
    workdays.save_and_install(settings.data_dir, years)
    click.echo(texts.CALENDAR_APPLIED.format(years="、".join(str(y) for y in sorted(years))))


@calendar_group.command()
@click.argument("days", nargs=-1, required=True, type=click.DateTime(formats=["%Y-%m-%d"]))
def confirm(days: tuple[datetime, ...]) -> None:
    """Confirm weekdays of a year not entered yet as working days (reminders go out on them)."""
    settings = load_settings()
    calendar = _calendar_or_exit(settings.data_dir)
    chosen = [moment.date() for moment in days]
    for day in chosen:
        if calendar.status(day) is not DayStatus.UNKNOWN:
            raise click.ClickException(texts.CALENDAR_CONFIRM_KNOWN.format(day=day.isoformat()))
    workdays.confirm_and_install(settings.data_dir, chosen)
    click.echo(texts.CALENDAR_CONFIRMED_DAYS.format(days="、".join(d.isoformat() for d in chosen)))
