"""wecom transport: greetings, template cards, deferred replies, send log, outbox parts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daily_greetings",
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("user_key", "day", name=op.f("pk_daily_greetings")),
    )
    op.create_table(
        "template_cards",
        sa.Column("task_id", sa.String(length=128), nullable=False),
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("buttons", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("chosen_msg_key", sa.String(length=200), nullable=True),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_template_cards")),
    )
    op.create_table(
        "deferred_replies",
        sa.Column("msg_key", sa.String(length=200), nullable=False),
        sa.Column("message", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("msg_key", name=op.f("pk_deferred_replies")),
    )
    with op.batch_alter_table("deferred_replies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deferred_replies_pending", ["released_at", "created_at"], unique=False
        )

    op.create_table(
        "send_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_key", sa.String(length=200), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_send_log")),
    )
    with op.batch_alter_table("send_log", schema=None) as batch_op:
        batch_op.create_index("ix_send_log_recipient", ["recipient_key", "sent_at"], unique=False)

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("parts_sent", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("parts_sent")
    with op.batch_alter_table("send_log", schema=None) as batch_op:
        batch_op.drop_index("ix_send_log_recipient")
    op.drop_table("send_log")
    with op.batch_alter_table("deferred_replies", schema=None) as batch_op:
        batch_op.drop_index("ix_deferred_replies_pending")
    op.drop_table("deferred_replies")
    op.drop_table("template_cards")
    op.drop_table("daily_greetings")
