"""目标: a task force's targets for a year, plan against what was reported, with colours and
its 按期完成率 (handlers/targets.py)."""

from __future__ import annotations

from datetime import date

from core.office_commands import OfficeCommand
from handlers import targets, texts
from handlers.context import Context
from handlers.office.args import parse_year, resolve_task_force, split
from handlers.office.common import missing


async def list_targets(ctx: Context, args: str) -> None:
    name, year_text, _ = split(args, 2)
    if not name:
        raise missing(texts.OFFICE_USAGE[OfficeCommand.TARGETS])
    task_force = resolve_task_force(ctx.kb, name)
    today = ctx.today()
    # Next year's targets are entered before it starts.
    year = parse_year(year_text, date(today.year + 1, 1, 1)) if year_text else today.year
    views = await targets.target_views(
        ctx.repos, year, today, ctx.settings.warning_workdays, [task_force.id]
    )
    if not views:
        ctx.reply(texts.TARGETS_LIST_NONE.format(task_force=task_force.name, year=year))
        return
    lines = [texts.TARGETS_LIST_HEAD.format(year=year)]
    ctx.reply("\n".join([*lines, *targets.task_force_lines(ctx.kb, views, today)]))
