"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from assistant.kernel.database import get_engine
from assistant.tables import metadata


def test_migrations_match_the_models(database_url: str) -> None:
    with get_engine(database_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == [], "models and migrations differ; run assistant.schema.make_revision"
