"""Every `zhuanban` command in a fresh process of the installed package: `--help` for each
command and group (found through click, so a new command is covered without editing this
file), and one real invocation of each on a temporary database."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
import pytest

from bot.cli import main
from tests.roster_files import SAMPLE

ZHUANBAN = shutil.which("zhuanban", path=str(Path(sys.executable).parent))
TIMEOUT = 60


def command_paths() -> list[tuple[tuple[str, ...], bool]]:
    """(path, is a group) of every command below `zhuanban`, groups included."""
    found: list[tuple[tuple[str, ...], bool]] = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        is_group = isinstance(command, click.Group)
        found.append((path, is_group))
        if is_group:
            context = click.Context(command)
            for name in command.list_commands(context):
                sub = command.get_command(context, name)
                assert sub is not None, f"{' '.join((*path, name))} is listed but not found"
                walk(sub, (*path, name))

    walk(main, ())
    return found


LEAVES = sorted(path for path, is_group in command_paths() if not is_group)


def clean_env(tmp_path: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("ZHUANBAN_")}
    env["ZHUANBAN_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    return env


def run(
    args: list[str], env: dict[str, str], cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    assert ZHUANBAN is not None, "the package is not installed in this interpreter's venv"
    return subprocess.run(
        [ZHUANBAN, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=TIMEOUT,
        check=False,
    )


def test_every_command_and_group_answers_help_in_a_fresh_process(tmp_path):
    paths = [path for path, _ in command_paths()]
    assert len(paths) > 10
    env = clean_env(tmp_path)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda p: run([*p, "--help"], env, tmp_path), paths))
    for path, result in zip(paths, results, strict=True):
        shown = " ".join(("zhuanban", *path))
        assert result.returncode == 0, f"{shown} --help: {result.stderr}"
        assert "Usage:" in result.stdout and "Traceback" not in result.stderr, shown


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve_once(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Start `zhuanban serve`, wait for /healthz, stop it with SIGTERM: (exit code, log)."""
    port = _free_port()
    env = env | {
        "ZHUANBAN_HOST": "127.0.0.1",
        "ZHUANBAN_PORT": str(port),
        "ZHUANBAN_WECOM_CORP_ID": "ww0123456789abcdef",
        "ZHUANBAN_WECOM_AGENT_ID": "1000002",
        "ZHUANBAN_WECOM_SECRET": "secret",
        "ZHUANBAN_WECOM_TOKEN": "Tok3nForCallback",
        "ZHUANBAN_WECOM_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "ZHUANBAN_WECOM_API_BASE": "http://127.0.0.1:9/cgi-bin/",
    }
    assert ZHUANBAN is not None
    process = subprocess.Popen(
        [ZHUANBAN, "serve"],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)  # polling a real process start-up, not waiting on our clock
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return process.returncode, output


def test_every_command_runs_once_for_real_in_a_fresh_process(tmp_path):
    env = clean_env(tmp_path)
    scores = tmp_path / "scores.csv"
    scores.write_text("年度,指标,得分,排名\n2025,纳税,92.5,3\n", encoding="utf-8")
    holidays = tmp_path / "holidays-2027.csv"
    holidays.write_text("2027-01-01,休,元旦\n2027-02-14,班,春节\n", encoding="utf-8")
    # In order: each step may rely on the ones before it. (args, exit codes accepted, stdin)
    steps: list[tuple[tuple[str, ...], tuple[int, ...], str]] = [
        (("db", "upgrade"), (0,), ""),
        (("db", "current"), (0,), ""),
        (("config", "check"), (0, 1), ""),  # 1: WeCom is not configured here, and says so
        (("roster", "import", str(SAMPLE)), (0,), ""),
        (("roster", "check"), (0, 1), ""),
        (("roster", "export", str(tmp_path / "roster.xlsx")), (0,), ""),
        (("period", "set", "2026Q4", "--due", "2026-12-25"), (0,), ""),
        (("period", "list"), (0,), ""),
        (
            ("extend", "纳税", "2026-12-30", "--period", "2026Q4", "--reason", "出差", "--now"),
            (0,),
            "",
        ),
        (("exempt", "获得电力", "--period", "2026Q4", "--reason", "无新增工作"), (0,), ""),
        (("remind", "list", "--period", "2026Q4"), (0,), ""),
        (("remind", "run", "--dry-run", "--at", "2026-12-20 10:00"), (0,), ""),
        (("scores", "import", str(scores)), (0,), ""),
        (("export", "2026Q4", "-o", str(tmp_path / "export.xlsx")), (0,), ""),
        (("ask", "谁牵头获得电力"), (0,), ""),
        (("chat",), (0,), "帮助\n"),
        (("console", "key"), (0,), ""),  # its output is the key `console link` needs
        (("console", "link", "--as", "yshj_office", "--next", "/units"), (0,), ""),
        (("outbox", "status"), (0,), ""),
        (("outbox", "list", "--failed"), (0,), ""),
        (("outbox", "retry"), (0,), ""),
        (("attachment", "list"), (0,), ""),
        (("attachment", "get", "1"), (1,), ""),  # none yet: a clear message, exit 1
        (("calendar", "show", "2026"), (0,), ""),
        (("calendar", "import", str(holidays), "--yes"), (0,), ""),
        (("calendar", "confirm", "2028-01-03"), (0,), ""),
        (("db", "prune", "--dry-run"), (0,), ""),
        (("db", "backup", str(tmp_path / "backup.db")), (0,), ""),
        (("db", "restore", str(tmp_path / "backup.db"), "--yes"), (0,), ""),
    ]
    covered = {args[: len(path)] for args, _, _ in steps for path in LEAVES} & set(LEAVES)
    assert covered | {("serve",)} == set(LEAVES), "add a real invocation for the new command"
    for args, accepted, stdin in steps:
        result = run(list(args), env, tmp_path, stdin)
        shown = " ".join(("zhuanban", *args))
        assert result.returncode in accepted, f"{shown}: {result.returncode} {result.stderr}"
        assert "Traceback" not in result.stderr, f"{shown}: {result.stderr}"
        if args == ("console", "key"):
            env["ZHUANBAN_CONSOLE_SECRET"] = result.stdout.strip()
            env["ZHUANBAN_PUBLIC_URL"] = "https://zhuanban.example.gov.cn"
    assert (tmp_path / "export.xlsx").stat().st_size > 0
    code, output = _serve_once(env, tmp_path)
    assert code == 0 and "Traceback" not in output, output


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_each_leaf_command_is_documented(path):
    """A command's help says what it does (its docstring), not just its options."""
    command: click.Command = main
    context = click.Context(main)
    for name in path:
        assert isinstance(command, click.Group)
        command = command.get_command(context, name)
    assert command.help and command.help.strip()
