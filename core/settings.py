"""Settings, read once at start-up from the environment or `.env` (prefix ZHUANBAN_)."""

from __future__ import annotations

import base64
from datetime import time
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_DRIVER_ALIASES = {
    "postgres://": "postgresql+asyncpg://",
    "postgresql://": "postgresql+asyncpg://",
    "sqlite://": "sqlite+aiosqlite://",
}


def normalize_database_url(url: str) -> str:
    """Accept plain `postgresql://` and `sqlite://` URLs and pick the async drivers."""
    for plain, async_form in _DRIVER_ALIASES.items():
        if url.startswith(plain):
            return async_form + url[len(plain) :]
    return url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ZHUANBAN_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = "sqlite+aiosqlite:///zhuanban.db"
    knowledge_dir: Path | None = None
    data_dir: Path = Path("data")
    """Files the office keeps: calendar.yaml (holidays it entered), …"""
    log_level: str = "INFO"

    wecom_corp_id: str = ""
    wecom_agent_id: str = ""
    wecom_secret: str = ""
    wecom_token: str = ""
    wecom_aes_key: str = ""
    wecom_api_base: str = "https://qyapi.weixin.qq.com/cgi-bin/"
    wecom_webhook_key: str = ""
    host: str = "0.0.0.0"
    port: int = 8080
    # Day of the quarter's last month that reports are due by default (moved back to a
    # working day); ZHUANBAN_REPORT_DUE_DAY.
    report_due_day: int = Field(default=25, ge=1, le=30)

    # Reminders go out on working days between these local (Asia/Shanghai) times.
    office_hours_start: time = time(9, 0)
    office_hours_end: time = time(17, 30)
    # Off when reminders are driven by cron (`zhuanban remind run`) instead of `serve`.
    reminders_in_serve: bool = True
    # A submitted report waits for a 分管领导's 确认 before the office sees it.
    leader_confirmation: bool = False
    # A target or problem turns yellow this many working days before it is due.
    warning_workdays: int = Field(default=5, ge=0, le=60)

    # WeCom transport tuning; the defaults follow WeCom's documented limits (see WECOM.md).
    wecom_reply_budget: float = 1.5
    """Seconds the callback waits for the core before answering later through message/send."""
    wecom_timestamp_window: int = 300
    """Callbacks whose timestamp is further than this from our clock are refused (seconds)."""
    wecom_max_body: int = 64 * 1024
    wecom_user_rate_per_minute: int = 25
    """Messages a minute to one member; WeCom silently drops everything beyond 30."""
    wecom_webhook_rate_per_minute: int = 20
    wecom_http_timeout: float = Field(default=15.0, gt=0)
    """Seconds an API call may take; a timeout is retried like an HTTP error."""
    wecom_duplicate_check_seconds: int = 600
    """enable_duplicate_check window: covers a resend after a crash mid-send."""
    checkin_idle_hours: float = Field(default=24, gt=0)
    """A check-in conversation idle this long expires (the draft is kept; a note says so)."""
    outbox_give_up_hours: int = 24
    """A message that still fails for a transient reason after this long is marked failed."""
    wecom_spool_dir: Path | None = None
    """Where the callback keeps messages that arrive while the database is away (replayed
    in order once it is back); unset: such messages get a 503 and WeCom's three retries."""
    outbox_max_attempts: int = Field(default=12, ge=1)
    """Failed attempts (HTTP errors, timeouts, frequency limits) after which a message is
    parked as failed; never deleted, `zhuanban outbox retry` queues it again."""

    # Attachments (files, images, voice people send), downloaded into the file store.
    files_dir: Path | None = None
    """Where attachments are kept; by default a folder `<database name>-files` beside the
    SQLite file (`zhuanban-files` in the working directory for PostgreSQL)."""
    attachment_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    """Larger files are refused (WeCom's media/get serves at most 20 MB in one piece)."""
    # The web console (/console/, docs/console.md).
    public_url: str = ""
    """The console's public base URL (https://host[:port]); chat messages link to it when set."""
    console_secret: str = ""
    """Key of the console's sessions and login links (a Fernet key: `zhuanban console key`)."""
    console_session_hours: int = Field(default=12, ge=1, le=24 * 30)
    document_templates_dir: Path | None = None
    """A folder with the office's own quarter_report.docx / ranking_report.docx."""
    qa_context_minutes: int = Field(default=30, ge=1)
    """A Q&A follow-up ("那责任单位呢") refers to the last answer for this long of silence."""

    # Retention (`zhuanban db prune`, and daily in `serve`): the audit log and reports are
    # kept for good; these rows only serve deduplication and delivery.
    inbound_keep_days: int = Field(default=30, ge=1, le=3650)
    """Days a received message's id is kept to recognise WeCom's retries (they come within
    seconds; a month is ample)."""
    outbox_keep_days: int = Field(default=90, ge=1, le=3650)
    """Days a sent (or failed) outbox message is kept for `zhuanban outbox` and 发送情况."""

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return normalize_database_url(value)

    def files_path(self) -> Path:
        """The file store's folder (see `files_dir`)."""
        if self.files_dir is not None:
            return self.files_dir
        prefix = "sqlite+aiosqlite:///"
        if self.database_url.startswith(prefix):
            database = Path(self.database_url[len(prefix) :].split("?", 1)[0])
            if database.name and database.name != ":memory:":
                return database.with_name(database.stem + "-files")
        return Path("zhuanban-files")

    @field_validator("console_secret")
    @classmethod
    def _fernet_key(cls, value: str) -> str:
        """Empty (no console) or a Fernet key: 32 bytes in URL-safe base64."""
        if value:
            try:
                key = base64.urlsafe_b64decode(value.encode("ascii"))
            except (ValueError, UnicodeEncodeError):
                key = b""
            if len(key) != 32:
                raise ValueError("console_secret must be a key from `zhuanban console key`")
        return value

    @model_validator(mode="after")
    def _office_hours_in_order(self) -> Settings:
        if self.office_hours_start >= self.office_hours_end:
            raise ValueError("office_hours_start must be earlier than office_hours_end")
        return self
