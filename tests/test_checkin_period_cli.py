"""`zhuanban period set/list` on both databases: defaults, working-day moves, bad input."""

from __future__ import annotations

from datetime import date

from handlers import texts
from storage.repositories import Repositories
from tests.cli_support import zhuanban


async def period_days(sessions, period_id: str) -> tuple[date, date, date] | None:
    async with sessions() as session:
        period = await Repositories(session).reports.period(period_id)
    return None if period is None else (period.opens_on, period.due_on, period.locks_on)


async def test_set_with_defaults_then_list(sessions, database_url):
    result = await zhuanban(database_url, "period", "set", "2026Q4")
    assert result.exit_code == 0, result.output
    assert "2026年第四季度" in result.output and "2026年12月25日（周五）" in result.output
    assert await period_days(sessions, "2026Q4") == (
        date(2026, 12, 1),
        date(2026, 12, 25),
        date(2027, 1, 15),
    )
    listed = await zhuanban(database_url, "period", "list")
    [line] = [line for line in listed.output.splitlines() if line.startswith("2026Q4")]
    for day in ("2026-12-01", "2026-12-25", "2027-01-15"):
        assert day in line
    assert "已提交 0/23" in listed.output


async def test_a_due_day_on_a_weekend_moves_back_and_says_so(sessions, database_url):
    result = await zhuanban(database_url, "period", "set", "2026Q4", "--due", "2026-12-27")
    assert result.exit_code == 0, result.output
    moved = texts.PERIOD_DUE_MOVED.format(
        asked="2026年12月27日（周日）", due="2026年12月25日（周五）"
    )
    assert moved in result.output
    days = await period_days(sessions, "2026Q4")
    assert days is not None and days[1] == date(2026, 12, 25)


async def test_a_holiday_due_day_and_a_tiaoxiu_weekend(sessions, database_url):
    # 2026-09-25 (Friday) is the Mid-autumn holiday; 2026-09-20 (Sunday) is a 调休 working day.
    holiday = await zhuanban(database_url, "period", "set", "2026Q3")
    assert holiday.exit_code == 0, holiday.output
    moved = texts.PERIOD_DUE_MOVED.format(
        asked="2026年9月25日（周五）", due="2026年9月24日（周四）"
    )
    assert moved in holiday.output
    worked = await zhuanban(database_url, "period", "set", "2026Q3", "--due", "2026-09-20")
    assert worked.exit_code == 0, worked.output
    assert "不是工作日" not in worked.output
    days = await period_days(sessions, "2026Q3")
    assert days is not None and days[1] == date(2026, 9, 20)


async def test_the_configured_due_day_of_month(sessions, database_url):
    result = await zhuanban(database_url, "period", "set", "2026Q4", ZHUANBAN_REPORT_DUE_DAY="20")
    assert result.exit_code == 0, result.output
    days = await period_days(sessions, "2026Q4")
    assert days is not None and days[1] == date(2026, 12, 18)  # the 20th is a Sunday
    assert "2026年12月20日（周日）不是工作日" in result.output


async def test_changing_one_day_keeps_the_others(sessions, database_url):
    await zhuanban(database_url, "period", "set", "2026Q4", "--due", "2026-12-18")
    result = await zhuanban(database_url, "period", "set", "2026Q4", "--lock", "2027-01-20")
    assert result.exit_code == 0, result.output
    assert await period_days(sessions, "2026Q4") == (
        date(2026, 12, 1),
        date(2026, 12, 18),
        date(2027, 1, 20),
    )
    async with sessions() as session:
        entries = await Repositories(session).audit.entries("period")
    assert [entry.after["locks_on"] for entry in entries] == ["2027-01-15", "2027-01-20"]


async def test_bad_input_is_refused_in_plain_words(sessions, database_url):
    bad_quarter = await zhuanban(database_url, "period", "set", "2026Q5")
    assert bad_quarter.exit_code != 0 and "“2026Q5”不是有效的季度" in bad_quarter.output
    bad_order = await zhuanban(database_url, "period", "set", "2026Q4", "--lock", "2026-12-10")
    assert bad_order.exit_code != 0 and "日期顺序不对" in bad_order.output
    bad_day = await zhuanban(database_url, "period", "set", "2026Q4", "--due", "25/12")
    assert bad_day.exit_code != 0
    empty = await zhuanban(database_url, "period", "list")
    assert "还没有设置任何填报期" in empty.output


async def test_list_counts_as_the_reminders_do_exempted_task_forces_apart(sessions, database_url):
    assert (await zhuanban(database_url, "period", "set", "2026Q4")).exit_code == 0
    exempted = await zhuanban(
        database_url, "exempt", "纳税", "--period", "2026Q4", "--reason", "本季度无任务"
    )
    assert exempted.exit_code == 0, exempted.output
    listed = await zhuanban(database_url, "period", "list")
    assert "已提交 0/22（免报 1 个）" in listed.output
