"""Office command arguments, in chat and on the command line: quarters, days, task forces…"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from core import dates
from core.quarters import Quarter
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


def is_quarter(text: str) -> bool:
    try:
        Quarter.parse(text)
    except ValueError:
        return False
    return True


def parse_quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError:
        raise ArgumentError(texts.OFFICE_BAD_QUARTER.format(text=text.strip())) from None


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
