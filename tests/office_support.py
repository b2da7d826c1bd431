"""Shared set-up of the office console tests: people, reports, and talking to the core."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.messages import FeedResult
from core.quarters import Quarter
from core.settings import Settings
from storage.models import AuditEntry
from storage.periods import ensure_period
from storage.repositories import Repositories
from tests.chat import incoming
from tests.factories import add_person

DUE_DAY = Settings.model_fields["report_due_day"].default
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

PEOPLE = (
    # userid, name, unit, {task force: role}, office
    (OFFICE, "王主任", "政务服务办", {}, True),
    (TAX_CONTACT, "税务联系人", "税务局", {"paying_taxes": "contact"}, False),
    (TAX_LEADER, "税务分管领导", "税务局", {"paying_taxes": "leader"}, False),
    (POWER_CONTACT, "工信联系人", "工信局", {"getting_electricity": "contact"}, False),
    (OUTSIDER, "路人", None, {}, False),
)


async def add_people(sessions, now: datetime, people=PEOPLE) -> None:
    """The office member, two task forces' contacts, and someone with no role at all (or
    the `people` given, in PEOPLE's form)."""
    async with sessions() as session, session.begin():
        for userid, name, unit, task_forces, office in people:
            await add_person(
                session,
                userid=userid,
                name=name,
                unit=unit,
                now=now,
                task_forces=task_forces,
                office=office,
            )


async def say(dispatcher, clock, text: str, user: str = OFFICE) -> FeedResult:
    return await dispatcher.feed(incoming(clock, user, text))


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
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        period = await ensure_period(repos, Quarter.parse(quarter), DUE_DAY, now)
        report = await repos.reports.report_for_update(period.id, task_force_id, now)
        await repos.reports.save_answers(report, answers or ANSWERS, userid, now)
        _, due_on = await repos.reports.exemption_and_due(period, task_force_id)
        await repos.reports.submit(report, userid, now, due_on)


async def save_draft(
    sessions, now: datetime, task_force_id: str, answers: dict[str, Any], quarter: str = "2026Q4"
) -> None:
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        period = await ensure_period(repos, Quarter.parse(quarter), DUE_DAY, now)
        report = await repos.reports.report_for_update(period.id, task_force_id, now)
        await repos.reports.save_answers(report, answers, TAX_CONTACT, now)


async def audit_entries(sessions, entity: str | None = None) -> list[AuditEntry]:
    async with sessions() as session:
        return await Repositories(session).audit.entries(entity)
