"""按期销号率 of the problem list, by task force, unit and quarter (core.problems.closing_rate)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from core.clock import local
from core.problems import Rate, closing_rate
from core.quarters import Quarter
from handlers.problems import texts
from knowledge.models import TASK_FORCE_SUFFIX
from storage.models import Problem
from storage.repositories import Repositories

K = TypeVar("K", bound=Hashable)


def _pairs(problems: Iterable[Problem]) -> list[tuple[date, date | None]]:
    return [
        (p.due_on, local(p.closed_at).date() if p.closed_at is not None else None)
        for p in problems
    ]


def quarter_rate(problems: Iterable[Problem], quarter: Quarter) -> Rate:
    return closing_rate(_pairs(problems), quarter.first_day, quarter.last_day)


def rates_by(
    problems: Iterable[Problem], quarter: Quarter, key: Callable[[Problem], K]
) -> dict[K, Rate]:
    """The quarter's rate per `key` (task force id, owner unit id), for those with items due."""
    groups: dict[K, list[Problem]] = defaultdict(list)
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


@dataclass(frozen=True, slots=True)
class RateRow:
    name: str
    rate: Rate


@dataclass(frozen=True, slots=True)
class RateSummary:
    """A quarter's 按期销号率: overall, per task force and per owner unit (those with
    problems due in the quarter)."""

    quarter: Quarter
    total: Rate
    task_forces: tuple[RateRow, ...]
    units: tuple[RateRow, ...]


async def quarter_summary(repos: Repositories, quarter: Quarter) -> RateSummary:
    problems = await repos.problems.listing()
    task_forces = await repos.problems.task_force_names()
    units = await repos.problems.unit_names()
    by_task_force = rates_by(problems, quarter, lambda p: p.task_force_id)
    by_unit = rates_by(problems, quarter, lambda p: p.owner_unit_id)
    return RateSummary(
        quarter,
        quarter_rate(problems, quarter),
        tuple(
            RateRow(name.removesuffix(TASK_FORCE_SUFFIX), by_task_force[tf_id])
            for tf_id, name in task_forces.items()
            if tf_id in by_task_force
        ),
        tuple(RateRow(units[unit_id], rate) for unit_id, rate in sorted(by_unit.items())),
    )


def rows_text(rows: Iterable[RateRow]) -> str:
    return "、".join(f"{row.name} {percent_text(row.rate)}" for row in rows)


def summary_lines(summary: RateSummary) -> list[str]:
    """进度's lines: nothing when no problem falls due in the quarter."""
    if summary.total.due == 0:
        return []
    return [
        texts.RATES_TITLE.format(quarter=summary.quarter.label, line=rate_line(summary.total)),
        texts.RATES_TASK_FORCES.format(rows=rows_text(summary.task_forces)),
        texts.RATES_UNITS.format(rows=rows_text(summary.units)),
    ]
