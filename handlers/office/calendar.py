"""节假日: show a year's holidays, enter them from the State Council notice (diff, 确认), or
confirm single working days of a year not entered yet (节假日 上班 2027-01-04)."""

from __future__ import annotations

import re

from core import workdays
from core.calendar import CalendarError, DayStatus, diff, parse_lines, years_from_data
from core.messages import Button
from core.office_commands import OfficeCommand
from handlers import texts
from handlers.calendar_view import diff_text, show_year
from handlers.context import Context
from handlers.office.args import ArgumentError, parse_day
from handlers.office.common import audit, confirmed

FLOW = "calendar"
CONFIRM_WORDS = frozenset({"确认", "确定", "是", "ok", "yes"})
_YEAR = re.compile(r"(\d{4})\s*年?")
YEARS_AHEAD = 2
"""How far ahead a year may be entered: the notice comes a few weeks before the year."""


def _year(text: str, this_year: int) -> int:
    match = _YEAR.fullmatch(text.strip())
    if match is None or not 2000 <= int(match.group(1)) <= this_year + YEARS_AHEAD:
        raise ArgumentError(texts.CALENDAR_BAD_YEAR)
    return int(match.group(1))


async def holidays(ctx: Context, args: str) -> None:
    """节假日 2027 shows the year; with lines below it, shows what they change and waits."""
    first, _, lines = args.partition("\n")
    words = first.split()
    if words and words[0] == texts.CALENDAR_CONFIRM_WORD:
        await _confirm_days(ctx, words[1:])
        return
    year = _year(first, ctx.today().year)
    if not lines.strip():
        ctx.reply(show_year(workdays.current(), year))
        return
    try:
        years = parse_lines(lines)
    except CalendarError as error:
        raise ArgumentError(texts.CALENDAR_BAD_LINE.format(line=str(error))) from None
    if set(years) != {year}:
        other = sorted(set(years) - {year})
        raise ArgumentError(texts.CALENDAR_OTHER_YEAR.format(year=year, other=other[0]))
    changes = diff(workdays.current(), years)
    if not changes:
        ctx.reply(texts.CALENDAR_NO_CHANGE)
        return
    ctx.state.flow, ctx.state.step = FLOW, "confirm"
    ctx.state.data = {"years": {str(y): days.as_data() for y, days in years.items()}}
    ctx.reply(
        f"{diff_text(changes, years)}\n\n{texts.CALENDAR_CONFIRM_PROMPT}",
        buttons=(Button(texts.OFFICE_CONFIRM, texts.OFFICE_CONFIRM), Button("取消", "取消")),
    )


async def confirm_flow(ctx: Context) -> None:
    """The diff awaits 确认 (write the office's calendar file and use it now) or 取消."""
    data = await confirmed(
        ctx,
        "office.calendar.import",
        CONFIRM_WORDS,
        cancelled=texts.CALENDAR_CANCELLED,
        waiting=texts.CALENDAR_CONFIRM_PROMPT,
    )
    if data is None:
        return
    years = years_from_data(data, "pending import")
    workdays.save_and_install(ctx.settings.data_dir, years)
    for year, days in years.items():
        await audit(ctx, "calendar.import", "calendar", str(year), after=days.as_data())
    ctx.reply(texts.CALENDAR_APPLIED.format(years="、".join(str(y) for y in sorted(years))))


async def _confirm_days(ctx: Context, words: list[str]) -> None:
    """Weekdays of a year not entered yet that the office confirms as working days."""
    if not words:
        raise ArgumentError(
            texts.OFFICE_MISSING_ARGUMENT.format(usage=texts.OFFICE_USAGE[OfficeCommand.HOLIDAYS])
        )
    days = [parse_day(word, ctx.today(), relative=False) for word in words]
    for day in days:
        if workdays.status(day) is not DayStatus.UNKNOWN:
            raise ArgumentError(texts.CALENDAR_CONFIRM_KNOWN.format(day=day.isoformat()))
    ctx.intent = "office.calendar.confirm_days"
    workdays.confirm_and_install(ctx.settings.data_dir, days)
    shown = [day.isoformat() for day in days]
    await audit(ctx, "calendar.confirm", "calendar", shown[0][:4], after={"workdays": shown})
    ctx.reply(texts.CALENDAR_CONFIRMED_DAYS.format(days="、".join(shown)))
