"""The migrations own the schema: they build what the models describe, and the head is known."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage import db
from storage.models import Base


def test_head_read_from_the_files_is_alembics_head():
    head = ScriptDirectory.from_config(db.alembic_config()).get_current_head()
    assert head == db.head_revision(), "the migration files must form one chain"


async def test_upgraded_schema_matches_the_models(engine):
    def differences(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as conn:
        assert await db.current_revision(engine) == db.head_revision()
        assert await conn.run_sync(differences) == []
