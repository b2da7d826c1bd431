"""What the office commands share: names, times, the quarter argument, contacts, the audit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from core.clock import local
from core.quarters import Quarter
from handlers import texts
from handlers.checkin.parsing import Control, control_word
from handlers.context import Context
from handlers.office.args import ArgumentError, parse_quarter
from handlers.office.overview import Overview, load_overview
from handlers.reminders.plan import load_members
from knowledge.models import TaskForce
from knowledge.normalize import normalize
from storage.periods import reporting_quarter
from storage.repositories.registry import MemberView


def when(moment: datetime | None) -> str:
    """A moment as users read it: local time, month-day hour:minute."""
    return local(moment).strftime("%m-%d %H:%M") if moment is not None else ""


def missing(usage: str) -> ArgumentError:
    return ArgumentError(texts.OFFICE_MISSING_ARGUMENT.format(usage=usage))


async def quarter_or_current(ctx: Context, text: str) -> Quarter:
    if text.strip():
        return parse_quarter(text.strip(), ctx.today())
    return await reporting_quarter(ctx.repos, ctx.today())


async def quarter_overview(
    ctx: Context, quarter: Quarter, task_forces: Iterable[TaskForce] | None = None
) -> Overview:
    """`load_overview` as of today, with the configured default due day."""
    today = ctx.today()
    return await load_overview(
        ctx.repos, ctx.kb, quarter, today, ctx.settings.report_due_day, task_forces
    )


async def lead_contacts(ctx: Context, task_force_id: str) -> list[MemberView]:
    """Who answers for the report: the lead units' contacts, else their leaders."""
    return (await lead_contacts_of(ctx, [task_force_id]))[task_force_id]


async def lead_contacts_of(
    ctx: Context, task_force_ids: Sequence[str]
) -> dict[str, list[MemberView]]:
    """`lead_contacts` of many task forces, read in one query."""
    members = await load_members(ctx.repos, task_force_ids)
    return {
        tf_id: members.contacts.get(tf_id) or members.leaders.get(tf_id, [])
        for tf_id in task_force_ids
    }


async def report_people(
    ctx: Context, task_force_id: str
) -> tuple[list[MemberView], list[MemberView]]:
    """Who hears about a report: its lead units' contacts (their leaders stand in when the
    roster has none) and, separately, the 分管领导 who are told of 提交, 退回, 通过 and 延期."""
    members = await load_members(ctx.repos, [task_force_id])
    leaders = members.leaders.get(task_force_id, [])
    contacts = members.contacts.get(task_force_id, [])
    return (contacts, leaders) if contacts else (leaders, [])


CONFIRM_WORDS = frozenset({"确认", "确定", "发布", "是", "ok", "yes"})


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


async def confirmed(
    ctx: Context, intent: str, words: frozenset[str], *, cancelled: str, waiting: str
) -> dict[str, Any] | None:
    """The step after a preview: the pending data (state cleared) when an office member
    answers with one of `words`; None after 取消 (or another cancel word), after anything else
    (the question is asked again, `waiting`) or when the sender is no longer office. Other
    office commands meanwhile run as usual: office.FLOWS lets them through."""
    word = control_word(ctx.text)
    if word is not None and word.control is Control.CANCEL:
        ctx.intent = f"{intent}.cancel"
        ctx.state.clear()
        ctx.reply(cancelled)
        return None
    if normalize(ctx.text) not in words:
        ctx.intent = f"{intent}.waiting"
        ctx.reply(waiting)
        return None
    data = dict(ctx.state.data)
    ctx.state.clear()
    if not await ctx.repos.registry.is_office(ctx.message.user_id):
        ctx.intent = "office.refused"
        ctx.reply(cancelled)
        return None
    ctx.intent = intent
    return data
