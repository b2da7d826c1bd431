"""One problem as the office and its people read it: where it stands and every step."""

from __future__ import annotations

from core.dates import short_day
from handlers.context import Context
from handlers.names import short_name
from handlers.problems import texts
from handlers.problems.common import event_time
from storage.models import Problem


async def history_text(ctx: Context, problem: Problem) -> str:
    units = await ctx.repos.problems.unit_names()
    events = await ctx.repos.problems.events(problem.id)
    names = await ctx.repos.registry.names(event.actor for event in events)
    lines = [
        texts.HISTORY_HEADER.format(
            no=problem.id,
            title=problem.title,
            task_force=short_name(ctx.kb.task_force(problem.task_force_id)),
            unit=units[problem.owner_unit_id],
            due=short_day(problem.due_on),
            status=texts.STATUS_LABELS[problem.status],
            source=texts.SOURCE_LABELS[problem.source],
            ref=f"（{problem.source_ref}）" if problem.source_ref else "",
        )
    ]
    for event in events:
        remark = f"：{event.remark}" if event.remark else ""
        if event.attachment_id is not None:
            remark += texts.HISTORY_ATTACHMENT.format(id=event.attachment_id)
        lines.append(
            texts.HISTORY_LINE.format(
                at=event_time(event),
                name=names.get(event.actor, event.actor),
                action=texts.ACTION_LABELS[event.action],
                remark=remark,
            )
        )
    return "\n".join(lines)
