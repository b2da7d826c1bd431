"""`zhuanban config check` and `zhuanban serve` refusing to start on bad settings."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.fakes.harness import AES_KEY, AGENT_ID, CORP_ID, SECRET, TOKEN

GOOD = {
    "ZHUANBAN_WECOM_CORP_ID": CORP_ID,
    "ZHUANBAN_WECOM_AGENT_ID": AGENT_ID,
    "ZHUANBAN_WECOM_SECRET": SECRET,
    "ZHUANBAN_WECOM_TOKEN": TOKEN,
    "ZHUANBAN_WECOM_AES_KEY": AES_KEY,
}
EMPTY = dict.fromkeys(GOOD, "")


def run(args: list[str], env: dict[str, str]):
    return CliRunner().invoke(main, args, env=env)


def test_config_check_passes_with_good_settings():
    result = run(["config", "check"], GOOD)
    assert result.exit_code == 0, result.output
    assert "通过" in result.output


def test_config_check_names_every_missing_setting():
    result = run(["config", "check"], EMPTY)
    assert result.exit_code == 1
    for name in GOOD:
        assert f"{name} 未设置" in result.output


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("ZHUANBAN_WECOM_AES_KEY", AES_KEY[:-1], "43 个字母或数字"),
        ("ZHUANBAN_WECOM_AES_KEY", AES_KEY[:-1] + "+", "字母和数字以外"),
        ("ZHUANBAN_WECOM_AGENT_ID", "app-1", "应为数字"),
        ("ZHUANBAN_WECOM_TOKEN", "has space", "ZHUANBAN_WECOM_TOKEN"),
        ("ZHUANBAN_WECOM_API_BASE", "qyapi.weixin.qq.com", "http(s)://"),
        ("ZHUANBAN_WECOM_REPLY_BUDGET", "6", "0 至 4 秒"),
        ("ZHUANBAN_WECOM_USER_RATE_PER_MINUTE", "30", "小于 30"),
    ],
)
def test_config_check_says_what_is_wrong(name, value, says):
    result = run(["config", "check"], GOOD | {name: value})
    assert result.exit_code == 1
    assert name in result.output and says in result.output


def test_unreadable_value_is_named():
    result = run(["config", "check"], GOOD | {"ZHUANBAN_PORT": "eighty"})
    assert result.exit_code == 1
    assert "ZHUANBAN_PORT" in result.output


def test_serve_without_wecom_settings_points_to_chat():
    result = run(["serve"], EMPTY)
    assert result.exit_code == 1
    assert "zhuanban chat" in result.output
    assert "ZHUANBAN_WECOM_AES_KEY" in result.output


def test_serve_refuses_malformed_settings():
    result = run(["serve"], GOOD | {"ZHUANBAN_WECOM_AGENT_ID": "x"})
    assert result.exit_code == 1
    assert "ZHUANBAN_WECOM_AGENT_ID" in result.output
