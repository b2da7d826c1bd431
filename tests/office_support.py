"""Shared set-up of the office console tests: people, reports, and talking to the core."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from bot.events import FeedResult, Incoming
from bot.quarters import Quarter
from storage.models import AuditEntry, OutboxMessage
from storage.repositories import Repositories
from tests.factories import add_person

OFFICE = "WangZhuren"
OUTSIDER = "outsider"
TAX_CONTACT = "tax_contact"
TAX_LEADER = "tax_leader"
POWER_CONTACT = "power_contact"

ANSWERS: dict[str, Any] = {
    "meeting": {"held": True, "date": "2026-11-20"},
    "progress": "本季度推进纳税便利化改革，新增非接触式办税事项十二项，办税时间压缩百分之二十。",
    "lagging": [
        {"no": 2, "name": "缴纳税费时间", "reason": "系统升级延迟", "measure": "12月底前完成切换"}
    ],
    "problems": "无",
    "next_plan": "推广电子税务局新功能。",
    "case": {"formed": True, "title": "非接触式办税典型案例"},
    "benchmark": None,
}

_ids = itertools.count(1)


async def add_people(sessions, now: datetime) -> None:
    """The office member, two task forces' contacts, and someone with no role at all."""
    async with sessions() as session, session.begin():
        await add_person(
            session, userid=OFFICE, name="王主任", unit="政务服务办", now=now, office=True
        )
        await add_person(
            session,
            userid=TAX_CONTACT,
            name="税务联系人",
            unit="税务局",
            now=now,
            task_forces={"paying_taxes": "contact"},
        )
        await add_person(
            session,
            userid=TAX_LEADER,
            name="税务分管领导",
            unit="税务局",
            now=now,
            task_forces={"paying_taxes": "leader"},
        )
        await add_person(
            session,
            userid=POWER_CONTACT,
            name="工信联系人",
            unit="工信局",
            now=now,
            task_forces={"getting_electricity": "contact"},
        )
        await add_person(session, userid=OUTSIDER, name="路人", unit=None, now=now)


async def say(dispatcher, clock, text: str, user: str = OFFICE) -> FeedResult:
    message = Incoming(
        user_id=user, text=text, msg_id=f"office-{next(_ids)}", received_at=clock.now()
    )
    return await dispatcher.feed(message)


def reply_of(result: FeedResult) -> str:
    return "\n".join(reply.text for reply in result.replies)


async def submit_report(
    sessions,
    now: datetime,
    task_force_id: str = "paying_taxes",
    quarter: str = "2026Q4",
    answers: dict[str, Any] | None = None,
    userid: str = TAX_CONTACT,
) -> None:
    """Fill and submit a report the way the check-in flow does, through the repository."""
    q = Quarter.parse(quarter)
    async with sessions() as session, session.begin():
        reports = Repositories(session).reports
        period = await reports.period(q.id) or await reports.set_period(
            q.id,
            opens_on=q.default_opens_on(),
            due_on=q.default_due_on(),
            locks_on=q.default_locks_on(),
            now=now,
        )
        report = await reports.report_for_update(q.id, task_force_id, now)
        await reports.save_answers(report, answers or ANSWERS, userid, now)
        await reports.submit(report, userid, now, await reports.due_on(period, task_force_id))


async def save_draft(
    sessions, now: datetime, task_force_id: str, answers: dict[str, Any], quarter: str = "2026Q4"
) -> None:
    q = Quarter.parse(quarter)
    async with sessions() as session, session.begin():
        reports = Repositories(session).reports
        if await reports.period(q.id) is None:
            await reports.set_period(
                q.id,
                opens_on=q.default_opens_on(),
                due_on=q.default_due_on(),
                locks_on=q.default_locks_on(),
                now=now,
            )
        report = await reports.report_for_update(q.id, task_force_id, now)
        await reports.save_answers(report, answers, TAX_CONTACT, now)


async def outbox(sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        return await Repositories(session).outbox.by_status("queued")


async def audit_entries(sessions, entity: str | None = None) -> list[AuditEntry]:
    async with sessions() as session:
        return await Repositories(session).audit.entries(entity)
