"""The migrations own the schema: they build what the models describe, and the head is known."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage import db
from storage.models import Base


def test_head_constant_is_the_newest_migration():
    head = ScriptDirectory.from_config(db.alembic_config()).get_current_head()
    assert head == db.HEAD_REVISION, "update storage/db.py HEAD_REVISION after adding a migration"


async def test_upgraded_schema_matches_the_models(engine):
    def differences(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as conn:
        assert await db.current_revision(engine) == db.HEAD_REVISION
        assert await conn.run_sync(differences) == []
