"""Extensions and exemptions (store, checks, audit) and the `zhuanban` reminder commands."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.clock import local
from handlers import texts
from handlers.office import grants as control
from handlers.office.args import ArgumentError, parse_day, resolve_task_force
from knowledge import load_knowledge
from storage.models import Period
from storage.repositories import Repositories
from tests.cli_support import zhuanban
from tests.reminder_world import Q3, TAX, at, log_keys, sent

TAX_REF = load_knowledge().task_force(TAX)


async def extend(world, day: date, reason: str = "系统升级", now: str = "2026-09-20 10:00"):
    async with world() as session, session.begin():
        repos = Repositories(session)
        period = await repos.reports.period(Q3.id)
        return await control.extend(
            repos, TAX_REF, period, day, reason=reason, actor="zhou", now=at(now)
        )


@pytest.mark.parametrize(
    ("day", "reason", "message"),
    [
        (
            date(2026, 9, 24),
            "系统升级",
            "延期后的截止日期应晚于本期原截止日期9月24日（周四），请重新选择日期。",
        ),
        (date(2026, 10, 16), "系统升级", "不能晚于本期锁定日期10月15日（周四）"),
        (
            date(2026, 10, 4),
            "系统升级",
            "10月4日（周日）不是工作日，请改为工作日，例如9月30日（周三）或10月8日（周四）。",
        ),
        (date(2026, 9, 18), "系统升级", "9月18日（周五）已经过去，请选择今天或以后的日期。"),
        (date(2026, 10, 9), "  ", "请写明原因，便于日后查阅。"),
    ],
)
async def test_an_extension_is_refused_with_what_to_do(world, day, reason, message):
    with pytest.raises(ArgumentError) as refused:
        await extend(world, day, reason)
    assert message in str(refused.value)
    async with world() as session:
        assert await Repositories(session).reports.extension(Q3.id, TAX) is None


async def test_extensions_and_exemptions_are_stored_and_audited(world):
    reply = await extend(world, date(2026, 10, 9))
    assert reply == (
        "已将纳税指标专班2026年第三季度的截止日期延至10月9日（周五）（原因：系统升级）。"
        "提醒将按新的截止日期发送。"
    )
    await extend(world, date(2026, 10, 12), reason="再延一次")
    async with world() as session, session.begin():
        repos = Repositories(session)
        period = await repos.reports.period(Q3.id)
        assert (await repos.reports.exemption_and_due(period, TAX))[1] == date(2026, 10, 12)
        await control.exempt(
            repos, TAX_REF, period, reason="机构调整", actor="zhou", now=at("2026-09-21 10:00")
        )
        entries = await repos.audit.entries()
    assert [(e.action, e.entity_key, e.before, e.after) for e in entries] == [
        (
            "report.extend",
            "2026Q3/paying_taxes",
            None,
            {"due_on": "2026-10-09", "reason": "系统升级", "granted_by": "zhou"},
        ),
        (
            "report.extend",
            "2026Q3/paying_taxes",
            {"due_on": "2026-10-09", "reason": "系统升级", "granted_by": "zhou"},
            {"due_on": "2026-10-12", "reason": "再延一次", "granted_by": "zhou"},
        ),
        (
            "report.exempt",
            "2026Q3/paying_taxes",
            None,
            {"reason": "机构调整", "granted_by": "zhou"},
        ),
    ]


def day(text: str) -> date:
    return local(at(f"{text} 10:00")).date()


def test_days_are_read_the_way_the_office_writes_them():
    today = date(2026, 9, 20)
    for text in ("2026-10-13", "2026/10/13", "2026年10月13日", "10月13日", "10-13"):
        assert parse_day(text, today, relative=False, onward=True) == date(2026, 10, 13), text
    assert parse_day("1月5日", today, relative=False, onward=True) == date(2027, 1, 5)
    for text in ("下周五", "2026-13-01", "10月"):
        with pytest.raises(ArgumentError, match="请写成 2026-12-25、12月25日 或 2026年12月25日"):
            parse_day(text, today, relative=False, onward=True)


async def test_the_target_period_defaults_to_the_open_one_else_the_current_quarter(world):
    async with world() as session, session.begin():
        repos = Repositories(session)
        assert (await control.target_period(repos, None, day("2026-10-12"), 25)).id == "2026Q3"
        november = await control.target_period(repos, None, day("2026-11-12"), 25)
        assert (november.id, november.opens_on, november.due_on) == (
            "2026Q4",
            date(2026, 12, 1),
            date(2026, 12, 25),
        )
        with pytest.raises(ArgumentError, match="“2026Q5”不是有效的季度"):
            await control.target_period(repos, "2026Q5", day("2026-11-12"), 25)


def test_an_unknown_task_force_is_refused_with_a_hint(kb):
    assert resolve_task_force(kb, "纳税") == TAX_REF
    with pytest.raises(ArgumentError) as refused:
        resolve_task_force(kb, "双随")
    assert str(refused.value) == (
        "没有找到专班“双随”。您是不是要找“市场监管-“双随机、一公开”、信用监管指标专班”？"
        "请用准确名称再发一次。"
    )
    with pytest.raises(ArgumentError) as refused:
        resolve_task_force(kb, "不存在的专班名称")
    assert str(refused.value) == (
        "没有找到专班“不存在的专班名称”。请写专班名称或简称，如“纳税”“获得电力”。"
    )


async def test_remind_run_dry_run_then_for_real(world, database_url):
    dry = await zhuanban(database_url, "remind", "run", "--at", "2026-09-01 09:00", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.output.startswith(
        "2026-09-01 09:00 不发送提醒（只在工作日办公时间内发送，且避开整点和半点）。"
        "下一个发送时刻：2026-09-01 09:01。\n"
        "2026-09-01 09:01 将发送（演练，未做任何改动） 2 条消息：\n"
        "—— 发给 li ——\n【专班助手提醒】\n1. 开办企业指标专班 · 2026年第三季度工作情况：报送已开始"
    )
    assert "—— 发给 zhang ——" in dry.output
    assert await sent(world) == [] and await log_keys(world) == []

    real = await zhuanban(database_url, "remind", "run", "--at", "2026-09-01 09:01")
    assert real.exit_code == 0, real.output
    summary = real.output.splitlines()[0]
    assert summary.startswith("2026-09-01 09:01") and " 2 " in summary  # when, and how many
    assert [to for _, _, to, *_ in await sent(world)] == ["li", "zhang"]

    again = await zhuanban(database_url, "remind", "run", "--at", "2026-09-01 09:02")
    assert again.exit_code == 0 and again.output.startswith("2026-09-01 09:02")
    assert len(again.output.splitlines()) == 1  # nothing listed
    assert len(await sent(world)) == 2

    listing = await zhuanban(database_url, "remind", "list", "--period", "2026Q3")
    assert listing.exit_code == 0, listing.output
    [period_line] = [line for line in listing.output.splitlines() if "2026Q3" in line]
    for fact in ("2026年第三季度", "2026-09-01", "2026-09-24", "2026-10-15"):
        assert fact in period_line
    tax = texts.SCHEDULE_TASK_FORCE.format(name="纳税指标专班", status=texts.SCHEDULE_STATUS[None])
    assert tax in listing.output
    sent_line = texts.SCHEDULE_SENT.format(at="09-01 09:01", recipients="张伟")
    opened = texts.SCHEDULE_LINE.format(
        day="09-01", label=texts.STAGE_LABELS["open"], state=sent_line
    )
    assert opened in listing.output


async def test_bad_times_and_periods_are_refused_in_chinese(world, database_url):
    bad_time = await zhuanban(database_url, "remind", "run", "--at", "明天九点")
    assert bad_time.exit_code == 2
    assert "请写成 2026-12-22 09:05（北京时间）" in bad_time.output
    bad_period = await zhuanban(database_url, "remind", "list", "--period", "Q4")
    assert bad_period.exit_code == 2
    assert "请写成 2026Q4 或 2026年第四季度" in bad_period.output


async def test_exempt_and_extend_from_the_command_line(world, database_url):
    exempted = await zhuanban(
        database_url, "exempt", "纳税", "--period", "2030Q1", "--reason", "机构调整"
    )
    assert exempted.exit_code == 0, exempted.output
    done, told, *_ = exempted.output.splitlines()
    assert done == (
        "已免除纳税指标专班2030年第一季度的报送（原因：机构调整），本季度不再向该专班发送报送提醒。"
    )
    assert told == texts.OFFICE_NOTIFIED.format(names="张伟")  # the contact hears of it too
    async with world() as session:
        assert await session.get(Period, "2030Q1") is not None  # created with the default days
        exemption = await Repositories(session).reports.exemption("2030Q1", TAX)
        assert (exemption.reason, exemption.granted_by) == ("机构调整", "cli")

    refused = await zhuanban(
        database_url, "extend", "纳税", "2030-03-30", "--period", "2030Q1",
        "--reason", "系统升级",
    )  # fmt: skip
    assert refused.exit_code == 1
    assert "2030年3月30日（周六）不是工作日" in refused.output
    unknown = await zhuanban(
        database_url, "extend", "不存在的专班名称", "2030-04-01", "--reason", "x"
    )
    assert unknown.exit_code == 1
    assert "没有找到专班“不存在的专班名称”。" in unknown.output
    async with world() as session:  # a refusal creates nothing, not even a default period
        assert set(await session.scalars(select(Period.id))) == {"2026Q3", "2030Q1"}
