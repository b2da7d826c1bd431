"""案例: each task force's typical cases of a year, and those still without one."""

from __future__ import annotations

import pytest

from handlers import texts
from tests.office_support import ANSWERS, OUTSIDER, reply_of, say, submit_report


async def test_cases_of_the_year(dispatcher, sessions, clock, office_people):
    await submit_report(sessions, clock.now(), quarter="2026Q3")
    second = {**ANSWERS, "case": {"formed": True, "title": "办税缴费一次办"}}
    await submit_report(sessions, clock.now(), answers=second)
    no_case = {**ANSWERS, "case": {"formed": False}}
    await submit_report(
        sessions, clock.now(), task_force_id="getting_electricity", answers=no_case
    )
    await submit_report(sessions, clock.now(), task_force_id="starting_business", quarter="2025Q4")

    result = await say(dispatcher, clock, "案例")
    assert result.intent == "office.cases"
    lines = reply_of(result).splitlines()
    assert lines[0] == texts.OFFICE_CASES_TITLE.format(year=2026, count=1, missing=22)
    assert lines[1] == (
        "· 纳税：《非接触式办税典型案例》（2026年第三季度）；《办税缴费一次办》（2026年第四季度）"
    )
    assert lines[2].startswith("尚无典型案例：开办企业，办理建筑许可，获得电力，")
    assert "纳税" not in lines[2]

    lines = reply_of(await say(dispatcher, clock, "案例 2025年")).splitlines()
    assert lines[:2] == [
        texts.OFFICE_CASES_TITLE.format(year=2025, count=1, missing=22),
        "· 开办企业：《非接触式办税典型案例》（2025年第四季度）",
    ]


@pytest.mark.parametrize("year", ["2027", "二〇二六", "26"])
async def test_cases_bad_year(dispatcher, clock, office_people, year):
    assert reply_of(await say(dispatcher, clock, f"案例 {year}")) == (
        texts.OFFICE_BAD_YEAR.format(text=year, year=2026)
    )


async def test_cases_refused_for_outsiders(dispatcher, clock, office_people):
    assert (await say(dispatcher, clock, "案例", user=OUTSIDER)).intent == "office.refused"
