"""Questions about the problem list by chat, answered from the data, each person seeing
only what they may: the office everything; a task force's people (分管领导, 联系人, 成员)
their task forces; anyone else only the district's totals.

- "获得电力还有哪些问题没销号" / "电力有啥问题没解决" — the open problems (of a task
  force, or all one may see);
- "我们单位有几项红灯" / "有哪些红灯" — red problems and targets (each named 问题/目标): the
  office's all, anyone else's their unit's;
- "哪些专班有超期问题" — task forces with overdue open problems;
- "超期的问题有哪些" — the overdue open problems themselves (of a task force, or all one
  may see);
- "我的问题" / "待签收" — the sender's unit's problems / those waiting for 签收.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from enum import StrEnum

from core.lights import ItemKind, Light, LitItem
from core.problems import ProblemStatus
from handlers.context import Context
from handlers.names import short_name
from handlers.problems import common, texts, visible
from knowledge.models import TaskForce
from storage.models import Problem


class Ask(StrEnum):
    OPEN = "open"
    RED = "red"
    OVERDUE = "overdue"
    OVERDUE_ITEMS = "overdue_items"
    PENDING = "pending"
    MINE = "mine"


_UNDONE = "(销号|解决|办结|整改完?|处理完?|落实)"
"""The words people use for a problem not yet closed: 没销号, 没解决, 未办结 ..."""

_ASKS = (
    (Ask.PENDING, re.compile(r"^(我的|我们的?|本单位的?)?待签收(的问题)?[?？]?$")),
    (Ask.OVERDUE, re.compile(r"(哪些|几个|多少个?)专班.*(超期|逾期)")),
    (Ask.RED, re.compile(r"(几|多少)(项|个|条)?红灯|红灯.*(几|多少|哪些)|哪些.*红灯")),
    (
        Ask.OVERDUE_ITEMS,
        re.compile(
            r"(超期|逾期|过期)(未销号)?的?问题(有)?(哪些|几|多少|清单)"
            r"|(哪些|几个|几项|多少)(是)?(超期|逾期)的?问题|(哪些|几个|几项|多少)问题.*(超期|逾期)"
        ),
    ),
    (Ask.OPEN, re.compile(rf"问题.*(没|未|还没|尚未)(有)?{_UNDONE}|(未|没)(有)?{_UNDONE}的?问题")),
    (Ask.MINE, re.compile(r"^(我的|我们的?|我们单位的?|本单位的?)问题(清单)?[?？]?$")),
)


def ask_of(text: str) -> Ask | None:
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return next((ask for ask, pattern in _ASKS if pattern.search(cleaned)), None)


def mentioned(ctx: Context) -> TaskForce | None:
    """The task force the question names, by its longest name found in it."""
    found = [
        (len(name), tf)
        for tf in ctx.kb.task_forces
        for name in tf.names
        if len(name) >= 2 and name in ctx.text
    ]
    if found:
        return max(found, key=lambda pair: pair[0])[1]
    # "电力" for 获得电力: a short name without its leading verb, when only one task force has it
    tails = {tf.id: tf for tf in ctx.kb.task_forces if _tail(tf) and _tail(tf) in ctx.text}
    return next(iter(tails.values())) if len(tails) == 1 else None


def _tail(task_force: TaskForce) -> str:
    name = short_name(task_force)
    return name[2:] if len(name) >= 4 else ""


async def handle(ctx: Context) -> bool:
    ask = ask_of(ctx.text)
    if ask is None:
        return False
    ctx.intent = f"problem.ask.{ask.value}"
    person = await visible.viewer(ctx)
    office, memberships = person.office, person.memberships
    seen_ids = person.task_forces()
    everything = await ctx.repos.problems.listing(open_only=ask is not Ask.MINE)
    if person.outside:
        ctx.reply(await _aggregate(ctx, everything))
        return True
    if ask is Ask.RED:
        ctx.reply(await _red(ctx, person))
        return True
    units = await ctx.repos.problems.unit_names()
    mine_units = {m.unit for m in memberships if m.unit}
    mine = [
        p
        for p in everything
        if p.task_force_id in (seen_ids or ()) and units[p.owner_unit_id] in mine_units
    ]
    if ask in (Ask.MINE, Ask.PENDING):
        if ask is Ask.PENDING:
            mine = [p for p in mine if p.status is ProblemStatus.ASSIGNED]
        ctx.reply(_listing(ctx, mine, units, ask))
        return True
    seen = [p for p in everything if seen_ids is None or p.task_force_id in seen_ids]
    if ask is Ask.OVERDUE:
        ctx.reply(_overdue(ctx, seen))
        return True
    task_force = mentioned(ctx)
    if task_force is not None and seen_ids is not None and task_force.id not in seen_ids:
        count = sum(p.task_force_id == task_force.id for p in everything)
        ctx.reply(texts.ASK_OTHER_TASK_FORCE.format(task_force=task_force.name, count=count))
        return True
    if task_force is not None:
        seen = [p for p in seen if p.task_force_id == task_force.id]
    name = task_force.name if task_force is not None else _scope_name(office)
    overdue = ask is Ask.OVERDUE_ITEMS
    if overdue:
        seen = [p for p in seen if p.due_on < ctx.today()]
    if not seen:
        none = texts.ASK_OVERDUE_ITEMS_NONE if overdue else texts.ASK_OPEN_NONE
        ctx.reply(none.format(scope=name))
    else:
        items = "\n".join(common.lines(ctx, seen, units))
        template = texts.ASK_OVERDUE_ITEMS if overdue else texts.ASK_OPEN
        ctx.reply(template.format(scope=name, count=len(seen), items=items))
    return True


def _colour(ctx: Context, problem: Problem) -> Light | None:
    return common.problem_light(problem, ctx.today(), ctx.settings.warning_workdays)


def _scope_name(office: bool) -> str:
    return texts.LIST_ALL if office else texts.ASK_SCOPE_MINE


async def _red_items(ctx: Context, task_force_ids: frozenset[str] | None) -> list[LitItem]:
    today, warn = ctx.today(), ctx.settings.warning_workdays
    items = await visible.lit_items(ctx.repos, today, warn, task_force_ids)
    return [item for item in items if item.light is Light.RED]


async def _red(ctx: Context, person: visible.Viewer) -> str:
    """The red problems and targets: the office's all; anyone else's their unit's."""
    red = await _red_items(ctx, person.task_forces())
    if not person.office:
        red = [item for item in red if person.owns(item)]
    names = {tf.id: short_name(tf) for tf in ctx.kb.task_forces}
    lines = "\n".join(visible.item_line(names, item) for item in red)
    kinds = Counter(item.kind for item in red)
    return texts.ASK_RED.format(
        scope=texts.LIST_ALL if person.office else texts.ASK_SCOPE_UNIT,
        count=len(red),
        problems=kinds[ItemKind.PROBLEM],
        targets=kinds[ItemKind.TARGET],
        items="：\n" + lines if red else "。",
    )


async def _aggregate(ctx: Context, problems: list[Problem]) -> str:
    red = await _red_items(ctx, None)
    return texts.ASK_REFUSED.format(
        open=len(problems),
        red=sum(item.kind is ItemKind.PROBLEM for item in red),
        red_targets=sum(item.kind is ItemKind.TARGET for item in red),
    )


def _listing(ctx: Context, problems: list[Problem], units: dict[int, str], ask: Ask) -> str:
    if not problems:
        return texts.ASK_PENDING_NONE if ask is Ask.PENDING else texts.ASK_MINE_NONE
    items = "\n".join(common.lines(ctx, problems, units))
    template = texts.ASK_PENDING if ask is Ask.PENDING else texts.ASK_MINE
    return template.format(count=len(problems), items=items)


def _overdue(ctx: Context, problems: list[Problem]) -> str:
    today = ctx.today()
    counts = Counter(p.task_force_id for p in problems if p.due_on < today)
    if not counts:
        return texts.ASK_OVERDUE_NONE
    order = {tf.id: n for n, tf in enumerate(ctx.kb.task_forces)}
    items = "、".join(
        texts.OVERDUE_ITEM.format(task_force=short_name(ctx.kb.task_force(tf)), count=count)
        for tf, count in sorted(counts.items(), key=lambda pair: order[pair[0]])
    )
    return texts.ASK_OVERDUE.format(count=len(counts), items=items)
