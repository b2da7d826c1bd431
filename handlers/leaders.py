"""分管领导 in the loop, at submission: with ZHUANBAN_LEADER_CONFIRMATION a contact's submission
waits for a 分管领导's 确认 before the office sees it (handlers/leader_confirm.py takes the
确认; the reminder ladder reminds and escalates)."""

from __future__ import annotations

from core.messages import Button, Card, Outbound, ToUsers
from handlers import texts
from handlers.console_links import console_link, task_force_path
from handlers.context import Context
from handlers.notices import send_at
from storage.models import Report
from storage.repositories.registry import MemberView


def office_notice_key(report: Report) -> str:
    return f"checkin:{report.period_id}:{report.task_force_id}:v{report.version}:office"


async def hold_for_confirmation(
    ctx: Context, report: Report, fillers: list[MemberView], me: MemberView, values: dict
) -> bool:
    """Right after a submission: True when it now waits for a 分管领导 (asked here; the office
    hears of it on 确认). A leader's own submission, or a task force without one on the roster,
    goes to the office at once."""
    leaders = [m for m in fillers if m.role == "leader"]
    if not ctx.settings.leader_confirmation or me.role == "leader" or not leaders:
        report.awaiting_leader = False
        if me.role == "leader":
            report.leader_confirmed_by, report.leader_confirmed_at = me.userid, ctx.now()
        return False
    report.awaiting_leader = True
    report.leader_confirmed_by, report.leader_confirmed_at = None, None
    # A template card with a 确认 button per leader (a click sends 确认, the word they may
    # also type); the outbox falls back to plain text where a card cannot go.
    key = office_notice_key(report).removesuffix(":office") + ":confirm"
    request = texts.LEADER_CONFIRM_REQUEST.format(**values)
    page = console_link(ctx.settings, task_force_path(report.task_force_id)) or ""
    for leader in leaders:
        card = Card(
            request,
            (Button(texts.LEADER_CONFIRM_WORD, texts.LEADER_CONFIRM_WORD),),
            texts.LEADER_CONFIRM_TITLE,
            url=page,  # a tap on the card opens the report in the console
        )
        await ctx.send(
            Outbound(ToUsers.of(leader.userid), card),
            source="checkin",
            dedupe_key=f"{key}:{leader.userid.lower()}",
            not_before=send_at(ctx, immediate=False),  # a card cannot merge; it waits alone
        )
    ctx.reply(texts.CHECKIN_AWAITING_LEADER.format(names="、".join(m.name for m in leaders)))
    return True
