"""The traffic-light rule at each boundary, on the real 2026 holiday calendar."""

from __future__ import annotations

from datetime import date

import pytest

from core.lights import Light, Progress, light, working_days_left


def test_working_days_left_counts_today_and_the_due_day_and_skips_the_national_holiday() -> None:
    # 2026-09-30 (Wed) is a working day; 10-01..10-07 are the National Day holiday.
    assert working_days_left(date(2026, 9, 30), date(2026, 10, 8)) == 2
    assert working_days_left(date(2026, 12, 7), date(2026, 12, 7)) == 1
    assert working_days_left(date(2026, 12, 8), date(2026, 12, 7)) == 0


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 14), Light.GREEN),  # Mon; 12-14..12-21 holds 6 working days
        (date(2026, 12, 15), Light.YELLOW),  # 5 working days left: 15,16,17,18,21
        (date(2026, 12, 21), Light.YELLOW),  # due today
        (date(2026, 12, 22), Light.RED),  # a day late
    ],
)
def test_colour_at_the_warning_and_due_boundaries(today: date, expected: Light) -> None:
    assert light(date(2026, 12, 21), today, warn_workdays=5) is expected


def test_reported_progress_overrides_the_calendar() -> None:
    due, early = date(2026, 12, 31), date(2026, 10, 9)
    assert light(due, early) is Light.GREEN
    assert light(due, early, progress=Progress.PARTLY) is Light.YELLOW
    assert light(due, early, progress=Progress.NOT_DONE) is Light.RED
    assert light(due, early, progress=Progress.DONE) is None
    assert light(due, date(2027, 1, 5), finished=True) is None


def test_the_warning_window_is_a_setting() -> None:
    due = date(2026, 12, 21)
    assert light(due, date(2026, 12, 15), warn_workdays=4) is Light.GREEN
    assert light(due, date(2026, 12, 15), warn_workdays=0) is Light.GREEN
    assert light(due, date(2026, 12, 21), warn_workdays=0) is Light.GREEN
