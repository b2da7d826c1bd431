"""Targets under supervision: colours computed from the due date, the latest result and the
working-day calendar; 按期完成率; the office's 目标 command; “本季度目标完成情况” by chat, each
person seeing only what they may."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from docx import Document

from core.clock import LOCAL_TZ
from core.lights import Light, Progress, working_days_left
from core.quarters import Quarter
from handlers import targets, texts
from handlers.office.workbook import quarter_workbook
from storage.repositories import Repositories
from storage.repositories.targets import ReportedResult
from tests.chat import Chat
from tests.checkin_support import CONTACT, OFFICE, seed_roster
from tests.console_support import queued
from tests.targets_support import load_targets, sheet
from tests.test_office_export import sheets

ROWS = (
    "2026,纳税,推广非接触式办税,4,非接触式办税占比达到95%,税务局,2026-12-20",
    "2026,纳税,压缩办税时间,4,年度纳税时间压缩至100小时,,2026-12-30",
    "2026,纳税,压缩办税时间,3,完成办税流程梳理,税务局,",
    "2026,获得电力,提升供电可靠性,4,完成配网改造5处,国网东丽供电公司,",
)
CONTACTLESS = "完成配网改造5处"


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
async def planned(sessions, kb, clock, tmp_path):
    await seed_roster(sessions, clock)
    assert (await load_targets(sessions, kb, clock, sheet(tmp_path, *ROWS))).applied


async def report(sessions, target: str, progress: Progress, when: datetime) -> None:
    """A submitted check-in's answer about `target` (as handlers/checkin/targets.py writes)."""
    async with sessions() as session, session.begin():
        repos = Repositories(session)
        [found] = [t for t in await repos.targets.of_year(2026) if t.target == target]
        result = ReportedResult(found.id, progress, "说明", None)
        await repos.targets.record_results(
            [result], report_id=None, version=1, userid=CONTACT, now=when
        )


async def lit(sessions, today: date, warn: int = 5) -> dict[str, Light]:
    async with sessions() as session:
        items = await targets.lit_targets(Repositories(session), today, warn, ["paying_taxes"])
    return {item.title.split("：", 1)[1]: item.light for item in items}


async def test_colours_follow_the_working_days_left_and_turn_red_after_the_due_date(
    planned, sessions
):
    due = date(2026, 12, 30)
    name = "年度纳税时间压缩至100小时"
    six = date(2026, 12, 23)
    assert working_days_left(six, due) == 6
    assert (await lit(sessions, six))[name] is Light.GREEN
    five = six + timedelta(days=1)
    assert working_days_left(five, due) == 5
    assert (await lit(sessions, five))[name] is Light.YELLOW
    assert (await lit(sessions, due))[name] is Light.YELLOW
    assert (await lit(sessions, due + timedelta(days=1)))[name] is Light.RED
    assert (await lit(sessions, six, warn=6))[name] is Light.YELLOW  # the setting counts


async def test_a_holiday_week_counts_no_working_days(sessions, kb, clock, tmp_path):
    # Due Monday 2026-10-12, after the National Day holiday (10-01 to 10-07): on 09-30 nine
    # weekdays are left but only five working days, so it is yellow already.
    await seed_roster(sessions, clock)
    row = "2026,纳税,优化退税流程,4,退税平均时间压缩至3日,税务局,2026-10-12"
    await load_targets(sessions, kb, clock, sheet(tmp_path, row))
    name = "退税平均时间压缩至3日"
    assert (await lit(sessions, date(2026, 9, 29)))[name] is Light.GREEN
    assert (await lit(sessions, date(2026, 9, 30)))[name] is Light.YELLOW


async def test_what_was_reported_sets_the_colour_and_done_has_none(planned, sessions):
    today = date(2026, 11, 25)
    assert set((await lit(sessions, today)).values()) == {Light.GREEN, Light.RED}  # Q3 overdue
    await report(sessions, "年度纳税时间压缩至100小时", Progress.PARTLY, at(today))
    await report(sessions, "非接触式办税占比达到95%", Progress.NOT_DONE, at(today))
    colours = await lit(sessions, today)
    assert colours["年度纳税时间压缩至100小时"] is Light.YELLOW
    assert colours["非接触式办税占比达到95%"] is Light.RED
    await report(
        sessions, "非接触式办税占比达到95%", Progress.DONE, at(today) + timedelta(hours=1)
    )
    assert "非接触式办税占比达到95%" not in await lit(sessions, today)  # the latest counts


async def test_an_unfinished_target_of_last_year_stays_red_in_january(planned, sessions):
    january = date(2027, 1, 2)
    name = "年度纳税时间压缩至100小时"  # 2026 Q4, due 2026-12-30
    assert (await lit(sessions, january))[name] is Light.RED
    await report(sessions, name, Progress.PARTLY, at(january))
    assert (await lit(sessions, january))[name] is Light.RED  # overdue, partly done
    await report(sessions, name, Progress.DONE, at(january) + timedelta(hours=1))
    assert name not in await lit(sessions, january)
    assert "非接触式办税占比达到95%" in await lit(sessions, january)


async def test_on_time_rate_counts_done_by_the_due_date_over_targets_due(planned, sessions):
    await report(sessions, "非接触式办税占比达到95%", Progress.DONE, at(date(2026, 11, 25)))
    await report(sessions, "完成办税流程梳理", Progress.DONE, at(date(2026, 10, 9)))  # late
    async with sessions() as session:
        repos = Repositories(session)
        views = await targets.target_views(repos, 2026, date(2026, 11, 25), 5, ["paying_taxes"])
        later = await targets.target_views(repos, 2026, date(2027, 1, 5), 5, ["paying_taxes"])
    now = targets.rate(views, date(2026, 11, 25))
    assert (now.on_time, now.due) == (1, 2)  # 压缩至100小时 is not due yet
    assert (targets.rate(later, date(2027, 1, 5)).due) == 3
    by_quarter = targets.rates(views, date(2026, 11, 25), lambda v: v.target.quarter)
    assert (by_quarter[4].on_time, by_quarter[4].due) == (1, 1)
    assert (by_quarter[3].on_time, by_quarter[3].due) == (0, 1)
    by_unit = targets.rates(views, date(2026, 11, 25), lambda v: v.owner)
    assert (by_unit["税务局"].on_time, by_unit["税务局"].due) == (1, 2)
    assert by_unit[None].due == 0 and by_unit[None].text() == texts.TARGETS_RATE_NONE


async def test_a_target_reported_done_then_not_done_is_neither_done_nor_on_time(planned, sessions):
    today = date(2026, 12, 21)  # after 非接触式办税's due day, 12-20
    await report(sessions, "非接触式办税占比达到95%", Progress.DONE, at(date(2026, 11, 25)))
    await report(sessions, "非接触式办税占比达到95%", Progress.NOT_DONE, at(date(2026, 12, 1)))
    async with sessions() as session:
        views = await targets.target_views(Repositories(session), 2026, today, 5, ["paying_taxes"])
    [view] = [v for v in views if v.target.target == "非接触式办税占比达到95%"]
    assert view.light is Light.RED and view.done_on is None and not view.on_time
    assert targets.is_due(view, today)


# -- by chat -------------------------------------------------------------------------------------


async def test_the_office_lists_a_task_forces_targets_plan_against_actual(
    planned, sessions, dispatcher, clock
):
    await report(sessions, "非接触式办税占比达到95%", Progress.DONE, clock.now())
    office = Chat(dispatcher, clock, OFFICE[0])
    text = await office.say("目标 纳税 2026")
    assert office.last.intent == "office.targets"
    lines = text.splitlines()
    assert any("非接触式办税占比达到95%" in line and "完成" in line for line in lines)
    overdue = next(line for line in lines if "完成办税流程梳理" in line)
    assert "Q3" in overdue and texts.TARGETS_NOT_REPORTED in overdue and "红灯" in overdue
    assert "（税务局，12月20日前）" in text and CONTACTLESS not in text
    assert texts.TARGETS_RATE.format(on_time=1, due=2, percent=50) in text
    none = await office.say("目标 获得信贷")
    assert "尚未录入2026年度目标" in none


async def test_only_the_office_may_list_targets(planned, dispatcher, clock):
    contact = Chat(dispatcher, clock, CONTACT)
    await contact.say("目标 纳税")
    assert contact.last.intent == "office.refused"


async def test_a_contact_sees_the_quarters_targets_of_their_own_task_force_only(
    planned, dispatcher, clock
):
    contact = Chat(dispatcher, clock, CONTACT)
    text = await contact.say("本季度目标完成情况")
    assert contact.last.intent == "targets.quarter"
    assert "2026年第四季度" in text and "非接触式办税占比达到95%" in text
    assert CONTACTLESS not in text and "获得电力" not in text
    assert "完成办税流程梳理" not in text  # the third quarter's


async def test_the_office_sees_every_task_force_and_who_has_no_targets(planned, dispatcher, clock):
    office = Chat(dispatcher, clock, OFFICE[0])
    text = await office.say("本季度目标完成情况怎么样")
    assert office.last.intent == "targets.quarter"
    assert "【纳税】2条" in text and "【获得电力】1条" in text
    assert "本季度未录入目标" in text and "获得信贷" in text


async def test_someone_off_the_roster_gets_no_targets(planned, dispatcher, clock):
    stranger = Chat(dispatcher, clock, "stranger")
    text = await stranger.say("本季度目标完成情况")
    assert stranger.last.intent != "targets.quarter" and "非接触式办税" not in text


# -- 进度 and the 季度汇报 ------------------------------------------------------------------------


async def test_progress_shows_the_quarters_targets_rates_and_colours(
    planned, sessions, dispatcher, clock
):
    await report(sessions, "非接触式办税占比达到95%", Progress.DONE, clock.now())
    office = Chat(dispatcher, clock, OFFICE[0])
    text = await office.say("进度")
    head = next(line for line in text.splitlines() if line.startswith("季度目标"))
    assert (
        "季度目标3条" in head and texts.TARGETS_RATE.format(on_time=1, due=1, percent=100) in head
    )
    assert "红灯0" in head
    by_force = next(line for line in text.splitlines() if line.startswith("按专班"))
    assert "纳税 1/1" in by_force and f"获得电力 {texts.TARGETS_RATE_NONE}" in by_force
    assert "税务局 1/1" in next(
        line for line in text.splitlines() if line.startswith("按责任单位")
    )


async def test_the_quarter_report_has_a_targets_table(planned, sessions, dispatcher, clock):
    await report(sessions, "非接触式办税占比达到95%", Progress.DONE, clock.now())
    await Chat(dispatcher, clock, OFFICE[0]).say("生成季度汇报 2026Q4")
    [sent] = [message for message in await queued(sessions) if message.filename]
    tables = Document(BytesIO(sent.content)).tables
    [table] = [t for t in tables if [c.text for c in t.rows[0].cells][2:3] == ["目标数"]]
    cells = [[cell.text for cell in row.cells] for row in table.rows][1:]
    taxes = next(row for row in cells if row[1] == "纳税")
    assert taxes[2:] == ["2", "1", "0", "0", "1", "1/1（100%）"]
    assert any(row[1] == "获得电力" for row in cells)


async def test_the_export_has_a_sheet_of_plan_against_actual(planned, sessions, kb, clock):
    await report(sessions, "非接触式办税占比达到95%", Progress.DONE, clock.now())
    async with sessions() as session:
        content = await quarter_workbook(
            Repositories(session), kb, Quarter.parse("2026Q4"), clock.now(), 25, warn_workdays=5
        )
    rows = {row["季度目标"]: row for row in sheets(content)[texts.TARGETS_EXPORT_SHEET]}
    assert set(rows) == {"非接触式办税占比达到95%", "年度纳税时间压缩至100小时", CONTACTLESS}
    done = rows["非接触式办税占比达到95%"]
    assert (done["完成情况"], done["按期完成"], done["责任单位"]) == ("完成", "是", "税务局")
    waiting = rows["年度纳税时间压缩至100小时"]
    assert (waiting["完成情况"], waiting["按期完成"]) == ("未报告", texts.TARGETS_EXPORT_NOT_DUE)
    assert waiting["灯色"] == "绿灯"
