"""The registry store: SQLAlchemy models, repositories and Alembic migrations."""
