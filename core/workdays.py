"""Working days on the calendar the runtime installed at start (see core/calendar.py).

A weekday of a year the calendar does not know is UNKNOWN: `is_working_day` says False (no
reminder or overdue notice goes out on it), while `on_or_before`/`on_or_after` stop on it, so
a due date can still fall there and is shown as 待确认 until the office enters the year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path

from core.calendar import (
    DayStatus,
    WorkCalendar,
    YearDays,
    load_calendar,
    office_file,
    packaged_calendar,
    save_office_years,
)

_installed: list[WorkCalendar] = []
_loaded_stamp: dict[Path, tuple[int, int] | None] = {}


def install(calendar: WorkCalendar) -> None:
    """Use `calendar` from now on (the runtime at start, and after the office imports)."""
    _installed[:] = [calendar]


def _stamp(data_dir: Path) -> tuple[int, int] | None:
    """Inode and modification time: a save replaces the file, so either changes."""
    path = office_file(data_dir)
    if not path.exists():
        return None
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def load_and_install(data_dir: Path | None) -> WorkCalendar:
    """Read the packaged years and the office's file in `data_dir`, and use them."""
    calendar = load_calendar(data_dir)
    install(calendar)
    if data_dir is not None:
        _loaded_stamp[data_dir] = _stamp(data_dir)
    return calendar


def reload_if_changed(data_dir: Path) -> bool:
    """Pick up an import another instance wrote into the shared data directory (once a
    minute, from the scheduler); True when the calendar was reloaded. Only a directory this
    process loaded from is watched."""
    if data_dir not in _loaded_stamp or _loaded_stamp[data_dir] == _stamp(data_dir):
        return False
    load_and_install(data_dir)
    return True


def save_and_install(data_dir: Path, years: Mapping[int, YearDays]) -> WorkCalendar:
    """Write imported years into the office's file and use the calendar it now makes."""
    save_office_years(data_dir, years)
    return load_and_install(data_dir)


def confirm_and_install(data_dir: Path, days: Iterable[date]) -> WorkCalendar:
    """Record weekdays of a year not entered yet as working days the office confirmed."""
    save_office_years(data_dir, {}, confirmed=days)
    return load_and_install(data_dir)


def current() -> WorkCalendar:
    """The installed calendar; the packaged years alone until something installs one."""
    if not _installed:
        _installed.append(packaged_calendar())
    return _installed[0]


def status(day: date) -> DayStatus:
    return current().status(day)


def is_working_day(day: date) -> bool:
    """True on an official working day, including a 调休 weekend; never on an unknown day."""
    return status(day) is DayStatus.WORKING


def is_unconfirmed(day: date) -> bool:
    """A weekday of a year the calendar does not know yet (shown as 待确认)."""
    return status(day) is DayStatus.UNKNOWN


def on_or_before(day: date) -> date:
    """The day itself unless it is a day off, else the previous day that is not."""
    while status(day) is DayStatus.OFF:
        day -= timedelta(days=1)
    return day


def on_or_after(day: date) -> date:
    """The day itself unless it is a day off, else the next day that is not."""
    while status(day) is DayStatus.OFF:
        day += timedelta(days=1)
    return day
