"""Fresh databases: a SQLite file or a new database on the local PostgreSQL server, migrated,
optionally holding the demo catalog."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from assistant.db import get_engine, session_scope
from assistant.schema import upgrade
from catalog.importer import import_catalog
from testkit.paths import DEMO_CATALOG

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


@contextmanager
def fresh_postgres_database(prefix: str = "test") -> Iterator[str]:
    """A new, empty database on the local PostgreSQL server, dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{POSTGRES_SERVER}/{name}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def migrated_database(kind: str, directory: Path) -> Iterator[str]:
    """An empty database with the current schema: kind "sqlite" (a file in `directory`) or
    "postgres" (a new database, dropped afterwards)."""
    if kind == "sqlite":
        url = f"sqlite:///{directory / 'shop.db'}"
        upgrade(url)
        try:
            yield url
        finally:
            get_engine(url).dispose()
        return
    with fresh_postgres_database() as url:
        upgrade(url)
        yield url


def load_demo_catalog(url: str) -> None:
    """The demo catalog, every row of it, into the database at `url`."""
    with session_scope(url) as session:
        report = import_catalog(session, DEMO_CATALOG)
    assert report.rejected == 0, report.errors[:3]
