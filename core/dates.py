"""Days as people type them in chat (2026-11-20, 11月20日, 11.20, 上周五, 昨天, 3天前) and the
short form they read."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

WEEKDAY_NAMES = "一二三四五六日"
"""周一 … 周日, Monday first as in China."""


def short_day(value: date) -> str:
    """11月20日."""
    return f"{value.month}月{value.day}日"


def weekday_name(value: date) -> str:
    """周五."""
    return f"周{WEEKDAY_NAMES[value.weekday()]}"


def day_label(value: date, today: date) -> str:
    """A day as every user-facing text shows it: 12月25日（周五）, with its year when it is not
    `today`'s year (2027年1月1日（周五）), so "延至1月1日" is never ambiguous."""
    year = "" if value.year == today.year else f"{value.year}年"
    return f"{year}{short_day(value)}（{weekday_name(value)}）"


class UnknownDate(ValueError):
    """The text holds nothing that reads as a day."""


class ImpossibleDate(ValueError):
    """The text reads as a day that does not exist, such as 2月30日."""


_RELATIVE_DAYS = {
    "大前天": -3,
    "前天": -2,
    "昨天": -1,
    "昨日": -1,
    "今天": 0,
    "今日": 0,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "大后天": 3,
}
_WEEK_OFFSETS = {"上上": -2, "上": -1, "本": 0, "这": 0, "": 0, "下": 1, "下下": 2}
_WEEKDAY_INDEX = {**{name: i for i, name in enumerate(WEEKDAY_NAMES)}, "天": 6, "7": 6}
_WEEKDAY_INDEX.update({str(i + 1): i for i in range(6)})

# Longer forms first: a full date must not be read as a month-day plus noise.
_FULL = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_MONTH_DAY = re.compile(r"(?<![\d.])(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?![\d.])\s*[日号]?")
_WEEKDAY = re.compile(r"(上上|下下|上|下|本|这)?(?:周|星期|礼拜)([一二三四五六日天1-7])")
_DAYS_AGO = re.compile(r"(\d{1,3})\s*天前")
_RELATIVE = re.compile("|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True)))


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ImpossibleDate(f"{year}-{month}-{day}") from error


def _nearest(month: int, day: int, today: date) -> date:
    """A month-day without a year: the occurrence closest to today (so 12月20日 read in
    January is last December's, and 1月5日 read in December is next January's)."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ImpossibleDate(f"{month}-{day}")
    return min(candidates, key=lambda d: abs((d - today).days))


def _onward(month: int, day: int, today: date) -> date:
    """A month-day without a year: the first such day on or after today."""
    for year in (today.year, today.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise ImpossibleDate(f"{month}-{day}")


def parse_day(text: str, today: date, *, relative: bool = True, onward: bool = False) -> date:
    """The day `text` names, relative words read from `today` (Asia/Shanghai).

    A month-day without a year is the occurrence nearest `today`, or with `onward` the first
    on or after it (a new due day). `relative=False` accepts calendar days only (昨天 and
    下周五 are then unknown). Raises UnknownDate when nothing in the text reads as a day and
    ImpossibleDate for a well-formed day that does not exist. Whether the day is acceptable
    (not in the future, inside a quarter) is for the caller to decide.
    """
    # NFKC turns full-width digits and punctuation (２０２６．１１．２０) into ASCII.
    text = unicodedata.normalize("NFKC", text).strip()
    if match := _FULL.search(text):
        return _day(*(int(part) for part in match.groups()))
    if match := _COMPACT.search(text):
        return _day(*(int(part) for part in match.groups()))
    if match := _MONTH_DAY.search(text):
        month, day = int(match.group(1)), int(match.group(2))
        return (_onward if onward else _nearest)(month, day, today)
    if not relative:
        raise UnknownDate(text)
    if match := _WEEKDAY.search(text):
        monday = today - timedelta(days=today.weekday())
        weeks = _WEEK_OFFSETS[match.group(1) or ""]
        return monday + timedelta(weeks=weeks, days=_WEEKDAY_INDEX[match.group(2)])
    if match := _DAYS_AGO.search(text):
        return today - timedelta(days=int(match.group(1)))
    if match := _RELATIVE.search(text):
        return today + timedelta(days=_RELATIVE_DAYS[match.group(0)])
    raise UnknownDate(text)
