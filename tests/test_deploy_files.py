"""The Dockerfile, compose.yaml, systemd unit, .env.example and docs name only settings that
exist, and .env.example lists every one with its true default. (No image is built here.)"""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest
import yaml

from core.settings import Settings
from tests.shared import ACCEPTANCE_ENV

ROOT = Path(__file__).resolve().parents[1]
SETTING = re.compile(r"\bZHUANBAN_([A-Z0-9_]+)")
EXAMPLE_LINE = re.compile(r"^#?\s*ZHUANBAN_([A-Z0-9_]+)=(.*)$")
FILES = [
    ".env.example",
    "Dockerfile",
    "compose.yaml",
    "deploy/zhuanban.service",
    "README.md",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md")),
]
FIELDS = {name.upper() for name in Settings.model_fields}
TEST_ONLY = {ACCEPTANCE_ENV.removeprefix("ZHUANBAN_")}
"""Variables the tests read (tests/shared.py), documented for maintainers; not settings."""


@pytest.mark.parametrize("name", FILES)
def test_files_name_only_settings_that_exist(name):
    named = set(SETTING.findall((ROOT / name).read_text(encoding="utf-8")))
    assert named - FIELDS - TEST_ONLY == set()


def _example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    return dict(match.groups() for line in lines if (match := EXAMPLE_LINE.match(line)))


def test_env_example_lists_every_setting_with_its_default():
    example = _example()
    assert set(example) == FIELDS
    defaults = Settings(_env_file=None)
    for name, value in example.items():
        field = name.lower()
        if not value or field == "database_url":  # blanks to fill in; the URL is an example
            continue
        parsed = Settings(_env_file=None, **{field: value})
        assert getattr(parsed, field) == getattr(defaults, field), name


def test_compose_runs_the_bot_on_postgres_with_named_volumes():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    bot, database = compose["services"]["bot"], compose["services"]["db"]
    assert database["image"].startswith("postgres")
    assert bot["environment"]["ZHUANBAN_DATABASE_URL"].startswith("postgresql://")
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    named = {entry.split(":")[0] for entry in bot["volumes"] + database["volumes"]}
    assert named <= set(compose["volumes"])


def test_dockerfile_is_slim_non_root_and_migrates_before_serving():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:[\d.]+-slim", text, re.M)
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    assert "TZ=Asia/Shanghai" in text and "HEALTHCHECK" in text and "/healthz" in text
    command = re.search(r"^CMD (.+)$", text, re.M).group(1)
    assert command.index("zhuanban db upgrade") < command.index("zhuanban serve")


def test_systemd_unit_runs_serve_as_a_service_user():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # keys are case-sensitive in systemd
    unit.read(ROOT / "deploy/zhuanban.service", encoding="utf-8")
    service = unit["Service"]
    assert service["ExecStart"].endswith("zhuanban serve")
    assert service["ExecStartPre"].endswith("zhuanban db upgrade")
    assert service["User"] not in ("root", "0")
    assert unit["Install"]["WantedBy"] == "multi-user.target"
