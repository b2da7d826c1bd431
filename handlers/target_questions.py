"""“本季度目标完成情况” by chat, answered from the targets and their results: the office sees
every task force, a 联系人 or 分管领导 their own task forces only; anyone else's question
goes on to knowledge Q&A. Routed before Q&A, like handlers/selfservice.py."""

from __future__ import annotations

import re

from core.roles import FILLER_ROLES
from handlers import targets, texts
from handlers.context import Context
from handlers.names import short_name
from handlers.problems import visible
from knowledge.normalize import normalize
from storage.periods import reporting_quarter

ASK = re.compile(r"(本|这个?|当前)季度.*目标.*(完成|情况|进展|怎么样)|^(季度)?目标完成情况")


async def handle(ctx: Context) -> bool:
    if ASK.search(normalize(ctx.text)) is None:
        return False
    seen = (await visible.viewer(ctx)).task_forces(FILLER_ROLES)
    mine = None if seen is None else sorted(seen)
    if mine == []:
        return False
    ctx.intent = "targets.quarter"
    today = ctx.today()
    quarter = await reporting_quarter(ctx.repos, today)
    views = await targets.quarter_views(
        ctx.repos, quarter, today, ctx.settings.warning_workdays, mine
    )
    head = texts.TARGETS_QUARTER_HEAD.format(
        quarter=quarter.label, count=len(views), rate=targets.rate(views, today).text()
    )
    lines = [head]
    asked = [tf for tf in ctx.kb.task_forces if mine is None or tf.id in mine]
    planned = {view.target.task_force_id for view in views}
    for task_force, own in targets.by_task_force(ctx.kb, views):
        lines.append(
            texts.TARGETS_QUARTER_TASK_FORCE.format(
                task_force=short_name(task_force),
                count=len(own),
                counts=texts.TARGETS_QUARTER_COUNTS.format(**targets.progress_counts(own)),
                rate=targets.rate(own, today).text(),
            )
        )
        if mine is not None:  # a contact's own targets, one by one
            lines += [targets.line(view) for view in own]
    without = [short_name(tf) for tf in asked if tf.id not in planned]
    if without:
        lines.append(texts.TARGETS_QUARTER_WITHOUT.format(names="、".join(without)))
    ctx.reply("\n".join(lines))
    return True
