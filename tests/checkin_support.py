"""The roster and the helpers the check-in conversation tests share."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dispatcher import Dispatcher
from core.clock import LOCAL_TZ, ManualClock
from core.quarters import Quarter
from handlers.checkin import spec
from handlers.checkin.spec import Field
from storage.models import Report, ReportVersion
from storage.repositories import Repositories
from tests.chat import Chat
from tests.factories import add_person

CONTACT = "LiSi"  # 李四, 税务局, contact of paying_taxes (税务局 leads it)
SECOND_CONTACT = "ZhaoLiu"  # 赵六, 税务局, contact of paying_taxes
LEADER = "WangWu"  # 王五, 税务局, 分管领导 of paying_taxes
RESPONSIBLE = "QianQi"  # 钱七, 财政局: a responsible unit of starting_business
MARKET = "SunBa"  # 孙八, 市场监管局: leads starting_business and intellectual_property
OFFICE = ("ChenHong", "ZhouMin")  # 陈红, 周敏: the 营商环境办公室


def at(text: str) -> datetime:
    """A Beijing moment as tests write it: at("2026-12-09 22:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def field(key: str, name: str | None = None) -> Field:
    """A field of the question spec: field("meeting", "date"), field("progress")."""
    return spec.question(key).field(name)


PROGRESS = "本季度推进纳税便利化改革，实现主要涉税事项全程网上办理，压缩办税时间。"
PLAN = "下季度推进非接触式办税，开展纳税人满意度调查。"


async def seed_roster(sessions: async_sessionmaker[AsyncSession], clock: ManualClock) -> None:
    now = clock.now()
    async with sessions() as session, session.begin():
        people = [
            (CONTACT, "李四", "税务局", {"paying_taxes": "contact"}),
            (SECOND_CONTACT, "赵六", "税务局", {"paying_taxes": "contact"}),
            (LEADER, "王五", "税务局", {"paying_taxes": "leader"}),
            (RESPONSIBLE, "钱七", "财政局", {"starting_business": "contact"}),
            (
                MARKET,
                "孙八",
                "市场监管局",
                {"starting_business": "contact", "intellectual_property": "contact"},
            ),
            ("LiuJiu", "刘九", "市场监管局", {"starting_business": "leader"}),
        ]
        for userid, name, unit, task_forces in people:
            await add_person(
                session, userid=userid, name=name, unit=unit, now=now, task_forces=task_forces
            )
        for userid, name in zip(OFFICE, ("陈红", "周敏"), strict=True):
            await add_person(
                session, userid=userid, name=name, unit="政务服务办", now=now, office=True
            )


async def set_period(
    sessions: async_sessionmaker[AsyncSession],
    clock: ManualClock,
    *,
    due: date,
    lock: date,
    quarter: str = "2026Q4",
) -> None:
    """The quarter's days as the office set them, open from the quarter's first day."""
    async with sessions() as session, session.begin():
        await Repositories(session).reports.set_period(
            quarter,
            opens_on=Quarter.parse(quarter).first_day,
            due_on=due,
            locks_on=lock,
            now=clock.now(),
        )


async def fill_without_lags(chat: Chat) -> str:
    """The shortest complete report: returns the receipt."""
    for text in ("填报", "11月20日", PROGRESS, "无", "无", PLAN, "否", "跳过"):
        await chat.say(text)
    return await chat.say("确认提交")


async def report_of(
    sessions: async_sessionmaker[AsyncSession], period_id: str = "2026Q4"
) -> Report | None:
    async with sessions() as session:
        return await Repositories(session).reports.report(period_id, "paying_taxes")


async def versions_of(sessions: async_sessionmaker[AsyncSession]) -> list[ReportVersion]:
    report = await report_of(sessions)
    assert report is not None
    async with sessions() as session:
        return await Repositories(session).reports.versions(report.id)


async def contact_chat(
    dispatcher: Dispatcher,
    sessions: async_sessionmaker[AsyncSession],
    clock: ManualClock,
    *texts: str,
    user: str = CONTACT,
) -> Chat:
    """The roster in place, and `user` (the 纳税 contact by default) having said `texts`."""
    await seed_roster(sessions, clock)
    chat = Chat(dispatcher, clock, user)
    for text in texts:
        await chat.say(text)
    return chat
