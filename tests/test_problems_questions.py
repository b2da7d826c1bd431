"""Questions about the problem list by chat, each person seeing only what they may."""

from __future__ import annotations

from datetime import timedelta

from tests.office_support import OFFICE, OUTSIDER, POWER_CONTACT, TAX_CONTACT, reply_of, say
from tests.problem_support import GRID_CONTACT, add_power_people, three_problems
from tests.targets_support import load_targets, sheet

POWER_TARGETS = (
    "2026,获得电力,提升供电可靠性,4,完成配网改造5处,工信局,2026-11-30",
    "2026,获得电力,压缩报装时间,4,低压报装压缩至5个工作日,国网东丽供电公司,2026-11-30",
    "2026,获得电力,优化营商环境,4,完成电力营商环境评估,,2026-11-30",
    "2026,纳税,推广非接触式办税,4,非接触式办税占比达到95%,税务局,2026-11-30",
)
"""Each overdue (red) on 2 December: one per 获得电力 unit, one of the task force as a whole,
one of 纳税."""


async def _world(dispatcher, sessions, clock) -> None:
    """Three problems: 1 and 2 of 获得电力 (工信局, 供电公司), 3 of 纳税 (税务局); then
    time passes so that 1 and 3 are overdue (red) and 2 is still green."""
    await three_problems(dispatcher, sessions, clock, "2026-11-30", "2027-03-31")
    clock.advance(timedelta(days=7))  # Wednesday 2 December


async def test_office_sees_every_open_problem_of_a_task_force(
    dispatcher, sessions, clock, office_people
):
    await _world(dispatcher, sessions, clock)
    result = await say(dispatcher, clock, "获得电力还有哪些问题没销号")
    text = reply_of(result)
    assert result.intent == "problem.ask.open"
    assert "2项" in text and "线路改造" in text and "报装提速" in text
    assert "办税排队" not in text
    overdue = reply_of(await say(dispatcher, clock, "哪些专班有超期问题"))
    assert "2个" in overdue and "获得电力（1项）" in overdue and "纳税（1项）" in overdue


async def test_the_family_of_open_and_overdue_phrasings(
    dispatcher, sessions, clock, office_people
):
    await _world(dispatcher, sessions, clock)
    for phrasing in ("电力有啥问题没解决", "获得电力还有什么问题未办结", "电力没解决的问题"):
        result = await say(dispatcher, clock, phrasing)
        assert result.intent == "problem.ask.open", phrasing
        text = reply_of(result)
        assert "2项" in text and "线路改造" in text and "办税排队" not in text, phrasing
    for phrasing in ("超期的问题有哪些", "哪些问题超期了", "逾期问题有几个"):
        result = await say(dispatcher, clock, phrasing)
        assert result.intent == "problem.ask.overdue_items", phrasing
        text = reply_of(result)
        assert "2项" in text and "线路改造" in text and "办税排队" in text, phrasing
        assert "报装提速" not in text, phrasing  # still green: not overdue
    power = reply_of(await say(dispatcher, clock, "电力超期的问题有哪些"))
    assert "1项" in power and "线路改造" in power and "办税排队" not in power
    mine = reply_of(await say(dispatcher, clock, "超期的问题有哪些", user=TAX_CONTACT))
    assert "办税排队" in mine and "线路改造" not in mine
    assert (await say(dispatcher, clock, "超期问题怎么处理")).intent != (
        "problem.ask.overdue_items"
    )


async def test_a_contact_sees_their_task_force_and_unit_only(
    dispatcher, sessions, clock, office_people
):
    await _world(dispatcher, sessions, clock)
    red = reply_of(await say(dispatcher, clock, "我们单位有几项红灯", user=POWER_CONTACT))
    assert "1项" in red and "线路改造" in red and "办税排队" not in red
    grid = reply_of(await say(dispatcher, clock, "我们单位有几项红灯", user=GRID_CONTACT))
    assert "红灯0项" in grid
    other = reply_of(await say(dispatcher, clock, "纳税还有哪些问题没销号", user=POWER_CONTACT))
    assert "只能查看本专班" in other and "办税排队" not in other and "1项" in other
    overdue = reply_of(await say(dispatcher, clock, "哪些专班有超期问题", user=TAX_CONTACT))
    assert "纳税（1项）" in overdue and "获得电力" not in overdue


async def test_mine_and_waiting_for_signing(dispatcher, sessions, clock, office_people):
    await _world(dispatcher, sessions, clock)
    waiting = reply_of(await say(dispatcher, clock, "待签收", user=GRID_CONTACT))
    assert "1项" in waiting and "报装提速" in waiting
    await say(dispatcher, clock, "签收", user=GRID_CONTACT)  # the only one waiting: no number
    assert "没有待签收" in reply_of(await say(dispatcher, clock, "待签收", user=GRID_CONTACT))
    mine = reply_of(await say(dispatcher, clock, "我的问题", user=GRID_CONTACT))
    assert "报装提速" in mine and "办理中" in mine and "线路改造" not in mine


async def test_someone_without_a_role_gets_totals_only(dispatcher, sessions, clock, office_people):
    await _world(dispatcher, sessions, clock)
    reply = reply_of(await say(dispatcher, clock, "获得电力还有哪些问题没销号", user=OUTSIDER))
    assert "线路改造" not in reply and "3项" in reply and "红灯2项" in reply


async def test_office_list_shows_colours_counts_and_the_rate(
    dispatcher, sessions, clock, office_people
):
    await _world(dispatcher, sessions, clock)
    listed = reply_of(await say(dispatcher, clock, "问题清单", user=OFFICE))
    assert "共3项" in listed and "红灯2" in listed
    assert "按期销号率" in listed


async def test_help_tells_task_force_people_the_problem_words(
    dispatcher, sessions, clock, office_people
):
    from handlers import texts
    from handlers.problems import texts as ptexts

    await add_power_people(sessions, clock.now())
    assert ptexts.HELP_PROBLEMS in reply_of(
        await say(dispatcher, clock, "帮助", user=GRID_CONTACT)
    )
    assert ptexts.HELP_PROBLEMS in reply_of(
        await say(dispatcher, clock, "帮助", user=POWER_CONTACT)
    )
    assert reply_of(await say(dispatcher, clock, "帮助", user=OUTSIDER)) == texts.HELP


async def test_red_lights_count_targets_beside_problems(
    dispatcher, sessions, clock, kb, tmp_path, office_people
):
    await load_targets(sessions, kb, clock, sheet(tmp_path, *POWER_TARGETS))
    await _world(dispatcher, sessions, clock)
    mine = reply_of(await say(dispatcher, clock, "我们单位有几项红灯", user=POWER_CONTACT))
    # 工信局's problem 线路改造, its target, and the task force's own; not 供电公司's, not 纳税's.
    assert "红灯3项" in mine and "问题1项" in mine and "目标2项" in mine
    assert "问题1：" in mine and "线路改造" in mine
    assert "完成配网改造5处" in mine and "完成电力营商环境评估" in mine
    assert "低压报装" not in mine and "办税" not in mine
    grid = reply_of(await say(dispatcher, clock, "有哪些红灯", user=GRID_CONTACT))
    assert "红灯2项" in grid and "低压报装" in grid and "线路改造" not in grid
    office = reply_of(await say(dispatcher, clock, "有哪些红灯", user=OFFICE))
    assert "红灯6项" in office and "问题2项" in office and "目标4项" in office
    outside = reply_of(await say(dispatcher, clock, "我们单位有几项红灯", user=OUTSIDER))
    assert "红灯2项" in outside and "红灯目标4项" in outside and "线路改造" not in outside
