"""Who may fill which report and when: refusals name who can, locked quarters name the office."""

from __future__ import annotations

from datetime import date, timedelta

from handlers import texts
from storage.repositories import Repositories
from tests.chat import Chat
from tests.checkin_support import (
    CONTACT,
    MARKET,
    PROGRESS,
    RESPONSIBLE,
    contact_chat,
    report_of,
    seed_roster,
    set_period,
)


async def test_a_responsible_unit_person_is_told_who_can_fill(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    refused = await Chat(dispatcher, clock, RESPONSIBLE).say("填报")
    assert "不能填报开办企业指标专班" in refused and "牵头单位（市场监管局）" in refused
    assert "孙八（市场监管局联系人）" in refused and "刘九（市场监管局分管领导）" in refused
    async with sessions() as session:
        assert await Repositories(session).reports.reports("2026Q4") == []


async def test_naming_a_task_force_one_may_not_fill(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    refused = await Chat(dispatcher, clock, RESPONSIBLE).say("填报 纳税")
    assert "李四（税务局联系人）" in refused and "赵六（税务局联系人）" in refused
    assert "王五（税务局分管领导）" in refused


async def test_someone_not_on_the_roster_is_sent_to_the_office(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    chat = Chat(dispatcher, clock, "stranger")
    refused = await chat.say("填报")
    assert "没有在专班名单中找到您" in refused and "陈红、周敏" in refused
    assert chat.last.intent == "checkin.refused"


async def test_a_contact_of_several_task_forces_chooses(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, user=MARKET)
    offer = await chat.say("填报")
    assert "1. 开办企业指标专班" in offer and "2. 知识产权创造、保护和运用指标专班" in offer
    assert chat.buttons == [("1. 开办企业", "1"), ("2. 知识产权创造、保护和运用", "2")]
    assert "请回复1–2之间的编号" in await chat.say("5")
    started = await chat.say("2")
    assert "开始填报知识产权创造、保护和运用指标专班" in started
    await chat.say("11月20日")
    await chat.say(PROGRESS)
    async with sessions() as session:
        report = await Repositories(session).reports.report("2026Q4", "intellectual_property")
    assert report is not None and report.editor == MARKET


async def test_a_named_task_force_and_quarter_skip_the_choice(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, user=MARKET)
    assert "开始填报开办企业指标专班2026年第四季度" in await chat.say("填报 2026Q4 开办企业")
    # A reminder's button names the task force by id and switches the open flow to it.
    switched = await chat.say("填报 2026年第四季度 intellectual_property")
    assert "开始填报知识产权创造、保护和运用指标专班" in switched


async def test_the_current_quarter_is_created_with_default_days(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    assert "2026年12月25日（周五）" in await Chat(dispatcher, clock, CONTACT).say("填报")
    async with sessions() as session:
        period = await Repositories(session).reports.period("2026Q4")
    assert period is not None
    assert (period.opens_on, period.due_on, period.locks_on) == (
        date(2026, 12, 1),
        date(2026, 12, 25),
        date(2027, 1, 15),
    )


async def test_an_unconfigured_past_quarter_is_refused(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    refused = await Chat(dispatcher, clock, CONTACT).say("填报 2026Q3")
    assert all(fact in refused for fact in ("2026年第三季度", "陈红"))


async def test_a_locked_quarter_refuses_and_names_the_office(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    await set_period(sessions, clock, due=date(2026, 11, 20), lock=date(2026, 11, 24))
    chat = Chat(dispatcher, clock, CONTACT)
    refused = await chat.say("填报")
    assert all(fact in refused for fact in ("2026年第四季度", "2026年11月24日（周二）"))
    assert "陈红、周敏" in refused
    assert await report_of(sessions) is None


async def test_the_lock_day_passing_mid_flow_stops_edits(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    await set_period(sessions, clock, due=date(2026, 11, 25), lock=date(2026, 11, 26))
    chat = Chat(dispatcher, clock, CONTACT)
    await chat.say("填报")
    await chat.say("11月20日")
    clock.advance(timedelta(days=2))
    refused = await chat.say(PROGRESS)
    assert "锁定" in refused and "陈红" in refused
    report = await report_of(sessions)
    assert report is not None and "progress" not in report.answers
    # The flow is over: the next message is not taken as an answer.
    assert "锁定" in await chat.say("继续")


async def test_an_exempted_task_force_is_told(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    await set_period(sessions, clock, due=date(2026, 12, 25), lock=date(2027, 1, 15))
    async with sessions() as session, session.begin():
        await Repositories(session).reports.set_exemption(
            "2026Q4", "paying_taxes", reason="机构调整", userid="ChenHong", now=clock.now()
        )
    told = await Chat(dispatcher, clock, CONTACT).say("填报")
    assert (
        texts.CHECKIN_EXEMPTED.format(
            task_force="纳税指标专班", quarter="2026年第四季度", reason="机构调整"
        )
        in told
    )


async def test_someone_dropped_from_the_roster_cannot_submit(dispatcher, sessions, clock):
    chat = await contact_chat(
        dispatcher,
        sessions,
        clock,
        "填报",
        "11月20日",
        PROGRESS,
        "无",
        "无",
        "下季度继续推进改革",
        "否",
        "跳过",
    )
    async with sessions() as session, session.begin():
        person = await Repositories(session).registry.person(CONTACT)
        assert person is not None
        person.active = False
    refused = await chat.say("确认提交")
    assert "不能填报纳税指标专班" in refused and "赵六（税务局联系人）" in refused
    report = await report_of(sessions)
    assert report is not None and report.version == 0


async def test_cancelling_the_choice_leaves_nothing_behind(dispatcher, sessions, clock):
    chat = await contact_chat(dispatcher, sessions, clock, "填报", user=MARKET)
    assert "已取消" in await chat.say("取消")
    assert "1. 开办企业指标专班" in await chat.say("填报")
    assert "开始填报开办企业指标专班" in await chat.say("开办企业")
    async with sessions() as session:
        assert len(await Repositories(session).reports.reports("2026Q4")) == 1


async def test_with_two_open_quarters_the_unsubmitted_one_comes_first(dispatcher, sessions, clock):
    await seed_roster(sessions, clock)
    await set_period(
        sessions, clock, due=date(2026, 9, 24), lock=date(2026, 12, 31), quarter="2026Q3"
    )
    await set_period(sessions, clock, due=date(2026, 12, 25), lock=date(2027, 1, 15))
    chat = Chat(dispatcher, clock, CONTACT)
    assert "2026年第三季度报告" in await chat.say("填报")
    for text in ("9月20日", PROGRESS, "无", "无", "下季度继续推进改革", "否", "跳过", "确认提交"):
        await chat.say(text)
    assert "2026年第四季度报告" in await chat.say("填报")
    for text in ("11月20日", PROGRESS, "无", "无", "明年继续推进改革", "否", "跳过", "确认提交"):
        await chat.say(text)
    # Both submitted: the latest one is opened (for edits).
    assert "2026年第四季度报告已于" in await chat.say("填报")
