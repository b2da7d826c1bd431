"""成绩, 晾晒 and `zhuanban scores import`: the annual evaluation ranking."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from core.messages import Markdown, ToRobot
from handlers import texts
from storage.repositories import Repositories
from tests.cli_support import zhuanban
from tests.factories import outbox
from tests.office_support import (
    OFFICE,
    OUTSIDER,
    audit_entries,
    reply_of,
    say,
)


async def scores(sessions, year: int = 2026) -> dict[str, tuple[float, int | None]]:
    async with sessions() as session:
        rows = await Repositories(session).scores.scores(year)
    return {key: (row.score, row.rank) for key, row in rows.items()}


async def test_record_a_score_then_correct_it(dispatcher, sessions, clock, office_people):
    result = await say(dispatcher, clock, "成绩 2026 纳税 92.5 3")
    assert result.intent == "office.score"
    assert reply_of(result) == texts.OFFICE_SCORE_RECORDED.format(
        year=2026, indicator="纳税", score="92.5分 第3名"
    )
    text = reply_of(await say(dispatcher, clock, "成绩 2026年 缴税 93分 第2名"))
    assert text == texts.OFFICE_SCORE_RECORDED.format(
        year=2026, indicator="纳税", score="93分 第2名"
    ) + texts.OFFICE_SCORE_REPLACED.format(score="92.5分 第3名")
    assert await scores(sessions) == {"paying_taxes": (93.0, 2)}
    entries = await audit_entries(sessions, "score")
    assert [(e.action, e.entity_key, e.actor) for e in entries] == [
        ("score.record", "2026/paying_taxes", OFFICE)
    ] * 2
    assert (entries[1].before, entries[1].after) == (
        {"score": 92.5, "rank": 3},
        {"score": 93.0, "rank": 2},
    )


async def test_record_without_rank_and_by_english_name(dispatcher, sessions, clock, office_people):
    text = reply_of(await say(dispatcher, clock, "成绩 2025 Getting Electricity 88"))
    assert text == texts.OFFICE_SCORE_RECORDED.format(
        year=2025, indicator="获得电力", score="88分"
    )
    assert await scores(sessions, 2025) == {"getting_electricity": (88.0, None)}


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("成绩 2026 纳税 120 3", "得分“120”无效，请写 0 到 100 之间的数字，如 92.5。"),
        ("成绩 2026 纳税 -1", "得分“-1”无效，请写 0 到 100 之间的数字，如 92.5。"),
        ("成绩 2026 纳税 很好", "得分“很好”无效，请写 0 到 100 之间的数字，如 92.5。"),
        ("成绩 2026 纳税 92 0", "排名“0”无效，请写 1 到 100 之间的整数，如 3。"),
        ("成绩 2030 纳税 92", "“2030”不是有效的年份，请写四位年份，如 2026。"),
        ("成绩 26 纳税 92", "“26”不是有效的年份，请写四位年份，如 2026。"),
        (
            "成绩 2026 Paying Tax 92",
            "没有找到指标“Paying Tax”。您是不是要找“纳税”？请用准确名称再发一次。",
        ),
        (
            "成绩 2026 天气预报 92",
            "没有找到指标“天气预报”。请写一级指标名称，如“纳税”“获得电力”。",
        ),
        (
            "成绩 2026 纳税",
            "命令缺少内容。用法：成绩 <年> <指标> <得分> [排名]　例：成绩 2026 纳税 92.5 3",
        ),
    ],
)
async def test_record_bad_arguments(dispatcher, sessions, clock, office_people, command, expected):
    assert reply_of(await say(dispatcher, clock, command)) == expected
    assert await scores(sessions) == {}
    assert await scores(sessions, 2030) == {}


async def test_ranking_preview_confirm_and_publish(dispatcher, sessions, clock, office_people):
    for command in (
        "成绩 2025 纳税 90 4",
        "成绩 2025 获得电力 80 6",
        "成绩 2026 纳税 92.5 2",
        "成绩 2026 获得电力 78 8",
        "成绩 2026 开办企业 85 5",
    ):
        await say(dispatcher, clock, command)
    result = await say(dispatcher, clock, "晾晒 2026")
    assert result.intent == "office.ranking"
    [preview] = result.replies
    lines = preview.text.splitlines()
    assert lines[:4] == [
        "2026年度天津市营商环境第三方评价 东丽区指标成绩晾晒",
        "1. 纳税（税务局）92.5分 第2名，较上年+2.5分，名次升2位【最好】",
        "2. 开办企业（市场监管局）85分 第5名，上年无成绩",
        "3. 获得电力（工信局）78分 第8名，较上年-2分，名次降2位【最差】",
    ]
    assert lines[4].startswith("未录入成绩：办理建筑许可，获得用水用气")
    assert lines[-1] == texts.OFFICE_PUBLISH_CONFIRM
    assert [b.value for b in preview.buttons] == ["确认", "取消"]
    assert await outbox(sessions) == []

    waiting = await say(dispatcher, clock, "进度")  # still in the flow: nothing else happens
    assert reply_of(waiting) == texts.OFFICE_PUBLISH_WAITING

    result = await say(dispatcher, clock, "确认")
    assert reply_of(result) == texts.OFFICE_PUBLISHED.format(year=2026)
    [message] = await outbox(sessions)
    assert message.outbound.to == ToRobot()
    assert isinstance(message.outbound.body, Markdown)
    content = message.outbound.body.text
    assert content.startswith("**2026年度天津市营商环境第三方评价 东丽区指标成绩晾晒**")
    assert '<font color="info">1. 纳税（税务局）92.5分 第2名' in content
    assert '<font color="warning">3. 获得电力' in content
    assert len(content.encode()) <= 4096
    [entry] = [e for e in await audit_entries(sessions) if e.action == "scores.publish"]
    assert (entry.entity_key, entry.actor) == ("2026", OFFICE)
    # The flow is over: the next message is an ordinary command again.
    assert reply_of(await say(dispatcher, clock, "进度")).startswith("2026年第四季度填报进度")


async def test_ranking_cancel_publishes_nothing(dispatcher, sessions, clock, office_people):
    await say(dispatcher, clock, "成绩 2026 纳税 92.5 2")
    await say(dispatcher, clock, "晾晒 2026")
    assert reply_of(await say(dispatcher, clock, "取消")) == texts.OFFICE_PUBLISH_CANCELLED
    assert await outbox(sessions) == []
    assert not [e for e in await audit_entries(sessions) if e.action == "scores.publish"]


async def test_ranking_without_scores(dispatcher, sessions, clock, office_people):
    await say(dispatcher, clock, "成绩 2025 纳税 92.5 2")
    text = reply_of(await say(dispatcher, clock, "晾晒 2026"))
    assert text == texts.OFFICE_NO_SCORES.format(year=2026)
    assert reply_of(await say(dispatcher, clock, "确认")) != texts.OFFICE_PUBLISHED.format(
        year=2026
    )
    assert await outbox(sessions) == []


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("晾晒", "命令缺少内容。用法：晾晒 <年>　例：晾晒 2026"),
        ("晾晒 今年", "“今年”不是有效的年份，请写四位年份，如 2026。"),
    ],
)
async def test_ranking_bad_arguments(dispatcher, clock, office_people, command, expected):
    assert reply_of(await say(dispatcher, clock, command)) == expected


@pytest.mark.parametrize("command", ["成绩 2026 纳税 92.5 2", "晾晒 2026"])
async def test_refused_for_outsiders(dispatcher, sessions, clock, office_people, command):
    await say(dispatcher, clock, "成绩 2026 获得电力 80 3")
    result = await say(dispatcher, clock, command, user=OUTSIDER)
    assert result.intent == "office.refused"
    assert await scores(sessions) == {"getting_electricity": (80.0, 3)}
    assert reply_of(await say(dispatcher, clock, "确认", user=OUTSIDER)) != (
        "2026年成绩晾晒已发送到办公室群。"
    )
    assert await outbox(sessions) == []


def write_xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


async def run_import(database_url: str, path: Path):
    return await zhuanban(database_url, "scores", "import", str(path), "--as", OFFICE)


async def test_import_csv_and_xlsx(sessions, office_people, database_url, tmp_path):
    csv_path = tmp_path / "scores.csv"
    csv_path.write_text("年度,指标,得分,排名\n2026,纳税,92.5,2\n2026,获得电力,78,\n", "utf-8-sig")
    result = await run_import(database_url, csv_path)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == texts.OFFICE_IMPORT_DONE.format(count=2, added=2, updated=0)
    assert await scores(sessions) == {
        "paying_taxes": (92.5, 2),
        "getting_electricity": (78.0, None),
    }

    xlsx = write_xlsx(
        tmp_path / "scores.xlsx",
        [
            ["指标", "年度", "得分", "排名"],
            ["纳税", 2026, 93, 1],
            ["Registering Property", 2026, 81.25, 9],
        ],
    )
    result = await run_import(database_url, xlsx)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == texts.OFFICE_IMPORT_DONE.format(count=2, added=1, updated=1)
    assert (await scores(sessions))["paying_taxes"] == (93.0, 1)
    assert (await scores(sessions))["registering_property"] == (81.25, 9)
    entries = await audit_entries(sessions, "score")
    assert len(entries) == 4
    assert {e.actor for e in entries} == {OFFICE}


async def test_import_gbk_csv(sessions, office_people, database_url, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes("年度,指标,得分,排名\n2026,纳税,92.5,2\n".encode("gbk"))
    result = await run_import(database_url, path)
    assert result.exit_code == 0, result.output
    assert await scores(sessions) == {"paying_taxes": (92.5, 2)}


async def test_import_is_all_or_nothing_with_row_numbers(
    sessions, office_people, database_url, tmp_path
):
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            ["年度", "指标", "得分", "排名"],
            [2026, "纳税", 92.5, 2],
            [2026, "办理建筑", 90, 3],
            [None, None, None, None],
            [2026, "获得电力", 120, 1],
            [2026, "缴税", 91, 1],
            ["去年", "登记财产", 80, 1],
        ],
    )
    result = await run_import(database_url, path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: 成绩表有4处错误，未导入任何成绩，请改正后重新导入：",
        "第3行：没有找到指标“办理建筑”。您是不是要找“办理建筑许可”？请用准确名称再发一次。",
        "第5行：得分“120”无效，请写 0 到 100 之间的数字，如 92.5。",
        "第6行：与第2行的年度和指标重复。",
        "第7行：“去年”不是有效的年份，请写四位年份，如 2026。",
    ]
    assert await scores(sessions) == {}


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("s.csv", "年份,指标,得分\n2026,纳税,90\n", "表头缺少列：年度、排名。"),
        ("s.csv", "", "表格中没有成绩数据。"),
        ("s.csv", "年度,指标,得分,排名\n", "表格中没有成绩数据。"),
        ("s.txt", "年度,指标,得分,排名\n", "不支持的文件“s.txt”：请用 .csv 或 .xlsx 格式。"),
    ],
)
async def test_import_bad_tables(
    sessions, office_people, database_url, tmp_path, name, content, expected
):
    path = tmp_path / name
    path.write_text(content, "utf-8")
    result = await run_import(database_url, path)
    assert result.exit_code == 1
    assert expected in result.output
    assert await scores(sessions) == {}
