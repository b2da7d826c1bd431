"""The problem list's colours as LitItems: what reminders, digests and questions read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from core.lights import ItemKind, LitItem
from handlers.problems.common import problem_light
from storage.repositories import Repositories


async def lit_problems(
    repos: Repositories,
    today: date,
    warn_workdays: int,
    task_force_ids: Iterable[str] | None = None,
) -> list[LitItem]:
    """Every open problem (not 已销号) with its colour."""
    units = await repos.problems.unit_names()
    problems = await repos.problems.listing(task_force_ids=task_force_ids, open_only=True)
    items = []
    for problem in problems:
        colour = problem_light(problem, today, warn_workdays)
        if colour is None:
            continue
        items.append(
            LitItem(
                kind=ItemKind.PROBLEM,
                item_id=problem.id,
                task_force_id=problem.task_force_id,
                owner_unit=units[problem.owner_unit_id],
                title=problem.title,
                due=problem.due_on,
                light=colour,
            )
        )
    return items
