"""Working days on the official China calendar (holidays, 调休); Mon–Fri beyond its data."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import chinese_calendar

log = logging.getLogger(__name__)
_warned_years: set[int] = set()


def is_working_day(day: date) -> bool:
    """True on an official working day, including a 调休 weekend; Mon–Fri beyond the data."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            log.warning(
                "chinesecalendar has no data for %s; treating Monday to Friday as working days",
                day.year,
            )
        return day.weekday() < 5


def on_or_before(day: date) -> date:
    """The day itself if it is a working day, else the previous working day."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def on_or_after(day: date) -> date:
    """The day itself if it is a working day, else the next working day."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
