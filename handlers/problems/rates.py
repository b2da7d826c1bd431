"""按期销号率 of the problem list, by task force, unit and quarter (core.problems.closing_rate)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable

from core.clock import local
from core.problems import Rate, closing_rate
from core.quarters import Quarter
from handlers.problems import texts
from storage.models import Problem


def _pairs(problems: Iterable[Problem]):
    return [
        (p.due_on, local(p.closed_at).date() if p.closed_at is not None else None)
        for p in problems
    ]


def quarter_rate(problems: Iterable[Problem], quarter: Quarter) -> Rate:
    return closing_rate(_pairs(problems), quarter.first_day, quarter.last_day)


def rates_by(
    problems: Iterable[Problem], quarter: Quarter, key: Callable[[Problem], Hashable]
) -> dict[Hashable, Rate]:
    """The quarter's rate per `key` (task force id, owner unit id), for those with items due."""
    groups: dict[Hashable, list[Problem]] = defaultdict(list)
    for problem in problems:
        groups[key(problem)].append(problem)
    found = {name: quarter_rate(group, quarter) for name, group in groups.items()}
    return {name: rate for name, rate in found.items() if rate.due}


def percent_text(rate: Rate) -> str:
    return "-" if rate.percent is None else f"{rate.percent:g}%"


def rate_line(rate: Rate) -> str:
    if rate.due == 0:
        return texts.RATE_NONE
    return texts.RATE_LINE.format(rate=percent_text(rate), due=rate.due, on_time=rate.on_time)
