"""Due days as people read them, marked 待确认 when the calendar does not know the year."""

from __future__ import annotations

from datetime import date

from core.dates import short_day
from core.workdays import is_unconfirmed
from handlers import texts


def unconfirmed_note(day: date) -> str:
    """（待确认） after a day of a year whose holidays are not entered yet, else ""."""
    return texts.DAY_UNCONFIRMED if is_unconfirmed(day) else ""


def due_day(day: date) -> str:
    """11月20日, or 1月8日（待确认）."""
    return short_day(day) + unconfirmed_note(day)
