"""导出 and `zhuanban export`: the quarter as an .xlsx, sent as a WeCom file or written out."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from bot.cli import main
from core.messages import File, ToUsers
from tests.cli_support import zhuanban
from tests.factories import outbox
from tests.office_support import (
    ANSWERS,
    OFFICE,
    OUTSIDER,
    audit_entries,
    reply_of,
    say,
    submit_report,
)


def sheets(content: bytes) -> dict[str, list[dict]]:
    """Each sheet's rows as {header: value}."""
    book = load_workbook(BytesIO(content))
    result = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        result[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return result


def check_workbook(content: bytes) -> None:
    data = sheets(content)
    reports = data["季度工作情况"]
    assert len(reports) == 23
    tax = next(row for row in reports if row["专班"] == "纳税指标专班")
    assert tax["序号"] == 6
    assert tax["一级指标"] == "纳税"
    assert tax["牵头单位"] == "税务局"
    assert tax["状态"] == "已提交"
    assert tax["版本"] == 1
    assert tax["提交时间"] == "2026-11-25 10:07"
    assert tax["提交人"] == "税务联系人"
    assert tax["逾期提交"] == "否"
    assert tax["截止日期"] == "2026-12-25"
    assert tax["召开会商会议"] == "是"
    assert tax["会议日期"] == "2026-11-20"
    assert tax["工作推进情况"] == ANSWERS["progress"]
    assert tax["滞后二级指标数"] == 1
    assert tax["存在的问题和困难"] == "无"
    assert tax["下季度工作计划"] == ANSWERS["next_plan"]
    assert tax["形成典型案例"] == "是"
    assert tax["案例标题"] == "非接触式办税典型案例"
    assert tax["对标学习先进地区经验"] is None
    power = next(row for row in reports if row["专班"] == "获得电力指标专班")
    assert (power["版本"], power["工作推进情况"]) == (None, None)
    assert power["免报/延期说明"] == "延期至2026-12-30：出差"
    assert data["滞后二级指标"] == [
        {
            "专班": "纳税指标专班",
            "序号": 2,
            "二级指标": "缴纳税费时间",
            "滞后原因": "系统升级延迟",
            "整改措施": "12月底前完成切换",
        }
    ]


async def test_export_sends_the_workbook_to_the_requester(
    dispatcher, sessions, clock, office_people
):
    await submit_report(sessions, clock.now())
    await say(dispatcher, clock, "延期 获得电力 12月30日 出差")
    result = await say(dispatcher, clock, "导出 2026Q4")
    assert result.intent == "office.export"
    assert reply_of(result) == (
        "已生成2026年第四季度工作情况表（专班季度工作情况_2026Q4.xlsx），稍后以文件形式发给您。"
    )
    [message] = [m for m in await outbox(sessions) if isinstance(m.outbound.body, File)]
    assert (message.outbound.to, message.source) == (ToUsers.of(OFFICE), "office.export")
    assert message.outbound.body.filename == "专班季度工作情况_2026Q4.xlsx"
    content = message.outbound.body.inline_bytes()
    check_workbook(content)
    power = next(r for r in sheets(content)["季度工作情况"] if r["专班"] == "获得电力指标专班")
    assert power["状态"] == "未开始"
    [entry] = [e for e in await audit_entries(sessions) if e.action == "report.export"]
    assert entry.actor == OFFICE


async def test_cli_export_writes_the_same_workbook(
    dispatcher, sessions, clock, office_people, database_url, tmp_path: Path
):
    await submit_report(sessions, clock.now())
    await say(dispatcher, clock, "延期 获得电力 12月30日 出差")
    result = await zhuanban(database_url, "export", "2026Q4")
    assert result.exit_code == 0, result.output
    path = tmp_path / "专班季度工作情况_2026Q4.xlsx"
    assert result.output.strip() == f"已写入2026年第四季度工作情况表：{path.name}"
    content = path.read_bytes()
    # The CLI runs on the real clock, so only what does not depend on today is compared.
    check_workbook(content)

    result = await zhuanban(database_url, "export", "2026Q4", "-o", str(tmp_path / "q4.xlsx"))
    assert result.exit_code == 0, result.output
    assert sheets((tmp_path / "q4.xlsx").read_bytes()) == sheets(content)


def test_cli_export_bad_quarter():
    result = CliRunner().invoke(main, ["export", "2026Q5"])
    assert result.exit_code == 2
    assert "“2026Q5”不是有效的季度，请写成 2026Q4 或 2026年第四季度。" in result.output


async def test_export_bad_quarter_and_refusal(dispatcher, sessions, clock, office_people):
    assert "请写成 2026Q4" in reply_of(await say(dispatcher, clock, "导出 Q4"))
    result = await say(dispatcher, clock, "导出", user=OUTSIDER)
    assert result.intent == "office.refused"
    assert await outbox(sessions) == []
