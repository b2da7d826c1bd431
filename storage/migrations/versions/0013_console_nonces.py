"""console single-use nonces

Revision ID: 0013
Revises: 0006
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_nonces",
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_console_nonces")),
    )


def downgrade() -> None:
    op.drop_table("console_nonces")
