"""Questions about the problem list by chat, answered from the data, each person seeing
only what they may: the office everything; a task force's people (分管领导, 联系人, 成员)
their task forces; anyone else only the district's totals.

- "获得电力还有哪些问题没销号" — the open problems (of a task force, or all one may see);
- "我们单位有几项红灯" — red problems of the sender's unit;
- "哪些专班有超期问题" — task forces with overdue open problems;
- "我的问题" / "待签收" — the sender's unit's problems / those waiting for 签收.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from enum import StrEnum

from core.lights import Light
from core.problems import ProblemStatus
from handlers.context import Context
from handlers.names import short_name
from handlers.problems import common, texts
from knowledge.models import TaskForce
from storage.models import Problem


class Ask(StrEnum):
    OPEN = "open"
    RED = "red"
    OVERDUE = "overdue"
    PENDING = "pending"
    MINE = "mine"


_ASKS = (
    (Ask.PENDING, re.compile(r"^(我的|我们的?|本单位的?)?待签收(的问题)?[?？]?$")),
    (Ask.OVERDUE, re.compile(r"(哪些|几个|多少个?)专班.*(超期|逾期)")),
    (Ask.RED, re.compile(r"(几|多少)(项|个|条)?红灯|红灯.*(几|多少|哪些)")),
    (Ask.OPEN, re.compile(r"问题.*(没|未|还没)(有)?销号|未销号的?问题")),
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
    return max(found, key=lambda pair: pair[0])[1] if found else None


async def handle(ctx: Context) -> bool:
    ask = ask_of(ctx.text)
    if ask is None:
        return False
    ctx.intent = f"problem.ask.{ask.value}"
    office = await ctx.repos.registry.is_office(ctx.message.user_id)
    memberships = await ctx.repos.registry.memberships_of(ctx.user_key)
    visible = None if office else {m.task_force_id for m in memberships}
    everything = await ctx.repos.problems.listing(open_only=ask is not Ask.MINE)
    if not office and not memberships:
        ctx.reply(_aggregate(ctx, everything))
        return True
    units = await ctx.repos.problems.unit_names()
    mine_units = {m.unit for m in memberships if m.unit}
    mine = [
        p
        for p in everything
        if p.task_force_id in (visible or ()) and units[p.owner_unit_id] in mine_units
    ]
    if ask in (Ask.MINE, Ask.PENDING):
        if ask is Ask.PENDING:
            mine = [p for p in mine if p.status is ProblemStatus.ASSIGNED]
        ctx.reply(_listing(ctx, mine, units, ask))
        return True
    if ask is Ask.RED:
        scope = mine if not office else everything
        red = [p for p in scope if _colour(ctx, p) is Light.RED]
        items = "：\n" + "\n".join(common.lines(ctx, red, units)) if red else "。"
        scope_name = texts.LIST_ALL if office else texts.ASK_SCOPE_UNIT
        ctx.reply(texts.ASK_RED.format(scope=scope_name, count=len(red), items=items))
        return True
    seen = [p for p in everything if visible is None or p.task_force_id in visible]
    if ask is Ask.OVERDUE:
        ctx.reply(_overdue(ctx, seen))
        return True
    task_force = mentioned(ctx)
    if task_force is not None and visible is not None and task_force.id not in visible:
        count = sum(p.task_force_id == task_force.id for p in everything)
        ctx.reply(texts.ASK_OTHER_TASK_FORCE.format(task_force=task_force.name, count=count))
        return True
    if task_force is not None:
        seen = [p for p in seen if p.task_force_id == task_force.id]
    name = task_force.name if task_force is not None else _scope_name(office)
    if not seen:
        ctx.reply(texts.ASK_OPEN_NONE.format(scope=name))
    else:
        items = "\n".join(common.lines(ctx, seen, units))
        ctx.reply(texts.ASK_OPEN.format(scope=name, count=len(seen), items=items))
    return True


def _colour(ctx: Context, problem: Problem) -> Light | None:
    return common.problem_light(problem, ctx.today(), ctx.settings.warning_workdays)


def _scope_name(office: bool) -> str:
    return texts.LIST_ALL if office else texts.ASK_SCOPE_MINE


def _aggregate(ctx: Context, problems: list[Problem]) -> str:
    red = sum(_colour(ctx, p) is Light.RED for p in problems)
    return texts.ASK_REFUSED.format(open=len(problems), red=red)


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
