"""What the problem list's handlers share: who owns a problem, how one is named and shown,
and the notice of a change to its people."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime

from core.clock import local
from core.dates import short_day
from core.lights import Light, light
from core.problems import ProblemStatus
from core.roles import Role
from core.stages import SendingHours
from handlers.context import Context
from handlers.names import short_name
from handlers.problems import texts
from knowledge import KnowledgeBase
from storage.models import Problem, ProblemEvent
from storage.repositories import Repositories
from storage.repositories.registry import MemberView

_NUMBER = re.compile(r"^(?:问题|第|#|No\.?)?\s*(\d{1,9})\s*(?:项|号)?$", re.IGNORECASE)
_LEADING = re.compile(
    r"^\s*(?:问题|第|#|No\.?)?\s*([0-9０-９]{1,9})\s*(?:项|号)?(?:\s+|[，,：:、；;。]\s*|$)",
    re.IGNORECASE,
)


def parse_number(text: str) -> int | None:
    """A problem's number as people write it: 3, 问题3, #3, 第3项."""
    match = _NUMBER.match(unicodedata.normalize("NFKC", text).strip())
    return int(match.group(1)) if match else None


def split_number(text: str) -> tuple[int | None, str]:
    """The number a text starts with and the rest as typed (3 已完成, 3，已完成, 问题3：…);
    (None, the whole text) when it starts with none."""
    match = _LEADING.match(text)
    if match is None:
        return None, text.strip()
    return int(unicodedata.normalize("NFKC", match.group(1))), text[match.end() :].strip()


async def owners(repos: Repositories, problem: Problem, unit: str) -> list[MemberView]:
    """The owner unit's people in the problem's task force (roster memberships)."""
    members = await repos.registry.members(problem.task_force_id)
    return [m for m in members if m.unit == unit]


async def leader_ids(repos: Repositories, task_force_id: str) -> list[str]:
    """The task force's 分管领导."""
    return [m.userid for m in await repos.registry.members(task_force_id, (Role.LEADER,))]


def problem_light(problem: Problem, today: date, warn_workdays: int) -> Light | None:
    return light(
        problem.due_on,
        today,
        finished=problem.status is ProblemStatus.CLOSED,
        warn_workdays=warn_workdays,
    )


def line(kb: KnowledgeBase, problem: Problem, unit: str, today: date, warn_workdays: int) -> str:
    colour = problem_light(problem, today, warn_workdays)
    return texts.LIST_LINE.format(
        mark=texts.LIGHT_MARKS[colour],
        no=problem.id,
        task_force=short_name(kb.task_force(problem.task_force_id)),
        unit=unit,
        title=problem.title,
        due=short_day(problem.due_on),
        status=texts.STATUS_LABELS[problem.status],
    )


def lines(ctx: Context, problems: Iterable[Problem], units: dict[int, str]) -> list[str]:
    warn = ctx.settings.warning_workdays
    return [line(ctx.kb, p, units[p.owner_unit_id], ctx.today(), warn) for p in problems]


async def announce(
    ctx: Context,
    problem: Problem,
    event: ProblemEvent,
    *,
    also: Iterable[str] = (),
) -> None:
    """Tell the owner unit's people (and `also`) of a step, in this turn's transaction; the
    one who took the step hears it as the reply instead."""
    units = await ctx.repos.problems.unit_names()
    unit = units[problem.owner_unit_id]
    people = [m.userid for m in await owners(ctx.repos, problem, unit)]
    recipients = {u.lower(): u for u in (*people, *also)}
    recipients.pop(ctx.user_key, None)
    if not recipients:
        return
    name = (await ctx.repos.registry.names([event.actor])).get(event.actor, event.actor)
    values = {
        "no": problem.id,
        "title": problem.title,
        "name": name,
        "action": texts.ACTION_LABELS[event.action],
        "status": texts.STATUS_LABELS[problem.status],
        "remark": event.remark or "",
    }
    template = texts.NOTICE_CHANGE if event.remark else texts.NOTICE_CHANGE_PLAIN
    await ctx.notify(
        sorted(recipients.values()),
        template.format(**values),
        source="problems",
        dedupe_key=f"problem:{problem.id}:event:{event.id}",
        not_before=in_office_hours(ctx),
    )


def in_office_hours(ctx: Context) -> datetime | None:
    """When a notice may leave: now (None) within sending hours on a working day, else
    the next moment that is."""
    hours = SendingHours(ctx.settings.office_hours_start, ctx.settings.office_hours_end)
    now = local(ctx.now())
    return None if hours.allows(now) else hours.next_allowed(now)


def event_time(event: ProblemEvent) -> str:
    return local(event.at).strftime("%m-%d %H:%M")
