"""Office command arguments, in chat and on the command line: quarters, days, task forces…"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from core import dates
from core.quarters import QUARTER_IN_TEXT, Quarter
from handlers import texts
from handlers.names import listing, short_name
from knowledge import KnowledgeBase
from knowledge.base import Resolution
from knowledge.models import Indicator, TaskForce
from knowledge.normalize import normalize

Named = TypeVar("Named", TaskForce, Indicator)

ALL_WORDS = frozenset({"全部", "所有", "全体", "all"})

_YEAR = re.compile(r"^(\d{4})\s*年?度?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_RANK = re.compile(r"^第?\s*(\d+)\s*名?$")

SCORE_RANGE = (0.0, 100.0)
RANK_RANGE = (1, 100)


class ArgumentError(ValueError):
    """A bad argument or a refused request, from chat or the command line; the message is the
    Chinese reply that says what to do."""


def split(text: str, count: int) -> list[str]:
    """The first `count` words and the rest of `text` as one last item (empty when absent)."""
    parts = text.split(maxsplit=count)
    return parts + [""] * (count + 1 - len(parts))


_SHORT_QUARTER = re.compile(r"^(?:[Qq]\s*([1-4])|第?([一二三四1-4])季度)$")
"""A quarter without its year: Q4, 四季度, 第四季度."""
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_Q_PREFIX = re.compile(r"^[Qq]\s*[1-4](?!\d)")
"""A text opening with a quarter without its year: Q1开放3月1日."""


def _short_quarter(text: str) -> int | None:
    match = _SHORT_QUARTER.match(text)
    if match is None:
        return None
    digit = match.group(1) or match.group(2)
    return _CHINESE_DIGITS.get(digit) or int(digit)


def is_quarter(text: str) -> bool:
    text = unicodedata.normalize("NFKC", text).strip()
    try:
        Quarter.parse(text)
    except ValueError:
        return _short_quarter(text) is not None
    return True


def parse_quarter(text: str, today: date | None = None, *, nearest: bool = False) -> Quarter:
    """2026Q4, 2026年第四季度 (full-width too); with `today`, also Q4 / 四季度 / 第四季度: the
    latest such quarter that has begun (Q4 in January is last year's), or with `nearest` the
    one nearest today, past or coming (周期 Q1 in December sets next year's)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    try:
        return Quarter.parse(cleaned)
    except ValueError:
        number = _short_quarter(cleaned)
        if number is not None and today is not None:
            if nearest:
                candidates = [Quarter(today.year + offset, number) for offset in (-1, 0, 1)]
                return min(candidates, key=lambda quarter: _distance(quarter, today))
            quarter = Quarter(today.year, number)
            return quarter if quarter.first_day <= today else Quarter(today.year - 1, number)
        raise ArgumentError(texts.OFFICE_BAD_QUARTER.format(text=text.strip())) from None


def _distance(quarter: Quarter, today: date) -> int:
    """Days from `today` to the quarter (0 inside it)."""
    return max((quarter.first_day - today).days, (today - quarter.last_day).days, 0)


def looks_like_argument(kb: KnowledgeBase, text: str) -> bool:
    """A quarter (or a text opening with one: 2027Q1开放3月1日, Q1开放…), a year, 全部, or a
    task force or indicator named for certain."""
    if not text:
        return False
    if is_quarter(text) or _YEAR.match(text.strip()) or normalize(text) in ALL_WORDS:
        return True
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if QUARTER_IN_TEXT.match(cleaned) or _Q_PREFIX.match(cleaned):
        return True
    return kb.resolve_task_force(text).item is not None or (
        kb.resolve_indicator(text).item is not None
    )


def parse_day(text: str, today: date, *, relative: bool = True, onward: bool = False) -> date:
    """A day the way people type it (core/dates.py), or the reply saying how to write one."""
    try:
        return dates.parse_day(text, today, relative=relative, onward=onward)
    except ValueError:  # UnknownDate, or 2月30日 and the like: a date-shaped text that is no day
        raise ArgumentError(texts.OFFICE_BAD_DATE.format(text=text.strip())) from None


def parse_year(text: str, today: date) -> int:
    match = _YEAR.match(text.strip())
    if match is None or not 2000 <= int(match.group(1)) <= today.year:
        raise ArgumentError(texts.OFFICE_BAD_YEAR.format(text=text, year=today.year))
    return int(match.group(1))


def is_number(text: str) -> bool:
    return _NUMBER.match(text.strip()) is not None


def parse_score(text: str) -> float:
    """A score out of 100, like 92.5 or 92.5分."""
    value = text.strip().removesuffix("分")
    low, high = SCORE_RANGE
    if not is_number(value) or not low <= float(value) <= high:
        raise ArgumentError(texts.OFFICE_BAD_SCORE.format(text=text))
    return round(float(value), 2)


def is_rank(text: str) -> bool:
    return _RANK.match(text.strip()) is not None


def parse_rank(text: str) -> int:
    """A rank like 3, 第3名 or 3名."""
    match = _RANK.match(text.strip())
    low, high = RANK_RANGE
    if match is None or not low <= int(match.group(1)) <= high:
        raise ArgumentError(texts.OFFICE_BAD_RANK.format(text=text))
    return int(match.group(1))


def resolve_task_force(kb: KnowledgeBase, text: str) -> TaskForce:
    """The task force `text` names for certain; otherwise the closest suggestion as an error."""
    text = text.strip()
    task_force = _certain(kb.resolve_task_force(text), text, texts.OFFICE_TASK_FORCE_SUGGEST)
    if task_force is not None:
        return task_force
    indicator = kb.resolve_indicator(text).item
    if indicator is not None:  # 市场监管 has four task forces
        names = listing(short_name(tf) for tf in kb.task_forces_of(indicator))
        raise ArgumentError(texts.OFFICE_TASK_FORCE_WHICH.format(text=text, names=names))
    raise ArgumentError(texts.OFFICE_TASK_FORCE_UNKNOWN.format(text=text))


@dataclass(frozen=True, slots=True)
class Targets:
    """What a command applies to: every task force (全部) or one."""

    task_force: TaskForce | None

    @property
    def everyone(self) -> bool:
        return self.task_force is None


def parse_targets(kb: KnowledgeBase, text: str) -> Targets:
    if normalize(text) in ALL_WORDS:
        return Targets(None)
    return Targets(resolve_task_force(kb, text))


def resolve_indicator(kb: KnowledgeBase, text: str) -> Indicator:
    """An indicator by its name, alias or English name, matched as task force names are."""
    indicator = _certain(kb.resolve_indicator(text), text, texts.OFFICE_INDICATOR_SUGGEST)
    if indicator is None:
        raise ArgumentError(texts.OFFICE_INDICATOR_UNKNOWN.format(text=text))
    return indicator


def _certain(resolution: Resolution[Named], text: str, suggest: str) -> Named | None:
    """The item a name resolves to for certain; a close miss is an error naming the
    suggestion (`suggest` has {text} and {name}); None when nothing is close."""
    if resolution.item is not None:
        return resolution.item
    if resolution.suggestion is not None:
        name = resolution.suggestion.name
        raise ArgumentError(suggest.format(text=text, name=name))
    return None
