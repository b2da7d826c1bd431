"""Checking the settings `serve` needs, with a message naming each missing or wrong one."""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import urlparse

from core.settings import Settings

REQUIRED = {
    "wecom_corp_id": "ZHUANBAN_WECOM_CORP_ID",
    "wecom_agent_id": "ZHUANBAN_WECOM_AGENT_ID",
    "wecom_secret": "ZHUANBAN_WECOM_SECRET",
    "wecom_token": "ZHUANBAN_WECOM_TOKEN",
    "wecom_aes_key": "ZHUANBAN_WECOM_AES_KEY",
}
_AES_KEY = re.compile(r"[A-Za-z0-9]{43}")
_TOKEN = re.compile(r"[A-Za-z0-9]{1,32}")
_CORP_ID = re.compile(r"[A-Za-z0-9]{1,64}")


def missing_wecom(settings: Settings) -> list[str]:
    """Names of the required WeCom settings that are empty."""
    return [env for field, env in REQUIRED.items() if not getattr(settings, field).strip()]


def problems(settings: Settings) -> list[str]:
    """Every setting that is missing or malformed, as sentences naming the variable."""
    found = [f"{env} 未设置" for env in missing_wecom(settings)]
    corp_id = settings.wecom_corp_id.strip()
    if corp_id and not _CORP_ID.fullmatch(corp_id):
        found.append(
            "ZHUANBAN_WECOM_CORP_ID 应为企业ID（只含字母和数字，见管理后台“我的企业”页底部）"
        )
    agent_id = settings.wecom_agent_id.strip()
    if agent_id and not agent_id.isdigit():
        found.append(
            f"ZHUANBAN_WECOM_AGENT_ID 应为数字（应用详情页的 AgentId），现在是 {agent_id!r}"
        )
    token = settings.wecom_token
    if token and not _TOKEN.fullmatch(token):
        found.append(
            "ZHUANBAN_WECOM_TOKEN 应为 1 至 32 个字母或数字，与“接收消息”设置页的 Token 一致"
        )
    found += _aes_key_problems(settings.wecom_aes_key)
    secret = settings.wecom_secret
    if secret and secret != secret.strip():
        found.append("ZHUANBAN_WECOM_SECRET 首尾有空格，请去掉")
    api = urlparse(settings.wecom_api_base)
    if api.scheme not in ("http", "https") or not api.netloc:
        found.append(
            "ZHUANBAN_WECOM_API_BASE 应为以 http(s):// 开头的地址，"
            f"默认 https://qyapi.weixin.qq.com/cgi-bin/，现在是 {settings.wecom_api_base!r}"
        )
    if not 0 < settings.port < 65536:
        found.append(f"ZHUANBAN_PORT 应在 1 至 65535 之间，现在是 {settings.port}")
    if not 0 <= settings.wecom_reply_budget <= 4:
        found.append(
            "ZHUANBAN_WECOM_REPLY_BUDGET 应在 0 至 4 秒之间（企业微信 5 秒内收不到回应会重发），"
            f"现在是 {settings.wecom_reply_budget}"
        )
    if settings.wecom_user_rate_per_minute >= 30:
        found.append(
            "ZHUANBAN_WECOM_USER_RATE_PER_MINUTE 应小于 30（超过的消息会被企业微信静默丢弃）"
        )
    if settings.wecom_webhook_rate_per_minute > 20:
        found.append("ZHUANBAN_WECOM_WEBHOOK_RATE_PER_MINUTE 不能超过 20（群机器人的上限）")
    if not settings.database_url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        found.append(
            "ZHUANBAN_DATABASE_URL 应以 sqlite:// 或 postgresql:// 开头，"
            f"现在是 {settings.database_url.split('://')[0]}://…"
        )
    return found


def _aes_key_problems(key: str) -> list[str]:
    if not key:
        return []
    if not _AES_KEY.fullmatch(key):
        return [
            "ZHUANBAN_WECOM_AES_KEY 应为 43 个字母或数字（“接收消息”设置页的 EncodingAESKey），"
            f"现在是 {len(key)} 个字符"
            + ("，含有字母和数字以外的字符" if not key.isalnum() else "")
        ]
    try:
        decoded = base64.b64decode(key + "=", validate=True)
    except binascii.Error:
        decoded = b""
    if len(decoded) != 32:
        return ["ZHUANBAN_WECOM_AES_KEY 不是有效的 EncodingAESKey，请在管理后台重新复制或随机生成"]
    return []
