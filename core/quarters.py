"""Reporting quarters ("2026Q4"): parsing, bounds and the default open, due and lock days."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.workdays import on_or_before

QUARTER_IN_TEXT = re.compile(r"(\d{4})\s*(?:[Qq]|年?第?)\s*([1-4一二三四])\s*季?度?")
"""A quarter as people write it (2026Q4, 2026年第四季度), also inside a longer text."""
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Accept 2026Q4, 2026q4, 2026年第四季度, 2026年4季度; raise ValueError otherwise."""
        match = QUARTER_IN_TEXT.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"not a quarter: {text!r}")
        digit = match.group(2)
        return cls(int(match.group(1)), _CHINESE_DIGITS.get(digit) or int(digit))

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def id(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.number - 1]}季度"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def last_month_day(self, day: int) -> date:
        """That day of the quarter's last month."""
        return date(self.year, 3 * self.number, day)

    def default_opens_on(self) -> date:
        """Reporting opens on the first day of the quarter's last month."""
        return self.last_month_day(1)

    def default_due_on(self, due_day: int) -> date:
        """The `due_day` of the quarter's last month (ZHUANBAN_REPORT_DUE_DAY), moved back
        to a working day."""
        return on_or_before(self.last_month_day(due_day))

    def default_locks_on(self) -> date:
        """Edits stop on the 15th of the month after the quarter."""
        return self.next().first_day.replace(day=15)
