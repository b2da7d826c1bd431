"""Reminders of the problem list (and of any other lit items), composed on each reminder
tick from the database: nothing is held in memory, so a restart changes nothing.

- **Escalation**: a problem still unsigned (交办, no 签收) one working day after it was
  assigned (core.problems.acknowledge_by) goes to its task force's 分管领导, once.
- **Colours**: an item that turns yellow goes to its owner unit's people; one that turns red
  to them and the task force's 分管领导. Once per item, colour and due date (a new due
  date starts afresh).
- **Weekly digest**: every red item, grouped by task force, to the office group (its
  robot), on the first working day of the week a tick runs with red items.

Each person gets one message per tick listing all of their items. A notice is reserved in
`problem_notices` (item, stage, recipient: UNIQUE) in the tick's transaction, so it goes
out once across restarts and instances. The scheduler (bot/scheduler.py) runs it only on
working days within office hours.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from core.clock import local
from core.dates import short_day
from core.lights import Light, LitItem
from core.messages import Outbound, Text, ToRobot, ToUsers
from core.problems import acknowledge_by
from core.roles import Role
from handlers.problems import texts
from handlers.problems.visible import SOURCES, Source, item_line, lit_items
from knowledge.models import TASK_FORCE_SUFFIX
from storage.repositories import Repositories

OFFICE_GROUP = "office"
"""The recipient of the weekly digest: the office group's robot."""

NoticeKey = tuple[str, str, str]
"""(item, stage, recipient), reserved once in problem_notices."""


@dataclass(frozen=True, slots=True)
class ProblemMessage:
    to: ToUsers | ToRobot
    text: str
    keys: tuple[NoticeKey, ...]
    dedupe_key: str = field(init=False)

    def __post_init__(self) -> None:
        joined = "\n".join("/".join(key) for key in sorted(self.keys))
        digest = hashlib.sha256(joined.encode()).hexdigest()[:40]
        object.__setattr__(self, "dedupe_key", "problem-reminder:" + digest)

    @property
    def message(self) -> Outbound:
        return Outbound(self.to, Text(self.text))


def item_key(item: LitItem) -> str:
    return f"{item.kind.value}:{item.item_id}"


@dataclass
class _People:
    """Who is told about a task force's items: its people by unit, and its 分管领导."""

    repos: Repositories
    members: dict[str, list] = field(default_factory=dict)

    async def of(self, task_force_id: str) -> list:
        if task_force_id not in self.members:
            self.members[task_force_id] = await self.repos.registry.members(task_force_id)
        return self.members[task_force_id]

    async def owners(self, item: LitItem) -> list[str]:
        """The owner unit's people; the task force's contacts for an item the task force
        as a whole owns (a target with no 责任单位)."""
        members = await self.of(item.task_force_id)
        if item.owner_unit is None:
            return [m.userid for m in members if m.role is Role.CONTACT]
        return [m.userid for m in members if m.unit == item.owner_unit]

    async def leaders(self, task_force_id: str) -> list[str]:
        return [m.userid for m in await self.of(task_force_id) if m.role is Role.LEADER]


async def compose(
    repos: Repositories,
    now: datetime,
    warn_workdays: int,
    sources: tuple[Source, ...] = SOURCES,
) -> list[ProblemMessage]:
    """The messages due at `now` that have not gone yet (their keys not reserved)."""
    local_now = local(now)
    today = local_now.date()
    people = _People(repos)
    escalations: dict[str, list[tuple[NoticeKey, str]]] = defaultdict(list)
    lights: dict[str, list[tuple[NoticeKey, str]]] = defaultdict(list)
    unsigned = [
        problem
        for problem in await repos.problems.unacknowledged()
        if local_now >= acknowledge_by(local(problem.created_at))
    ]
    items = await lit_items(repos, today, warn_workdays, sources=sources)
    if not unsigned and all(item.light is Light.GREEN for item in items):
        return []  # most ticks: nothing to say, and no more reads
    units = await repos.problems.unit_names()
    names = {
        tf_id: name.removesuffix(TASK_FORCE_SUFFIX)
        for tf_id, name in (await repos.problems.task_force_names()).items()
    }

    for problem in unsigned:
        line = texts.ESCALATION_ITEM.format(
            no=problem.id,
            task_force=names[problem.task_force_id],
            unit=units[problem.owner_unit_id],
            title=problem.title,
            assigned=short_day(local(problem.created_at).date()),
        )
        for leader in await people.leaders(problem.task_force_id):
            escalations[leader].append(((f"problem:{problem.id}", "escalate", leader), line))

    red = [item for item in items if item.light is Light.RED]
    for item in items:
        if item.light is Light.GREEN:
            continue
        recipients = await people.owners(item)
        if item.light is Light.RED:
            recipients += await people.leaders(item.task_force_id)
        stage = f"{item.light.value}@{item.due.isoformat()}"
        for userid in dict.fromkeys(recipients):
            lights[userid].append(((item_key(item), stage, userid), item_line(names, item)))

    digest_keys: list[NoticeKey] = []
    if red:
        iso_year, week, _ = today.isocalendar()
        digest_keys = [("digest", f"{iso_year}-W{week:02d}", OFFICE_GROUP)]

    wanted = {key for notices in (*escalations.values(), *lights.values()) for key, _ in notices}
    taken = await repos.problems.reserved({key[0] for key in wanted} | {"digest"})
    messages = []
    for userid in sorted(set(escalations) | set(lights)):
        parts, keys = [], []
        for template, notices in (
            (texts.ESCALATION, escalations),
            (texts.LIGHTS_REMINDER, lights),
        ):
            fresh = [(key, line) for key, line in notices.get(userid, []) if key not in taken]
            if fresh:
                parts.append(template.format(items="\n".join(line for _, line in fresh)))
                keys += [key for key, _ in fresh]
        if keys:
            messages.append(ProblemMessage(ToUsers.of(userid), "\n\n".join(parts), tuple(keys)))
    if digest_keys and digest_keys[0] not in taken:
        messages.append(ProblemMessage(ToRobot(), _digest(names, red), tuple(digest_keys)))
    return messages


def _digest(names: dict[str, str], red: list[LitItem]) -> str:
    by_task_force: dict[str, list[LitItem]] = defaultdict(list)
    for item in red:
        by_task_force[item.task_force_id].append(item)
    order = {tf_id: n for n, tf_id in enumerate(names)}
    groups = [
        texts.DIGEST_GROUP.format(
            task_force=names[tf_id],
            items="\n".join(item_line(names, item) for item in by_task_force[tf_id]),
        )
        for tf_id in sorted(by_task_force, key=lambda tf_id: order[tf_id])
    ]
    return texts.DIGEST.format(count=len(red), groups="\n".join(groups))
