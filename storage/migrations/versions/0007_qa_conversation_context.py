"""qa conversation context: what each user's last Q&A answer was about

Revision ID: 0007
Revises: 0008
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qa_contexts",
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("memory", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_key", name=op.f("pk_qa_contexts")),
    )


def downgrade() -> None:
    op.drop_table("qa_contexts")
