"""`zhuanban roster import/export/check` end to end, with their messages and exit codes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from bot.cli import main
from core.clock import local
from storage.roster import texts as roster_texts
from tests.roster_files import ROSTERS, SAMPLE


@pytest.fixture
def zhuanban(engine, database_url):
    """Run the command line on the test database (the engine fixture emptied it)."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, list(args), env={"ZHUANBAN_DATABASE_URL": database_url})

    return run


def test_import_reimport_and_refusal(zhuanban):
    dry = zhuanban("roster", "import", str(SAMPLE), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "试运行" in dry.output and "新增 67 人" in dry.output

    first = zhuanban("roster", "import", str(SAMPLE))
    assert first.exit_code == 0, first.output
    assert "名单已导入" in first.output and "新增 67 人，移除 0 人，变更 0 人" in first.output

    again = zhuanban("roster", "import", str(SAMPLE))
    assert again.exit_code == 0
    assert "没有变化" in again.output

    bad = zhuanban("roster", "import", str(ROSTERS / "blank_cells.csv"))
    assert bad.exit_code == 1
    assert "名单未导入，共发现 4 处问题" in bad.output
    assert "第2行：“姓名”为空" in bad.output and "第5行：“角色”为空" in bad.output

    missing = zhuanban("roster", "import", "nowhere.csv")
    assert missing.exit_code == 1
    assert "找不到文件" in missing.output


def test_export_groups_by_task_force_and_reimports_unchanged(zhuanban, tmp_path, kb):
    assert zhuanban("roster", "import", str(SAMPLE)).exit_code == 0
    target = tmp_path / "名单.xlsx"
    before = local(datetime.now(UTC)).date()
    result = zhuanban("roster", "export", str(target))
    assert result.exit_code == 0, result.output
    assert "已导出 111 行" in result.output

    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "《东丽区营商环境指标专班工作人员名单》"
    assert rows[1][0] in {
        f"日期：{day:%Y年%m月%d日}" for day in (before, local(datetime.now(UTC)).date())
    }
    assert rows[2] == ("序号", "专班", "单位", "分工", "姓名", "企业微信账号", "角色", "手机")
    data = rows[3:]
    assert data[0][1:7] == (
        "开办企业指标专班",
        "市场监管局",
        "牵头单位",
        "市场监管局分管领导",
        "scjgj_leader",
        "分管领导",
    )
    order = {task_force.name: index for index, task_force in enumerate(kb.task_forces)}
    groups = [row[1] for row in data if row[1]]
    assert groups == sorted(groups, key=order.__getitem__)  # the document's order
    for task_force in kb.task_forces:  # lead units before responsible units
        parts = [row[3] for row in data if row[1] == task_force.name]
        assert parts == sorted(parts, key=["牵头单位", "责任单位"].index)
    assert [row[5] for row in data if row[6] == "办公室"] == ["yshj_director", "yshj_office"]

    again = zhuanban("roster", "import", str(target))
    assert again.exit_code == 0, again.output
    assert "没有变化" in again.output


def test_check_fails_on_a_partial_roster_and_passes_on_the_sample(zhuanban):
    assert zhuanban("roster", "import", str(ROSTERS / "good_small.csv")).exit_code == 0
    partial = zhuanban("roster", "check")
    assert partial.exit_code == 1
    no_contact = roster_texts.LEAD_WITHOUT_CONTACT
    assert no_contact.format(task_force="开办企业指标专班", unit="市场监管局") in partial.output
    assert roster_texts.UNIT_WITHOUT_PEOPLE.format(unit="财政局") in partial.output
    assert no_contact.format(task_force="获得电力指标专班", unit="工信局") not in partial.output
    too_few = roster_texts.TOO_FEW_PEOPLE.split("{count}")[0].format(task_force="纳税指标专班")
    assert too_few not in partial.output  # two people suffice

    assert zhuanban("roster", "import", str(SAMPLE)).exit_code == 0
    full = zhuanban("roster", "check")
    assert full.exit_code == 0, full.output
    assert roster_texts.CHECK_OK.split("{")[0] in full.output
