"""reminder log and scheduler locks

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.String(length=8), nullable=False),
        sa.Column("task_force_id", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_key", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"], ["periods.id"], name=op.f("fk_reminder_log_period_id_periods")
        ),
        sa.ForeignKeyConstraint(
            ["task_force_id"],
            ["task_forces.id"],
            name=op.f("fk_reminder_log_task_force_id_task_forces"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_log")),
        sa.UniqueConstraint(
            "period_id",
            "task_force_id",
            "stage",
            "recipient",
            name=op.f("uq_reminder_log_period_id"),
        ),
    )
    op.create_table(
        "scheduler_locks",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=True),
        sa.Column("last_tick_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_locks")),
    )


def downgrade() -> None:
    op.drop_table("scheduler_locks")
    op.drop_table("reminder_log")
