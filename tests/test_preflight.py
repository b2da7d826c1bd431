"""`zhuanban config check`, `serve`'s refusal and start-up line, and `--version`, each run as
a real process."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path
from urllib.request import urlopen

from bot import texts
from bot.preflight import schema_check
from core.clock import LOCAL_TZ, ManualClock
from storage import db
from tests.cli_support import clean_env, run_zhuanban
from tests.fakes.harness import AES_KEY, AGENT_ID, CORP_ID, SECRET, TOKEN, fake_api

WECOM = {
    "ZHUANBAN_WECOM_CORP_ID": CORP_ID,
    "ZHUANBAN_WECOM_AGENT_ID": AGENT_ID,
    "ZHUANBAN_WECOM_SECRET": SECRET,
    "ZHUANBAN_WECOM_TOKEN": TOKEN,
    "ZHUANBAN_WECOM_AES_KEY": AES_KEY,
}


def _sqlite(tmp_path: Path) -> dict[str, str]:
    return {
        "ZHUANBAN_DATABASE_URL": f"sqlite:///{tmp_path / 'zhuanban.db'}",
        "ZHUANBAN_DATA_DIR": str(tmp_path / "data"),
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lines(result, mark: str) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith(mark)]


def test_version():
    result = run_zhuanban("--version", cwd=Path.cwd())
    assert result.returncode == 0
    assert metadata.version("zhuanban-bot") in result.stdout


def test_a_healthy_configuration_passes_every_check(tmp_path):
    env = {**_sqlite(tmp_path), **WECOM}
    assert run_zhuanban("db", "upgrade", cwd=tmp_path, **env).returncode == 0
    result = run_zhuanban("config", "check", cwd=tmp_path, **env)
    assert result.returncode == 0, result.stdout
    names = [line.split("：")[0][2:] for line in _lines(result, "✓")]
    assert names == [
        texts.CHECK_SETTINGS,
        texts.CHECK_DATABASE,
        texts.CHECK_SCHEMA,
        texts.CHECK_KNOWLEDGE,
        texts.CHECK_CALENDAR,
    ]
    assert _lines(result, "✗") == []


def test_a_bad_log_level_and_an_unreachable_database_fail(tmp_path):
    env = {
        **WECOM,
        "ZHUANBAN_LOG_LEVEL": "LOUD",
        "ZHUANBAN_DATABASE_URL": f"postgresql://zb:hunter2@127.0.0.1:{_free_port()}/zb",
    }
    result = run_zhuanban("config", "check", cwd=tmp_path, **env)
    assert result.returncode == 1
    failed = _lines(result, "✗")
    assert any("ZHUANBAN_LOG_LEVEL" in line and "LOUD" in line for line in failed)
    assert any(line.startswith(f"✗ {texts.CHECK_DATABASE}") for line in failed)
    assert any(line.startswith(f"✗ {texts.CHECK_SCHEMA}") for line in failed)
    assert "hunter2" not in result.stdout + result.stderr  # the password is masked
    assert "Traceback" not in result.stderr


def test_an_unreadable_number_is_named(tmp_path):
    env = {**_sqlite(tmp_path), **WECOM, "ZHUANBAN_PORT": "eighty"}
    result = run_zhuanban("config", "check", cwd=tmp_path, **env)
    assert result.returncode == 1 and "ZHUANBAN_PORT" in result.stdout
    env = {**_sqlite(tmp_path), **WECOM, "ZHUANBAN_OUTBOX_KEEP_DAYS": "0"}
    result = run_zhuanban("config", "check", cwd=tmp_path, **env)
    assert result.returncode == 1 and "ZHUANBAN_OUTBOX_KEEP_DAYS" in result.stdout


def test_the_schema_check_tells_behind_from_ahead():
    assert schema_check(db.head_revision(), "postgresql").ok
    assert not schema_check(None, "postgresql").ok
    assert schema_check(None, "sqlite").ok  # serve upgrades an embedded file itself
    assert not schema_check("9999", "sqlite").ok
    assert "zhuanban db upgrade" in schema_check("0001", "postgresql").detail


async def test_online_check_fetches_a_token_from_the_fake_wecom(tmp_path):
    async with _api() as api:
        env = {**_sqlite(tmp_path), **WECOM, "ZHUANBAN_WECOM_API_BASE": api.base_url}
        good = await asyncio.to_thread(
            run_zhuanban, "config", "check", "--online", cwd=tmp_path, **env
        )
        assert any(line.startswith(f"✓ {texts.CHECK_TOKEN}") for line in good.stdout.splitlines())
        assert api.gettoken_calls == 1
        env["ZHUANBAN_WECOM_SECRET"] = "wrong-secret"
        bad = await asyncio.to_thread(
            run_zhuanban, "config", "check", "--online", cwd=tmp_path, **env
        )
        assert bad.returncode == 1
        [line] = [line for line in _lines(bad, "✗") if texts.CHECK_TOKEN in line]
        assert "40001" in line and "ZHUANBAN_WECOM_SECRET" in line


def _api():
    return fake_api(ManualClock(datetime(2026, 12, 1, 10, 0, tzinfo=LOCAL_TZ)))


def test_serve_refuses_a_port_in_use_in_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            **_sqlite(tmp_path),
            **WECOM,
            "ZHUANBAN_HOST": "127.0.0.1",
            "ZHUANBAN_PORT": str(port),
        }
        result = run_zhuanban("serve", cwd=tmp_path, **env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert texts.CHECK_PORT in line and str(port) in line


def test_serve_refuses_an_unreachable_database_in_one_line(tmp_path):
    env = {**WECOM, "ZHUANBAN_DATABASE_URL": f"postgresql://zb@127.0.0.1:{_free_port()}/zb"}
    result = run_zhuanban("serve", cwd=tmp_path, **env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert texts.CHECK_DATABASE in line


def test_serve_logs_what_runs_against_what_and_answers_probes(tmp_path):
    port = _free_port()
    env = {
        **_sqlite(tmp_path),
        **WECOM,
        "ZHUANBAN_HOST": "127.0.0.1",
        "ZHUANBAN_PORT": str(port),
        "ZHUANBAN_WECOM_API_BASE": f"http://127.0.0.1:{_free_port()}/cgi-bin/",
        "ZHUANBAN_REMINDERS_IN_SERVE": "false",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,
        env=clean_env(**env),
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(60, process.kill)  # a server that never starts ends the wait
    watchdog.start()
    try:
        started = None
        for raw in process.stderr:  # JSON lines; the start-up line comes once listening
            entry = json.loads(raw)
            if entry["msg"] == "zhuanban started":
                started = entry
                break
        assert started is not None
        assert started["version"] == metadata.version("zhuanban-bot")
        assert started["database"].endswith("zhuanban.db")
        assert started["calendar"].startswith("2004-")
        assert started["address"] == f"http://127.0.0.1:{port}"
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:  # the line is logged as the app starts, the socket opens right after
            try:
                health = urlopen(base + "/healthz", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)  # polls a socket that is about to open, not the clock
        assert health.status == 200
        assert urlopen(base + "/readyz", timeout=5).status == 200
        assert b"zhuanban_outbox_depth" in urlopen(base + "/metrics", timeout=5).read()
    finally:
        watchdog.cancel()
        process.terminate()
        process.wait(timeout=30)
