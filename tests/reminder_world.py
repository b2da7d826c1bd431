"""A small roster and the 2026Q3 period for the reminder tests, built through the real models."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.clock import LOCAL_TZ, local
from core.messages import ToRobot, ToUsers
from core.quarters import Quarter
from core.settings import Settings
from storage.models import OutboxMessage, ReminderLog, TaskForce
from storage.repositories import Repositories
from tests.factories import add_person

Q3 = Quarter(2026, 3)
SETUP_AT = datetime(2026, 8, 31, 12, 0, tzinfo=LOCAL_TZ)

SB = "starting_business"  # 开办企业, led by 市场监管局
IP = "intellectual_property"  # 知识产权, led by 市场监管局
MRI = "market_random_inspection"  # 双随机, led by 市场监管局
TAX = "paying_taxes"  # 纳税, led by 税务局
ACTIVE = (SB, IP, MRI, TAX)

PEOPLE = (  # userid, name, unit, {task force: role}
    ("li", "李明", "市场监管局", {SB: "contact", IP: "contact", MRI: "contact"}),
    ("wang", "王强", "市场监管局", {SB: "leader", IP: "leader", MRI: "leader"}),
    ("zhao", "赵敏", "财政局", {SB: "contact"}),
    ("zhang", "张伟", "税务局", {TAX: "contact"}),
    ("chen", "陈静", "税务局", {TAX: "leader"}),
    ("liu", "刘洋", "税务局", {TAX: "member"}),
)


def at(text: str) -> datetime:
    """'2026-09-01 09:01' in Asia/Shanghai."""
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def narrow_settings(database_url: str) -> Settings:
    """Sending hours 09:00–09:20: a minute-by-minute walk then costs minutes of DB ticks per
    day instead of the 510 of the default hours, and every rule is still exercised."""
    return Settings(_env_file=None, database_url=database_url, office_hours_end=time(9, 20))


async def build_world(sessions: async_sessionmaker[AsyncSession]) -> None:
    """李明 is the 联系人 of three 市场监管局 task forces and 王强 their 分管领导; 张伟/陈静 the
    same for 纳税. 赵敏 is a contact from a responsible (not lead) unit and 刘洋 a plain member:
    neither is ever reminded. The 19 other task forces are exempt for 2026Q3."""
    async with sessions() as session, session.begin():
        now = SETUP_AT
        for userid, name, unit, task_forces in PEOPLE:
            await add_person(
                session, userid=userid, name=name, unit=unit, now=now, task_forces=task_forces
            )
        office = {"userid": "zhou", "name": "周丽", "unit": "政务服务办", "office": True}
        await add_person(session, now=now, **office)
        repos = Repositories(session)
        await repos.reports.set_period(
            Q3.id,
            opens_on=Q3.default_opens_on(),
            due_on=Q3.default_due_on(25),
            locks_on=Q3.default_locks_on(),
            now=now,
        )
        for task_force_id in await session.scalars(select(TaskForce.id)):
            if task_force_id not in ACTIVE:
                await repos.reports.set_exemption(
                    Q3.id, task_force_id, reason="本季度不参与", userid="zhou", now=now
                )
        # 开办企业 already held its quarterly meeting, so it gets no meeting nudge.
        report = await repos.reports.report_for_update(Q3.id, SB, now)
        await repos.reports.save_answers(
            report, {"meeting": {"held": True, "date": "2026-08-28"}}, "li", now
        )


async def submit(sessions, task_force_id: str, userid: str, now: datetime) -> None:
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        report = await repos.reports.report_for_update(Q3.id, task_force_id, now)
        period = await repos.reports.period(Q3.id)
        await repos.reports.submit(
            report, userid, now, (await repos.reports.exemption_and_due(period, task_force_id))[1]
        )


def _recipient(to: ToUsers | ToRobot) -> str:
    return "、".join(to.userids) if isinstance(to, ToUsers) else to.robot


async def sent(sessions) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    """The outbox as (local time, "user" or "webhook", recipient, content, mentioned), in
    order; a message to several members shows them joined by "、"."""
    async with sessions() as session:
        rows = await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [
            (
                local(row.created_at).strftime("%m-%d %H:%M"),
                "webhook" if isinstance(row.outbound.to, ToRobot) else "user",
                _recipient(row.outbound.to),
                row.outbound.body.text,
                row.outbound.body.mentioned,
            )
            for row in rows
        ]


async def log_keys(sessions) -> list[tuple[str, str, str, str]]:
    async with sessions() as session:
        rows = await session.scalars(select(ReminderLog).order_by(ReminderLog.id))
        return [(r.period_id, r.task_force_id, r.stage, r.recipient) for r in rows]
