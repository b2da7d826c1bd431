"""提醒: what the reminder ladder sent and will send, in chat (as `zhuanban remind list`)."""

from __future__ import annotations

from handlers.context import Context
from handlers.office.common import quarter_or_current
from handlers.reminders.plan import LOCK_NAME
from handlers.reminders.schedule import build_schedule, render_schedule
from storage.periods import ensure_period


async def reminders(ctx: Context, args: str) -> None:
    quarter = await quarter_or_current(ctx, args)
    period = await ensure_period(ctx.repos, quarter, ctx.settings.report_due_day, ctx.now())
    rows = await build_schedule(ctx.repos, [period], ctx.now())
    ctx.reply(render_schedule(rows, await ctx.repos.reminders.lock(LOCK_NAME)))
