"""Alembic environment: the URL comes from the caller (assistant.schema), never from a file."""

from alembic import context

from assistant.kernel.database import get_engine
from assistant.tables import metadata

config = context.config
target_metadata = metadata


def _ours(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Only the shop's tables: Rasa's tracker store may share the database (its `events`)."""
    return not (type_ == "table" and reflected and name not in target_metadata.tables)


def run_migrations_online() -> None:
    engine = get_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters via table copy
            include_object=_ours,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
