"""the day a returned report is due back; a submission awaiting its 分管领导's confirmation

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch_op:
        batch_op.add_column(sa.Column("return_due_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("awaiting_leader", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("leader_confirmed_by", sa.String(64), nullable=True))
        batch_op.add_column(
            sa.Column("leader_confirmed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch_op:
        batch_op.drop_column("leader_confirmed_at")
        batch_op.drop_column("leader_confirmed_by")
        batch_op.drop_column("awaiting_leader")
        batch_op.drop_column("return_due_on")
