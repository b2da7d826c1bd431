"""The holiday calendar as data: packaged years, the office's file, imports and the CLI."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from core import workdays
from core.calendar import (
    CalendarError,
    DayStatus,
    diff,
    load_calendar,
    packaged_calendar,
    parse_file,
    parse_lines,
    save_office_years,
)
from core.quarters import Quarter
from handlers import texts
from handlers.calendar_days import due_day
from tests.calendar_support import NOTICE_2027, install_2027
from tests.cli_support import run_zhuanban


def test_packaged_years_are_chinesecalendar_day_for_day():
    calendar = packaged_calendar()
    years = sorted(calendar.years)
    assert years[0] == 2004 and years[-1] >= 2026
    day = date(years[0], 1, 1)
    while day.year <= years[-1]:
        assert (calendar.status(day) is DayStatus.WORKING) == chinese_calendar.is_workday(day)
        day += timedelta(days=1)


def test_a_year_nobody_entered_has_no_working_day_and_weekends_off():
    calendar = packaged_calendar()
    assert not calendar.knows(2027)
    assert calendar.status(date(2027, 1, 1)) is DayStatus.UNKNOWN  # 元旦, a Friday
    assert calendar.status(date(2027, 1, 4)) is DayStatus.UNKNOWN
    assert calendar.status(date(2027, 1, 2)) is DayStatus.OFF
    assert not workdays.is_working_day(date(2027, 1, 4))
    # Moving to a working day stops on an unknown day, so due dates stay where they were…
    assert Quarter(2027, 1).default_due_on(25) == date(2027, 3, 25)
    # …and are shown as unconfirmed.
    assert due_day(date(2027, 3, 25), date(2026, 12, 1)).endswith(texts.DAY_UNCONFIRMED)
    assert not due_day(date(2026, 12, 25), date(2026, 12, 1)).endswith(texts.DAY_UNCONFIRMED)


def test_the_notice_lines_read_as_days_off_and_working_weekends():
    years = parse_lines(NOTICE_2027)
    assert list(years) == [2027]
    days = years[2027]
    assert len([d for d in days.holidays if d.month == 10]) == 7
    assert days.workdays[date(2027, 10, 9)] == "国庆节调休"
    calendar = install_2027()
    assert calendar.status(date(2027, 10, 4)) is DayStatus.OFF
    assert calendar.status(date(2027, 10, 9)) is DayStatus.WORKING  # a Saturday
    assert calendar.status(date(2027, 10, 8)) is DayStatus.WORKING
    assert workdays.on_or_after(date(2027, 10, 1)) == date(2027, 10, 8)
    assert not due_day(date(2027, 10, 8), date(2026, 12, 1)).endswith(texts.DAY_UNCONFIRMED)


@pytest.mark.parametrize(
    "line",
    [
        "2027-10-11,班,not a weekend",  # a Monday cannot be a 调休 working day
        "2027-10-01~2027-10-07,休,国庆节\n2027-10-03,班,clash",
        "2027-13-01,休,no such month",
        "10月1日 休 国庆节",
    ],
)
def test_a_wrong_line_is_refused(line):
    with pytest.raises(CalendarError):
        parse_lines(line)


def test_the_diff_names_the_days_that_change():
    changes = diff(packaged_calendar(), parse_lines(NOTICE_2027))
    by_day = {change.day: change for change in changes}
    assert by_day[date(2027, 10, 4)].before is DayStatus.UNKNOWN
    assert by_day[date(2027, 10, 4)].after is DayStatus.OFF
    assert by_day[date(2027, 10, 9)].after is DayStatus.WORKING
    assert date(2027, 10, 8) not in by_day  # an ordinary weekday, now known to be working
    assert diff(install_2027(), parse_lines(NOTICE_2027)) == []


def test_the_office_file_overrides_a_packaged_year(tmp_path):
    # Say the State Council added a day off on 2026-12-31 (a Thursday).
    year = packaged_calendar().years[2026]
    moved = {**year.holidays, date(2026, 12, 31): "加休"}
    save_office_years(tmp_path, {2026: type(year)(moved, year.workdays)})
    calendar = load_calendar(tmp_path)
    assert calendar.sources[2026] == "office"
    assert calendar.status(date(2026, 12, 31)) is DayStatus.OFF
    assert calendar.status(date(2026, 10, 1)) is DayStatus.OFF  # the rest of the year kept
    assert packaged_calendar().status(date(2026, 12, 31)) is DayStatus.WORKING


def test_a_yaml_import_file(tmp_path):
    path = tmp_path / "2027.yaml"
    path.write_text(
        "holidays:\n  2027-01-01: 元旦\nworkdays:\n  2027-02-14: 春节调休\n", encoding="utf-8"
    )
    days = parse_file(path)[2027]
    assert dict(days.holidays) == {date(2027, 1, 1): "元旦"}
    assert list(days.workdays) == [date(2027, 2, 14)]


def test_calendar_show_and_import_as_commands(tmp_path):
    data = tmp_path / "data"
    env = {"ZHUANBAN_DATA_DIR": str(data)}
    missing = run_zhuanban("calendar", "show", "2027", cwd=tmp_path, **env)
    assert missing.returncode == 0
    assert missing.stdout.strip() == texts.CALENDAR_SHOW_MISSING.format(year=2027)
    notice = tmp_path / "2027.csv"
    notice.write_text(NOTICE_2027, encoding="utf-8")

    declined = run_zhuanban("calendar", "import", str(notice), cwd=tmp_path, input="n\n", **env)
    assert declined.returncode == 1
    assert "10月4日（周一）待确认 → 休息 国庆节" in declined.stdout
    assert not (data / "calendar.yaml").exists()

    applied = run_zhuanban("calendar", "import", str(notice), "--yes", cwd=tmp_path, **env)
    assert applied.returncode == 0, applied.stderr
    assert load_calendar(data).status(date(2027, 10, 4)) is DayStatus.OFF
    shown = run_zhuanban("calendar", "show", "2027", cwd=tmp_path, **env).stdout
    assert texts.CALENDAR_SOURCE["office"] in shown and "国庆节" in shown

    bad = tmp_path / "bad.csv"
    bad.write_text("2027-10-11,班,Monday\n", encoding="utf-8")
    refused = run_zhuanban("calendar", "import", str(bad), "--yes", cwd=tmp_path, **env)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "2027-10-11" in refused.stderr


def test_calendar_confirm_as_a_command(tmp_path):
    env = {"ZHUANBAN_DATA_DIR": str(tmp_path / "data")}
    done = run_zhuanban("calendar", "confirm", "2027-01-04", "2027-01-05", cwd=tmp_path, **env)
    assert done.returncode == 0, done.stderr
    calendar = load_calendar(tmp_path / "data")
    assert calendar.status(date(2027, 1, 4)) is DayStatus.WORKING
    assert calendar.status(date(2027, 1, 6)) is DayStatus.UNKNOWN
    known = run_zhuanban("calendar", "confirm", "2026-12-07", cwd=tmp_path, **env)
    assert known.returncode == 1 and "2026-12-07" in known.stderr


def test_an_import_written_by_another_instance_is_picked_up(tmp_path):
    workdays.load_and_install(tmp_path)
    assert not workdays.reload_if_changed(tmp_path)
    save_office_years(tmp_path, parse_lines(NOTICE_2027))  # as the other instance does
    assert workdays.is_unconfirmed(date(2027, 10, 4))
    assert workdays.reload_if_changed(tmp_path)
    assert workdays.status(date(2027, 10, 4)) is DayStatus.OFF
    assert not workdays.reload_if_changed(tmp_path)


def test_remind_run_says_the_calendar_lacks_the_year(tmp_path):
    env = {"ZHUANBAN_DATABASE_URL": f"sqlite:///{tmp_path / 'z.db'}"}
    result = run_zhuanban("remind", "run", "--at", "2027-01-04 10:07", cwd=tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert "zhuanban calendar import" in result.stdout
    # Nobody is chased, but the office hears that 2027 is missing.
    assert texts.CALENDAR_MISSING_REMINDER.format(year=2027) in result.stdout
