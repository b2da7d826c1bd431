"""截止, 延期, 免报: the quarter's due day, a task force's extension or exemption."""

from __future__ import annotations

from datetime import date

import pytest

from handlers import texts
from storage.repositories import Repositories
from tests.factories import outbox, recipient_of, text_of
from tests.office_support import (
    OFFICE,
    OUTSIDER,
    TAX_CONTACT,
    TAX_LEADER,
    audit_entries,
    reply_of,
    say,
    submit_report,
)


async def period(sessions, quarter: str = "2026Q4"):
    async with sessions() as session:
        return await Repositories(session).reports.period(quarter)


@pytest.mark.parametrize("text", ["2026-12-18", "12月18日", "2026年12月18日", "2026/12/18"])
async def test_deadline_accepts_every_date_form(dispatcher, sessions, clock, office_people, text):
    result = await say(dispatcher, clock, f"截止 2026Q4 {text}")
    assert reply_of(result).splitlines()[0] == texts.OFFICE_DEADLINE_SET.format(
        quarter="2026年第四季度", due="12月18日（周五）", note=""
    )
    row = await period(sessions)
    assert (row.opens_on, row.due_on, row.locks_on) == (
        date(2026, 12, 1),
        date(2026, 12, 18),
        date(2027, 1, 15),
    )
    [entry] = await audit_entries(sessions, "period")
    assert (entry.action, entry.actor, entry.before) == ("period.deadline", OFFICE, None)
    assert entry.after == {
        "opens_on": "2026-12-01",
        "due_on": "2026-12-18",
        "locks_on": "2027-01-15",
    }


async def test_deadline_moves_and_warns_of_a_weekend(dispatcher, sessions, clock, office_people):
    text = reply_of(await say(dispatcher, clock, "截止 2026Q4 12月19日"))
    assert "12月19日（周六）" in text and texts.OFFICE_NOT_WORKING_DAY in text
    # A month-day before the quarter reads as next year's, and says its year.
    text = reply_of(await say(dispatcher, clock, "截止 2026年第四季度 1月8日"))
    assert "2027年1月8日（周五）" in text.splitlines()[0]
    # 2027's holidays are not entered yet, so the office is told the day is unconfirmed.
    assert texts.OFFICE_DAY_UNCONFIRMED in text
    assert (await period(sessions)).due_on == date(2027, 1, 8)
    entries = await audit_entries(sessions, "period")
    assert entries[-1].before == {
        "opens_on": "2026-12-01",
        "due_on": "2026-12-19",
        "locks_on": "2027-01-15",
    }
    assert (
        "截止2027年1月8日（周五）"
        in reply_of(await say(dispatcher, clock, "进度")).splitlines()[0]
    )


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "截止 2026Q4 12月32日",
            texts.OFFICE_BAD_DATE.format(text="12月32日"),
        ),
        (
            "截止 2026Q4 明天",
            texts.OFFICE_BAD_DATE.format(text="明天"),
        ),
        ("截止 2026Q9 12月25日", texts.OFFICE_BAD_QUARTER.format(text="2026Q9")),
        (
            "截止 2026Q4 2026-11-20",
            "2026年第四季度的截止日期应在12月1日（周二）到2027年3月31日（周三）之间。"
            "例：截止 2026Q4 12月25日",
        ),
        ("截止 2026Q4", texts.OFFICE_MISSING_ARGUMENT.format(usage=texts.OFFICE_USAGE["截止"])),
    ],
)
async def test_deadline_bad_arguments(
    dispatcher, sessions, clock, office_people, command, expected
):
    assert reply_of(await say(dispatcher, clock, command)) == expected
    assert await period(sessions) is None


async def test_extension_moves_one_task_force_and_tells_its_contacts(
    dispatcher, sessions, clock, office_people
):
    text = reply_of(await say(dispatcher, clock, "延期 纳税 12月30日 负责同志出差 一周"))
    assert text.splitlines()[0] == "已同意纳税2026年第四季度延期至12月30日（周三）。"
    assert "税务联系人" in text and "税务分管领导" in text  # the 分管领导 hears of it too
    async with sessions() as session:
        extension = await Repositories(session).reports.extension("2026Q4", "paying_taxes")
    assert (extension.due_on, extension.reason, extension.granted_by) == (
        date(2026, 12, 30),
        "负责同志出差 一周",
        OFFICE,
    )
    notices = await outbox(sessions)
    assert sorted(recipient_of(n) for n in notices) == [TAX_CONTACT, TAX_LEADER]
    assert "截止日期已延至12月30日（周三）。原因：负责同志出差 一周" in text_of(notices[0])
    [entry] = await audit_entries(sessions, "extension")
    assert (entry.action, entry.entity_key) == ("report.extend", "2026Q4/paying_taxes")

    # Submitting on 12-28 is then on time.
    clock.advance(date(2026, 12, 28) - date(2026, 11, 25))
    await submit_report(sessions, clock.now())
    assert "迟交" not in reply_of(await say(dispatcher, clock, "进度"))


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "延期 纳税 12月20日 出差",
            "延期后的截止日期应晚于本期原截止日期12月25日（周五），请重新选择日期。",
        ),
        (
            "延期 纳税 2027-01-20 出差",
            "延期后的截止日期不能晚于本期锁定日期2027年1月15日（周五）（锁定后不能再修改报送），"
            "请重新选择日期。",
        ),
        (
            "延期 纳税 2026-11-20 出差",
            "11月20日（周五）已经过去，请选择今天或以后的日期。",
        ),
        (
            "延期 纳税 下周 出差",
            texts.OFFICE_BAD_DATE.format(text="下周"),
        ),
        (
            "延期 纳税 12月30日",
            texts.OFFICE_MISSING_ARGUMENT.format(usage=texts.OFFICE_USAGE["延期"]),
        ),
        (
            "延期 办理建筑 12月30日 出差",
            texts.OFFICE_TASK_FORCE_SUGGEST.format(text="办理建筑", name="办理建筑许可指标专班"),
        ),
    ],
)
async def test_extension_bad_arguments(
    dispatcher, sessions, clock, office_people, command, expected
):
    assert reply_of(await say(dispatcher, clock, command)) == expected
    assert await period(sessions) is None
    assert await outbox(sessions) == []


async def test_exemption(dispatcher, sessions, clock, office_people):
    text = reply_of(await say(dispatcher, clock, "免报 纳税 2026Q4 本季度无新增工作"))
    assert text.splitlines()[0] == "已免除纳税2026年第四季度的填报。"
    assert "税务联系人" in text
    [notice] = await outbox(sessions)
    assert notice.outbound.body.text == (
        "【免报】纳税指标专班2026年第四季度工作情况无需填报。原因：本季度无新增工作"
    )
    [entry] = await audit_entries(sessions, "exemption")
    assert entry.after == {"reason": "本季度无新增工作", "granted_by": OFFICE}
    assert "纳税 免报" in reply_of(await say(dispatcher, clock, "进度"))
    assert "纳税" not in reply_of(await say(dispatcher, clock, "未报"))


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "免报 纳税 2026Q4",
            "命令缺少内容。用法：免报 <专班> <季度> <原因>　例：免报 纳税 2026Q4 本季度无新增工作",
        ),
        ("免报 纳税 五季度 原因", "“五季度”不是有效的季度，请写成 2026Q4 或 2026年第四季度。"),
    ],
)
async def test_exemption_bad_arguments(
    dispatcher, sessions, clock, office_people, command, expected
):
    assert reply_of(await say(dispatcher, clock, command)) == expected
    assert await period(sessions) is None


@pytest.mark.parametrize(
    "command", ["截止 2026Q4 12月18日", "延期 纳税 12月30日 出差", "免报 纳税 2026Q4 无"]
)
async def test_refused_for_outsiders(dispatcher, sessions, clock, office_people, command):
    await submit_report(sessions, clock.now(), task_force_id="getting_electricity")
    result = await say(dispatcher, clock, command, user=OUTSIDER)
    assert result.intent == "office.refused"
    assert (await period(sessions)).due_on == date(2026, 12, 25)
    async with sessions() as session:
        reports = Repositories(session).reports
        assert await reports.extensions("2026Q4") == {}
        assert await reports.exemptions("2026Q4") == {}
