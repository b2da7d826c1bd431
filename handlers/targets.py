"""The year's targets as supervision sees them: each with its latest result, its colour
(core.lights, computed, never typed) and whether it was done on time; the 按期完成率 per
task force, unit and quarter; the lines that show them (docs/targets.md).

按期完成率 = targets first reported done on or before their due date / targets due, where a
target is due once its due date has passed or it has been reported done (done early counts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from core.clock import local
from core.lights import ItemKind, Light, LitItem, Progress, light
from core.quarters import Quarter
from handlers import texts
from handlers.checkin.targets import target_name
from handlers.names import short_name
from knowledge import KnowledgeBase
from knowledge.models import TaskForce
from storage.models import Target, TargetResult
from storage.repositories import Repositories
from storage.repositories.registry import RosterStore


@dataclass(frozen=True, slots=True)
class TargetView:
    target: Target
    owner: str | None
    """The owner unit's name, None when the task force as a whole owns it."""
    result: TargetResult | None
    """The latest reported result."""
    done_on: date | None
    """The day it was first reported done, if it is done."""
    light: Light | None

    @property
    def progress(self) -> Progress | None:
        return self.result.progress if self.result is not None else None

    @property
    def on_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.target.due_on


def _done_on(
    target: Target, latest: TargetResult | None, done: dict[int, datetime]
) -> date | None:
    """The day it was first reported done, while it still is (a later 未完成 undoes it)."""
    if latest is None or latest.progress is not Progress.DONE:
        return None
    return local(done[target.id]).date()


def _colour(target: Target, result: TargetResult | None, today: date, warn: int) -> Light | None:
    progress = result.progress if result is not None else None
    return light(target.due_on, today, progress=progress, warn_workdays=warn)


async def target_views(
    repos: Repositories,
    year: int,
    today: date,
    warn_workdays: int,
    task_force_ids: Iterable[str] | None = None,
) -> list[TargetView]:
    targets = await repos.targets.of_year(year, task_force_ids)
    ids = [target.id for target in targets]
    results = await repos.targets.latest_results(ids)
    done = await repos.targets.first_done(ids)
    unit_ids = await RosterStore(repos.session).unit_ids()
    units = {unit_id: name for name, unit_id in unit_ids.items()}
    return [
        TargetView(
            target=target,
            owner=units.get(target.owner_unit_id) if target.owner_unit_id else None,
            result=results.get(target.id),
            done_on=_done_on(target, results.get(target.id), done),
            light=_colour(target, results.get(target.id), today, warn_workdays),
        )
        for target in targets
    ]


async def lit_targets(
    repos: Repositories,
    today: date,
    warn_workdays: int,
    task_force_ids: Iterable[str] | None = None,
) -> list[LitItem]:
    """Each unfinished target of the current year and of the last (a Q4 target not done by
    31 December stays red into January until reported done) with its colour, for
    reminders, digests and 进度 (the done ones have no light)."""
    ids = None if task_force_ids is None else tuple(task_force_ids)
    views = [
        view
        for year in (today.year - 1, today.year)
        for view in await target_views(repos, year, today, warn_workdays, ids)
    ]
    return [
        LitItem(
            kind=ItemKind.TARGET,
            item_id=view.target.id,
            task_force_id=view.target.task_force_id,
            owner_unit=view.owner,
            title=target_name(view.target),
            due=view.target.due_on,
            light=view.light,
        )
        for view in views
        if view.light is not None
    ]


@dataclass(frozen=True, slots=True)
class Rate:
    on_time: int
    due: int

    @property
    def percent(self) -> int:
        """0 while nothing is due."""
        return round(100 * self.on_time / self.due) if self.due else 0

    def text(self) -> str:
        if not self.due:
            return texts.TARGETS_RATE_NONE
        return texts.TARGETS_RATE.format(on_time=self.on_time, due=self.due, percent=self.percent)


def is_due(view: TargetView, today: date) -> bool:
    return view.done_on is not None or today > view.target.due_on


def rates(
    views: Iterable[TargetView], today: date, key: Callable[[TargetView], Hashable]
) -> dict[Hashable, Rate]:
    """按期完成率 grouped by `key` (task force, owner unit, quarter)."""
    counts: dict[Hashable, list[int]] = {}
    for view in views:
        count = counts.setdefault(key(view), [0, 0])
        if is_due(view, today):
            count[1] += 1
            count[0] += view.on_time
    return {group: Rate(*count) for group, count in counts.items()}


def rate(views: Iterable[TargetView], today: date) -> Rate:
    return rates(views, today, lambda view: None).get(None, Rate(0, 0))


def state_text(view: TargetView) -> str:
    """完成 / 部分完成 / 未完成 / 未报告, with the colour of an unfinished one."""
    shown = texts.PROGRESS_LABELS[view.progress] if view.progress else texts.TARGETS_NOT_REPORTED
    if view.light is not None:
        shown += texts.TARGETS_LIGHT_SUFFIX.format(light=texts.TARGETS_LIGHTS[view.light])
    return shown


def line(view: TargetView) -> str:
    """One target: its plan, owner and due date, against what was reported."""
    target = view.target
    return texts.TARGETS_LINE.format(
        quarter=target.quarter,
        task=target.task,
        target=target.target,
        owner=view.owner or texts.TARGETS_WHOLE_TASK_FORCE,
        due=f"{target.due_on.month}月{target.due_on.day}日",
        state=state_text(view),
    )


def task_force_lines(kb: KnowledgeBase, views: list[TargetView], today: date) -> list[str]:
    """A task force's targets, grouped by quarter, and its 按期完成率."""
    if not views:
        return []
    name = kb.task_force(views[0].target.task_force_id).name
    head = texts.TARGETS_TASK_FORCE_HEAD.format(
        task_force=name, count=len(views), rate=rate(views, today).text()
    )
    return [head, *(line(view) for view in views)]


async def quarter_views(
    repos: Repositories,
    quarter: Quarter,
    today: date,
    warn_workdays: int,
    task_force_ids: Iterable[str] | None = None,
) -> list[TargetView]:
    views = await target_views(repos, quarter.year, today, warn_workdays, task_force_ids)
    return [view for view in views if view.target.quarter == quarter.number]


def by_task_force(
    kb: KnowledgeBase, views: list[TargetView]
) -> list[tuple[TaskForce, list[TargetView]]]:
    """The task forces with targets among `views`, in the document's order."""
    grouped: dict[str, list[TargetView]] = {}
    for view in views:
        grouped.setdefault(view.target.task_force_id, []).append(view)
    return [(tf, grouped[tf.id]) for tf in kb.task_forces if tf.id in grouped]


def progress_counts(views: Iterable[TargetView]) -> dict[str, int]:
    """How many are done, partly done, not done and not reported."""
    counts = Counter(view.progress for view in views)
    return {
        "done": counts[Progress.DONE],
        "partly": counts[Progress.PARTLY],
        "not_done": counts[Progress.NOT_DONE],
        "unreported": counts[None],
    }


def light_counts(views: Iterable[TargetView]) -> dict[Light, int]:
    counts = Counter(view.light for view in views)
    return {colour: counts[colour] for colour in Light}


def rate_lines(kb: KnowledgeBase, views: list[TargetView], today: date) -> list[str]:
    """The quarter's targets in 进度: the total with its colours, then 按期完成率 per task
    force and per owner unit; nothing without targets."""
    if not views:
        return []
    lights = light_counts(views)
    head = texts.TARGETS_PROGRESS_HEAD.format(
        count=len(views),
        rate=rate(views, today).text(),
        red=lights[Light.RED],
        yellow=lights[Light.YELLOW],
    )
    forces = [
        texts.TARGETS_RATE_ITEM.format(name=short_name(tf), rate=rate(own, today).text())
        for tf, own in by_task_force(kb, views)
    ]
    units = rates(views, today, lambda view: view.owner or texts.TARGETS_WHOLE_TASK_FORCE)
    owners = [
        texts.TARGETS_RATE_ITEM.format(name=name, rate=found.text())
        for name, found in sorted(units.items(), key=lambda item: str(item[0]))
    ]
    return [
        head,
        texts.TARGETS_BY_TASK_FORCE.format(items="；".join(forces)),
        texts.TARGETS_BY_UNIT.format(items="；".join(owners)),
    ]


def export_row(kb: KnowledgeBase, view: TargetView, today: date) -> list[str]:
    """One target in the export's 季度目标 sheet (texts.TARGETS_EXPORT_HEADER)."""
    target, result = view.target, view.result
    if not is_due(view, today):
        on_time = texts.TARGETS_EXPORT_NOT_DUE
    else:
        on_time = texts.OFFICE_YES if view.on_time else texts.OFFICE_NO
    return [
        kb.task_force(target.task_force_id).name,
        target.task,
        target.target,
        view.owner or texts.TARGETS_WHOLE_TASK_FORCE,
        target.due_on.isoformat(),
        texts.PROGRESS_LABELS[view.progress] if view.progress else texts.TARGETS_NOT_REPORTED,
        (result.evidence or "") if result is not None else "",
        local(result.reported_at).strftime("%Y-%m-%d %H:%M") if result is not None else "",
        on_time,
        texts.TARGETS_LIGHTS[view.light] if view.light is not None else "",
    ]
