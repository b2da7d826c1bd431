"""Migration 0008: rows of the old WeCom-shaped outbox become typed messages, and back."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command

from core.messages import (
    Button,
    Card,
    CardUpdate,
    File,
    Markdown,
    Outbound,
    Text,
    ToChat,
    ToRobot,
    ToUsers,
)
from storage import db
from storage.models import OutboxMessage

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
OLD_ROWS = [
    ("user", "b|a", "text", {"content": "通知"}),
    ("user", "a", "file", {"filename": "表.xlsx", "content_b64": "YWJj", "media_id": "m-1"}),
    (
        "user",
        "a",
        "card",
        {"text": "选", "title": "T", "buttons": [["是", "1"]], "task_id": "zb-1"},
    ),
    ("user", "a", "update_card", {"response_code": "rc", "replace_name": "已选择：是"}),
    ("webhook", "office", "text", {"content": "催报", "mentioned_list": ["a"]}),
    ("webhook", "", "markdown", {"content": "**晾晒**"}),
    ("appchat", "chat1", "text", {"content": "群"}),
]
EXPECTED = [
    Outbound(ToUsers.of("a", "b"), Text("通知")),
    Outbound(ToUsers.of("a"), File("表.xlsx", "base64:YWJj")),
    Outbound(ToUsers.of("a"), Card("选", (Button("是", "1"),), "T")),
    Outbound(ToUsers.of("a"), CardUpdate("rc", "已选择：是")),
    Outbound(ToRobot(), Text("催报", ("a",))),
    Outbound(ToRobot(), Markdown("**晾晒**")),
    Outbound(ToChat("chat1"), Text("群")),
]


def _migrate(connection: sa.Connection, revision: str, *, down: bool = False) -> None:
    config = db.alembic_config(connection)
    (command.downgrade if down else command.upgrade)(config, revision)


async def test_old_rows_become_typed_messages_and_go_back(engine):
    old = sa.table(
        "outbox",
        *(sa.column(name) for name in ("channel", "recipient", "msgtype", "source")),
        sa.column("payload", sa.JSON),
        *(sa.column(name) for name in ("status", "attempts", "created_at", "next_attempt_at")),
    )
    async with engine.begin() as conn:
        await conn.run_sync(_migrate, "0006", down=True)
        for channel, recipient, msgtype, payload in OLD_ROWS:
            await conn.execute(
                sa.insert(old).values(
                    channel=channel,
                    recipient=recipient,
                    msgtype=msgtype,
                    payload=payload,
                    source="test",
                    status="queued",
                    attempts=0,
                    created_at=NOW,
                    next_attempt_at=NOW,
                )
            )
        await conn.run_sync(_migrate, "head")
    async with db.session_factory(engine)() as session:
        rows = list(await session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [row.outbound for row in rows] == EXPECTED
    assert [row.channel for row in rows] == ["users"] * 4 + ["robot"] * 2 + ["chat"]
    assert rows[1].delivery == {"media_id": "m-1"} and rows[2].delivery == {"task_id": "zb-1"}
    assert len({row.address for row in rows[:4]}) == 2  # to a+b, and to a

    async with engine.begin() as conn:
        await conn.run_sync(_migrate, "0006", down=True)
        back = (
            await conn.execute(sa.text("SELECT channel, recipient, msgtype FROM outbox"))
        ).all()
        await conn.run_sync(_migrate, "head")
    assert [tuple(row) for row in back] == [
        ("user", "a|b", "text"),
        ("user", "a", "file"),
        ("user", "a", "card"),
        ("user", "a", "update_card"),
        ("webhook", "office", "text"),
        ("webhook", "office", "markdown"),
        ("appchat", "chat1", "text"),
    ]
