"""按期销号率: closed by the due date over those due in the period, per task force, unit and
quarter; in 进度, the export's 问题清单 sheet and the 季度汇报 document."""

from __future__ import annotations

import io
from datetime import date, timedelta

from docx import Document

from core.messages import File
from core.problems import closing_rate
from tests.factories import outbox
from tests.office_support import OFFICE, POWER_CONTACT, reply_of, say
from tests.problem_support import GRID_CONTACT, three_problems
from tests.test_office_export import sheets

Q4 = (date(2026, 10, 1), date(2026, 12, 31))


def test_rate_counts_only_items_due_in_the_period_and_closed_by_their_due_day():
    rate = closing_rate(
        [
            (date(2026, 12, 1), date(2026, 12, 1)),  # closed on the due day: on time
            (date(2026, 12, 1), date(2026, 12, 2)),  # a day late
            (date(2026, 12, 31), None),  # still open
            (date(2027, 1, 5), date(2026, 12, 1)),  # due next quarter: not counted
            (date(2026, 9, 30), date(2026, 9, 1)),  # due last quarter: not counted
        ],
        *Q4,
    )
    assert (rate.on_time, rate.due, rate.percent) == (1, 3, 33.3)
    assert closing_rate([], *Q4).percent is None


async def _two_closed_one_late(dispatcher, sessions, clock) -> None:
    """获得电力: 1 (工信局) closed on time, 2 (供电公司) closed late; 纳税: 3 open, overdue."""
    await three_problems(dispatcher, sessions, clock, "2026-12-01", "2026-12-01")
    await say(dispatcher, clock, "申请销号 1 已完成", user=POWER_CONTACT)
    await say(dispatcher, clock, "销号 1")
    clock.advance(timedelta(days=7))  # 2 December: 2 and 3 are overdue
    await say(dispatcher, clock, "申请销号 2 已完成", user=GRID_CONTACT)
    await say(dispatcher, clock, "销号 2")


async def test_progress_shows_the_rates(dispatcher, sessions, clock, office_people):
    await _two_closed_one_late(dispatcher, sessions, clock)
    text = reply_of(await say(dispatcher, clock, "进度 2026Q4"))
    assert "按期销号率：33.3%（到期3项，按期销号1项）" in text
    assert "获得电力 50%" in text and "纳税 0%" in text
    assert "工信局 100%" in text and "国网东丽供电公司 0%" in text


async def test_export_has_the_problem_sheet(dispatcher, sessions, clock, office_people):
    await _two_closed_one_late(dispatcher, sessions, clock)
    await say(dispatcher, clock, "导出 2026Q4")
    [message] = [m for m in await outbox(sessions) if isinstance(m.outbound.body, File)]
    rows = sheets(message.outbound.body.inline_bytes())["问题清单"]
    by_number = {row["编号"]: row for row in rows if isinstance(row["编号"], int)}
    assert by_number[1]["是否按期"] == "按期" and by_number[2]["是否按期"] == "逾期销号"
    assert by_number[3]["亮灯"] == "红灯" and by_number[3]["状态"] == "已交办待签收"
    assert by_number[2]["责任单位"] == "国网东丽供电公司"
    assert any("33.3%" in str(row.get("专班")) for row in rows)


async def test_quarter_report_has_the_rates(dispatcher, sessions, clock, office_people):
    await _two_closed_one_late(dispatcher, sessions, clock)
    await say(dispatcher, clock, "生成季度汇报 2026Q4", user=OFFICE)
    [message] = [m for m in await outbox(sessions) if isinstance(m.outbound.body, File)]
    document = Document(io.BytesIO(message.outbound.body.inline_bytes()))
    assert any("33.3%" in p.text for p in document.paragraphs)
    rows = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert ["获得电力", "2", "1", "50%"] in rows and ["纳税", "1", "0", "0%"] in rows
