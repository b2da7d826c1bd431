"""分管领导's 确认 of submissions waiting for them (handlers/leaders.py holds them)."""

from __future__ import annotations

from core.quarters import Quarter
from handlers import texts
from handlers.checkin import render
from handlers.console_links import link_line, task_force_path
from handlers.context import Context
from handlers.leaders import office_notice_key
from handlers.names import person_names
from handlers.notices import notify_in_office_hours
from handlers.reporters import fillable
from knowledge.normalize import normalize
from storage.periods import report_key

CONFIRM_WORDS = frozenset({texts.LEADER_CONFIRM_WORD, "同意", "确认报告", "同意报送", "确认报送"})


async def handle(ctx: Context) -> bool:
    """确认 from a 分管领导 with submissions waiting: confirm them all and tell the office."""
    if normalize(ctx.text) not in CONFIRM_WORDS:
        return False
    memberships = await ctx.repos.registry.memberships_of(ctx.user_key)
    led = [m for m in memberships if m.role == "leader"]
    task_force_ids = fillable(ctx.kb, led)
    waiting = await ctx.repos.reports.awaiting_leader(task_force_ids)
    if not waiting:
        return False
    ctx.intent = "leader.confirm"
    now = ctx.now()
    names = await person_names(ctx.repos, (report.submitted_by for report in waiting))
    office = await ctx.repos.registry.office_userids()
    confirmed = []
    for report in waiting:
        report.awaiting_leader = False
        report.leader_confirmed_by, report.leader_confirmed_at = ctx.message.user_id, now
        task_force = ctx.kb.task_force(report.task_force_id)
        quarter = Quarter.parse(report.period_id)
        assert report.submitted_at is not None and report.submitted_by is not None
        await notify_in_office_hours(
            ctx,
            office,
            texts.CHECKIN_OFFICE_NOTICE.format(
                task_force=task_force.name,
                quarter=quarter.label,
                version=report.version,
                name=names[report.submitted_by],
                time=render.time(report.submitted_at),
                late=texts.CHECKIN_OFFICE_LATE if report.late else "",
            )
            + link_line(ctx.settings, task_force_path(report.task_force_id)),
            source="checkin",
            key=office_notice_key(report),
        )
        await ctx.repos.audit.record(
            at=now,
            actor=ctx.message.user_id,
            action="report.leader_confirm",
            entity="report",
            entity_key=report_key(quarter, report.task_force_id),
            after={"version": report.version},
        )
        confirmed.append(
            texts.LEADER_CONFIRMED_ITEM.format(
                task_force=task_force.name, quarter=quarter.label, version=report.version
            )
        )
    ctx.reply(texts.LEADER_CONFIRMED.format(reports="、".join(confirmed)))
    return True
