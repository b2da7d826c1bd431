"""The ladder and the sending hours, as pure functions of days and times."""

from __future__ import annotations

from datetime import date, datetime, time

from core.clock import LOCAL_TZ
from core.quarters import Quarter
from core.stages import SendingHours, case_ladder, deadline_ladder, latest_due

Q3 = Quarter(2026, 3)
HOURS = SendingHours(time(9, 0), time(17, 30))


def days(stages) -> list[tuple[str, str]]:
    return [(stage.key.split("@")[0], stage.day.strftime("%m-%d")) for stage in stages]


def test_the_2026q3_ladder_skips_holidays_and_weekends():
    ladder = deadline_ladder(
        Q3.default_opens_on(), Q3.default_due_on(25), Q3.default_locks_on(), meeting_pending=True
    )
    assert Q3.default_due_on(25) == date(2026, 9, 24)  # the 25th is 中秋
    assert days(ladder) == [
        ("open", "09-01"),
        ("meeting", "09-04"),  # T−20
        ("t-7", "09-17"),
        ("t-3", "09-21"),
        ("due", "09-24"),
        ("t+1", "09-28"),  # first working day after 中秋 and the weekend
        ("t+3", "09-30"),  # third working day after the due day
        ("weekly-1", "10-08"),  # 10-07 is 国庆
        ("weekly-2", "10-14"),  # 10-21 would be after the lock day
    ]
    assert {stage.key for stage in ladder} >= {"open", "due@2026-09-24", "weekly-2@2026-09-24"}


def test_a_held_meeting_drops_the_meeting_nudge():
    ladder = deadline_ladder(
        date(2026, 9, 1), date(2026, 9, 24), date(2026, 10, 15), meeting_pending=False
    )
    assert "meeting" not in [key for key, _ in days(ladder)]


def test_an_extension_moves_the_ladder_onto_the_working_saturday():
    ladder = deadline_ladder(
        date(2026, 9, 1), date(2026, 10, 13), date(2026, 10, 15), meeting_pending=False
    )
    assert days(ladder)[1:] == [
        ("t-7", "10-08"),  # 10-06 is 国庆
        ("t-3", "10-10"),  # a 调休 Saturday is a working day
        ("due", "10-13"),
        ("t+1", "10-14"),
        # T+3 (10-16) is after the lock day: not on the ladder.
    ]


def test_only_the_latest_stage_that_has_come_is_due():
    ladder = deadline_ladder(
        date(2026, 9, 1), date(2026, 9, 24), date(2026, 10, 15), meeting_pending=True
    )
    assert latest_due(ladder, date(2026, 8, 31)) is None
    assert latest_due(ladder, date(2026, 9, 1)).key == "open"
    assert latest_due(ladder, date(2026, 9, 23)).key == "t-3@2026-09-24"
    assert latest_due(ladder, date(2026, 10, 7)).key == "t+3@2026-09-24"


def test_typical_case_nudges_from_november():
    assert days(case_ladder(2026)) == [("case-11", "11-02"), ("case-12", "12-01")]  # 11-01 Sun


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def test_sending_hours():
    allowed = ["2026-09-01 09:01", "2026-09-01 17:29", "2026-09-20 09:01", "2026-10-10 11:11"]
    refused = [
        "2026-09-01 08:59",
        "2026-09-01 09:00",  # on the hour
        "2026-09-01 12:30",  # on the half hour
        "2026-09-01 17:30",  # office closed
        "2026-09-05 10:01",  # Saturday
        "2026-09-25 10:01",  # 中秋
        "2026-10-11 10:01",  # the Sunday after the 调休 Saturday
    ]
    assert [HOURS.allows(local(t)) for t in allowed] == [True] * len(allowed)
    assert [HOURS.allows(local(t)) for t in refused] == [False] * len(refused)


def test_the_next_allowed_minute():
    assert HOURS.next_allowed(local("2026-09-01 09:00")) == local("2026-09-01 09:01")
    assert HOURS.next_allowed(local("2026-09-01 12:29:30")) == local("2026-09-01 12:31")
    assert HOURS.next_allowed(local("2026-09-24 17:45")) == local("2026-09-28 09:01")
    assert HOURS.next_allowed(local("2026-09-30 20:00")) == local("2026-10-08 09:01")
