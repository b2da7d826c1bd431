"""2027's holidays as the office would type them from the State Council notice (made-up days
in the notice's usual shape), and installing them for a test."""

from __future__ import annotations

from core import workdays
from core.calendar import WorkCalendar, packaged_calendar, parse_lines

NOTICE_2027 = """\
date,kind,name
2027-01-01,休,元旦
2027-02-06~2027-02-13,休,春节
2027-02-14,班,春节调休
2027-09-26,班,国庆节调休
2027-10-01~2027-10-07,休,国庆节
2027-10-09,班,国庆节调休
"""


def install_2027() -> WorkCalendar:
    """The packaged years plus 2027 as the office entered it; in use until the test ends."""
    calendar = packaged_calendar().with_years(parse_lines(NOTICE_2027), "office")
    workdays.install(calendar)
    return calendar
