"""The command line drives the same core: one answer, JSON lines, and schema commands."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.roster_files import SAMPLE


@pytest.fixture
def runner() -> CliRunner:
    """The conftest's autouse fixture has emptied ZHUANBAN_* and moved into tmp_path."""
    return CliRunner()


def test_ask_prints_the_answer_on_the_default_sqlite_file(runner, tmp_path):
    result = runner.invoke(main, ["ask", "谁牵头获得电力？"])
    assert result.exit_code == 0, result.output
    assert "工信局" in result.output
    assert (tmp_path / "zhuanban.db").exists()


def test_ask_json_reads_stdin_and_keeps_the_order(runner):
    questions = ["纳税有哪些二级指标", "", "帮我订一张机票", "谁牵头纳税"]
    result = runner.invoke(main, ["ask", "--json", "-"], input="\n".join(questions) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["q"] for r in records] == ["纳税有哪些二级指标", "帮我订一张机票", "谁牵头纳税"]
    assert all(r["intent"] and r["text"] for r in records)
    assert "纳税次数" in records[0]["text"]
    assert "税务局" not in records[1]["text"]
    assert "税务局" in records[2]["text"]


def test_db_upgrade_then_current(runner):
    first = runner.invoke(main, ["db", "upgrade"])
    again = runner.invoke(main, ["db", "upgrade"])
    current = runner.invoke(main, ["db", "current"])
    assert first.exit_code == again.exit_code == current.exit_code == 0
    assert "升级到" in first.output
    assert "无需升级" in again.output


def test_behind_postgres_schema_is_refused_with_the_command_to_run(runner, monkeypatch):
    from tests.conftest import postgres_url

    url = postgres_url()
    if url is None:
        pytest.skip("needs TEST_DATABASE_URL (always set in CI)")
    monkeypatch.setenv("ZHUANBAN_DATABASE_URL", url.rsplit("/", 1)[0] + "/postgres")
    result = runner.invoke(main, ["ask", "谁牵头纳税"])
    assert result.exit_code != 0
    assert "zhuanban db upgrade" in result.output


def test_ask_is_one_shot_and_leaves_no_conversation(runner, tmp_path):
    import sqlite3

    assert runner.invoke(main, ["roster", "import", str(SAMPLE)]).exit_code == 0
    started = runner.invoke(main, ["ask", "--as", "gxj_contact", "填报"])
    assert started.exit_code == 0, started.output
    assert "zhuanban chat" in started.output
    with sqlite3.connect(tmp_path / "zhuanban.db") as conn:
        assert conn.execute("SELECT count(*) FROM conversations").fetchone() == (0,)
    after = runner.invoke(main, ["ask", "--as", "gxj_contact", "谁牵头纳税"])
    assert "税务局" in after.output


@pytest.mark.parametrize("args", [["ask", "谁牵头纳税"], ["db", "current"], ["period", "list"]])
def test_an_unreadable_setting_is_named_without_a_traceback(runner, monkeypatch, args):
    monkeypatch.setenv("ZHUANBAN_REPORT_DUE_DAY", "the 25th")
    result = runner.invoke(main, args)
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)  # click's message, not a crash
    assert "ZHUANBAN_REPORT_DUE_DAY" in result.output and "格式不对" in result.output
