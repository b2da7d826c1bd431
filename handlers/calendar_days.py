"""Due days as people read them, marked 待确认 when the calendar does not know the year."""

from __future__ import annotations

from datetime import date

from core.dates import day_label
from core.workdays import is_unconfirmed
from handlers import texts


def unconfirmed_note(day: date) -> str:
    """（待确认） after a day of a year whose holidays are not entered yet, else ""."""
    return texts.DAY_UNCONFIRMED if is_unconfirmed(day) else ""


def due_day(day: date, today: date) -> str:
    """11月20日（周五）, or 2027年1月8日（周五）（待确认）."""
    return day_label(day, today) + unconfirmed_note(day)
