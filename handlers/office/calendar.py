"""节假日: show a year's holidays, or enter them from the State Council notice (diff, 确认)."""

from __future__ import annotations

import re

from core import workdays
from core.calendar import CalendarError, diff, parse_lines, years_from_data
from core.messages import Button
from handlers import texts
from handlers.calendar_view import diff_text, show_year
from handlers.checkin.parsing import Control, control_word
from handlers.context import Context
from handlers.office.args import ArgumentError
from handlers.office.common import audit
from knowledge.normalize import normalize

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
    word = control_word(ctx.text)
    if word is not None and word.control is Control.CANCEL:
        ctx.intent = "office.calendar.cancel"
        ctx.state.clear()
        ctx.reply(texts.CALENDAR_CANCELLED)
        return
    if normalize(ctx.text) not in CONFIRM_WORDS:
        ctx.intent = "office.calendar.waiting"
        ctx.reply(texts.CALENDAR_CONFIRM_PROMPT)
        return
    years = years_from_data(ctx.state.data, "pending import")
    ctx.state.clear()
    if not await ctx.repos.registry.is_office(ctx.message.user_id):
        ctx.intent = "office.refused"
        ctx.reply(texts.CALENDAR_CANCELLED)
        return
    ctx.intent = "office.calendar.import"
    workdays.save_and_install(ctx.settings.data_dir, years)
    for year, days in years.items():
        await audit(ctx, "calendar.import", "calendar", str(year), after=days.as_data())
    ctx.reply(texts.CALENDAR_APPLIED.format(years="、".join(str(y) for y in sorted(years))))
