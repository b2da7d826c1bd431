"""A year of the holiday calendar and an import's changes, as the office reads them (chat and
`zhuanban calendar`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from core.calendar import Change, WorkCalendar, YearDays
from core.dates import WEEKDAY_NAMES, short_day
from handlers import texts


def _runs(days: Mapping[date, str]) -> list[tuple[date, date, str]]:
    """Consecutive days with the same name as (first, last, name)."""
    runs: list[tuple[date, date, str]] = []
    for day, name in sorted(days.items()):
        if runs and runs[-1][1] + timedelta(days=1) == day and runs[-1][2] == name:
            runs[-1] = (runs[-1][0], day, name)
        else:
            runs.append((day, day, name))
    return runs


def _name(name: str) -> str:
    return f" {name}" if name else ""


def year_lines(days: YearDays) -> list[str]:
    lines = [
        texts.CALENDAR_HOLIDAY_LINE.format(
            first=short_day(first),
            last="" if first == last else f"至{short_day(last)}",
            name=_name(name),
        )
        for first, last, name in _runs(days.holidays)
    ]
    lines += [
        texts.CALENDAR_WORKDAY_LINE.format(day=short_day(day), name=_name(name))
        for day, name in sorted(days.workdays.items())
    ]
    return lines


def show_year(calendar: WorkCalendar, year: int) -> str:
    days = calendar.years.get(year)
    if days is None:
        return texts.CALENDAR_SHOW_MISSING.format(year=year)
    source = texts.CALENDAR_SOURCE[calendar.sources.get(year, "packaged")]
    header = texts.CALENDAR_SHOW_HEADER.format(year=year, source=source)
    return "\n".join([header, *year_lines(days)])


def diff_text(changes: Iterable[Change], years: Iterable[int]) -> str:
    changes = list(changes)
    if not changes:
        return texts.CALENDAR_NO_CHANGE
    lines = []
    for year in sorted(years):
        of_year = [change for change in changes if change.day.year == year]
        if not of_year:
            continue
        lines.append(texts.CALENDAR_DIFF_HEADER.format(year=year, count=len(of_year)))
        lines += [
            texts.CALENDAR_CHANGE_LINE.format(
                day=short_day(change.day),
                weekday=WEEKDAY_NAMES[change.day.weekday()],
                before=texts.CALENDAR_STATUS[change.before],
                after=texts.CALENDAR_STATUS[change.after],
                name=_name(change.name),
            )
            for change in of_year
        ]
    return "\n".join(lines)
