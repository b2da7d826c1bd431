"""What the office commands share: names, times, the quarter argument, contacts, the audit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.clock import local
from bot.quarters import Quarter
from handlers import texts
from handlers.context import Context
from handlers.office.args import ArgumentError, parse_quarter
from handlers.office.overview import current_quarter
from storage.repositories.registry import MemberView


def when(moment: datetime | None) -> str:
    """A moment as users read it: local time, month-day hour:minute."""
    return local(moment).strftime("%m-%d %H:%M") if moment is not None else ""


def day(value: date) -> str:
    return f"{value.month}月{value.day}日"


def report_key(quarter: Quarter, task_force_id: str) -> str:
    """The audit key of a task force's report, extension or exemption: 2026Q4/paying_taxes."""
    return f"{quarter.id}/{task_force_id}"


def missing(usage: str) -> ArgumentError:
    return ArgumentError(texts.OFFICE_MISSING_ARGUMENT.format(usage=usage))


async def quarter_or_current(ctx: Context, text: str) -> Quarter:
    if text.strip():
        return parse_quarter(text.strip())
    return await current_quarter(ctx.repos, local(ctx.now()).date())


async def lead_contacts(ctx: Context, task_force_id: str) -> list[MemberView]:
    """Who answers for the report: the lead units' contacts, else their leaders."""
    members = await ctx.repos.registry.lead_unit_members(task_force_id)
    contacts = [member for member in members if member.role == "contact"]
    return contacts or members


async def audit(
    ctx: Context,
    action: str,
    entity: str,
    key: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    await ctx.repos.audit.record(
        at=ctx.now(),
        actor=ctx.message.user_id,
        action=action,
        entity=entity,
        entity_key=key,
        before=before,
        after=after,
    )
