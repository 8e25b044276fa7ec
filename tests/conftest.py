"""Real databases for the tests that need one: a SQLite file, or a PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit.databases import load_demo_catalog, migrated_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database: a SQLite file, or a fresh PostgreSQL database."""
    with migrated_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def demo_db(database_url: str) -> str:
    """A database holding the demo catalog."""
    load_demo_catalog(database_url)
    return database_url
