"""msgs: the outbox stores typed messages (versioned JSON); delivery blocks

Revision ID: 0008
Revises: 0013
Create Date: 2026-12-06

Rows of the old shape (channel user/webhook/appchat, recipient "a|b|c", msgtype, WeCom-shaped
payload) are converted to core.messages.Outbound's JSON form, version 1; the conversion is
written out here so that later changes to the code cannot change what this migration does.
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0013"
branch_labels = None
depends_on = None

OLD = sa.table(
    "outbox",
    sa.column("id", sa.Integer),
    sa.column("channel", sa.String),
    sa.column("recipient", sa.Text),
    sa.column("msgtype", sa.String),
    sa.column("payload", sa.JSON),
    sa.column("address", sa.Text),
    sa.column("message", sa.JSON),
    sa.column("delivery", sa.JSON),
)
_WECOM_NOTES = ("media_id", "uploaded_at", "task_id", "fallback")


def _address(channel: str, recipient: str) -> dict[str, Any]:
    if channel == "webhook":
        return {"kind": "robot", "robot": recipient or "office"}
    if channel == "appchat":
        return {"kind": "chat", "chat_id": recipient}
    userids = sorted({userid for userid in recipient.split("|") if userid})
    return {"kind": "users", "userids": userids}


def _body(msgtype: str, payload: dict[str, Any]) -> dict[str, Any]:
    if msgtype == "text":
        return {
            "kind": "text",
            "text": payload["content"],
            "mentioned": list(payload.get("mentioned_list", [])),
        }
    if msgtype == "markdown":
        return {"kind": "markdown", "text": payload["content"]}
    if msgtype == "file":
        return {
            "kind": "file",
            "filename": payload["filename"],
            "content_ref": "base64:" + payload["content_b64"],
        }
    if msgtype == "card":
        return {
            "kind": "card",
            "text": payload.get("text", ""),
            "buttons": [list(button) for button in payload.get("buttons", [])],
            "title": payload.get("title", ""),
        }
    if msgtype == "update_card":
        return {
            "kind": "card_update",
            "token": payload["response_code"],
            "label": payload["replace_name"],
        }
    raise ValueError(f"outbox row of unknown msgtype {msgtype!r}")


def _old_shape(message: dict[str, Any], delivery: dict[str, Any]) -> tuple[str, str, str, dict]:
    to, body = message["to"], message["body"]
    channel = {"users": "user", "robot": "webhook", "chat": "appchat"}[to["kind"]]
    recipient = {
        "users": lambda: "|".join(to.get("userids", [])),
        "robot": lambda: to.get("robot", "office"),
        "chat": lambda: to.get("chat_id", ""),
    }[to["kind"]]()
    kind = body["kind"]
    if kind in ("text", "markdown"):
        payload: dict[str, Any] = {"content": body["text"]}
        if body.get("mentioned"):
            payload["mentioned_list"] = list(body["mentioned"])
        return channel, recipient, kind, payload
    if kind == "file":
        content = body["content_ref"].removeprefix("base64:")
        payload = {"filename": body["filename"], "content_b64": content}
        return channel, recipient, "file", {**payload, **delivery}
    if kind == "card":
        payload = {"text": body["text"], "title": body["title"], "buttons": body["buttons"]}
        return channel, recipient, "card", {**payload, **delivery}
    if kind == "card_update":
        payload = {"response_code": body["token"], "replace_name": body["label"]}
        return channel, recipient, "update_card", payload
    raise ValueError(f"outbox message of unknown kind {kind!r}")


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("message", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("delivery", sa.JSON(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(OLD.c.id, OLD.c.channel, OLD.c.recipient, OLD.c.msgtype, OLD.c.payload)
    ).all()
    for row in rows:
        to = _address(row.channel, row.recipient)
        payload = dict(row.payload or {})
        message = {"v": 1, "to": to, "body": _body(row.msgtype, payload)}
        delivery = {key: payload[key] for key in _WECOM_NOTES if key in payload}
        connection.execute(
            sa.update(OLD)
            .where(OLD.c.id == row.id)
            .values(
                channel=to["kind"],
                address=json.dumps(to, sort_keys=True, ensure_ascii=False),
                message=message,
                delivery=delivery,
            )
        )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("address", existing_type=sa.Text(), nullable=False)
        batch_op.alter_column("message", existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column("delivery", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("recipient")
        batch_op.drop_column("msgtype")
        batch_op.drop_column("payload")
    op.create_table(
        "delivery_blocks",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("errcode", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retry_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", name=op.f("pk_delivery_blocks")),
    )


def downgrade() -> None:
    op.drop_table("delivery_blocks")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipient", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("msgtype", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(OLD.c.id, OLD.c.message, OLD.c.delivery)).all()
    for row in rows:
        channel, recipient, msgtype, payload = _old_shape(row.message, dict(row.delivery or {}))
        connection.execute(
            sa.update(OLD)
            .where(OLD.c.id == row.id)
            .values(channel=channel, recipient=recipient, msgtype=msgtype, payload=payload)
        )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("recipient", existing_type=sa.Text(), nullable=False)
        batch_op.alter_column("msgtype", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("payload", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("address")
        batch_op.drop_column("message")
        batch_op.drop_column("delivery")
