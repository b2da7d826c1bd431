"""Traffic lights of supervision (督办): the colour of a target or a problem, computed from
its due date, its state and what was reported, never typed by anyone.

- red: overdue (today is after the due date and it is not finished), or reported not done;
- yellow: due within `warn_workdays` working days (today counted when it is one), or
  reported partly done;
- green: on track. A finished item (done, 已销号) has no light: nothing to chase.

Working days come from the installed calendar (core/workdays.py), so a holiday week does
not turn an item yellow early, and an unconfirmed weekday of a year not entered yet does
not count as a working day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core import workdays


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class Progress(StrEnum):
    """What an owner reported about an item (a quarter's target, a problem's work)."""

    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"


def working_days_left(today: date, due: date) -> int:
    """Working days from today to the due date, both counted: 1 when due today (a working
    day), 0 when the due date has passed or no working day is left before it."""
    count = 0
    day = today
    while day <= due:
        if workdays.is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def light(
    due: date,
    today: date,
    *,
    finished: bool = False,
    progress: Progress | None = None,
    warn_workdays: int = 5,
) -> Light | None:
    """The colour of an item due on `due`, seen on `today`; None once it is finished."""
    if finished or progress is Progress.DONE:
        return None
    if today > due or progress is Progress.NOT_DONE:
        return Light.RED
    if progress is Progress.PARTLY or working_days_left(today, due) <= warn_workdays:
        return Light.YELLOW
    return Light.GREEN


class ItemKind(StrEnum):
    TARGET = "target"
    PROBLEM = "problem"


@dataclass(frozen=True)
class LitItem:
    """One target or problem with its colour, as reminders, digests, 进度 and the console
    show it. `owner_unit` is the name of the unit that must act (the knowledge's canonical
    name, as the roster's people carry it), None when the task force as a whole owns it;
    `task_force_id` decides who else is told (its contacts and 分管领导) and who may see it."""

    kind: ItemKind
    item_id: int
    task_force_id: str
    owner_unit: str | None
    title: str
    due: date
    light: Light
