"""Days as contacts type them: every accepted form, relative words, and what is refused."""

from __future__ import annotations

from datetime import date

import pytest

from core.dates import ImpossibleDate, UnknownDate, parse_day

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("2026/11/20", date(2026, 11, 20)),
        ("2026.11.20", date(2026, 11, 20)),
        ("2026年11月20日", date(2026, 11, 20)),
        ("2026年11月20号", date(2026, 11, 20)),
        ("20261120", date(2026, 11, 20)),
        ("２０２６－１１－２０", date(2026, 11, 20)),
        ("11月20日", date(2026, 11, 20)),
        ("11月20号", date(2026, 11, 20)),
        ("11.20", date(2026, 11, 20)),
        ("11/20", date(2026, 11, 20)),
        ("11-20", date(2026, 11, 20)),
        ("会议于11月20日下午召开", date(2026, 11, 20)),
        ("今天", date(2026, 11, 25)),
        ("昨天", date(2026, 11, 24)),
        ("前天", date(2026, 11, 23)),
        ("大前天", date(2026, 11, 22)),
        ("明天", date(2026, 11, 26)),
        ("上周五", date(2026, 11, 20)),
        ("上星期五", date(2026, 11, 20)),
        ("上礼拜一", date(2026, 11, 16)),
        ("上周日", date(2026, 11, 22)),
        ("上上周三", date(2026, 11, 11)),
        ("周一", date(2026, 11, 23)),
        ("本周二", date(2026, 11, 24)),
        ("下周三", date(2026, 12, 2)),
        ("3天前", date(2026, 11, 22)),
        # A month-day without a year is the occurrence nearest today.
        ("12月20日", date(2026, 12, 20)),
        ("1月5日", date(2027, 1, 5)),
        ("6月1日", date(2026, 6, 1)),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


def test_month_day_in_january_means_last_december() -> None:
    assert parse_day("12月20日", date(2027, 1, 10)) == date(2026, 12, 20)


@pytest.mark.parametrize("text", ["2月30日", "2026-13-01", "2026年2月29日", "4/31"])
def test_days_that_do_not_exist(text: str) -> None:
    with pytest.raises(ImpossibleDate):
        parse_day(text, TODAY)


@pytest.mark.parametrize("text", ["开过了", "", "abc", "2,5", "很久以前"])
def test_not_a_day(text: str) -> None:
    with pytest.raises(UnknownDate):
        parse_day(text, TODAY)
