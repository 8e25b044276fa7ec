"""Shared fixtures: real databases (SQLite file, PostgreSQL server), the demo catalog."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import create_engine, text

from assistant.kernel.database import get_engine, session_scope
from assistant.schema import upgrade
from assistant.supervisor import Service, Supervisor
from catalog.importer import import_catalog

ROOT = Path(__file__).resolve().parent.parent
DEMO_CATALOG = ROOT / "data" / "demo" / "catalog.csv"
T = TypeVar("T")
POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'shop.db'}"
        upgrade(url)
        yield url
        get_engine(url).dispose()
        return
    with fresh_postgres_database() as url:
        upgrade(url)
        yield url


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new, empty database on the local PostgreSQL server, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def demo_db(database_url: str) -> str:
    """A database holding the demo catalog."""
    with session_scope(database_url) as session:
        report = import_catalog(session, DEMO_CATALOG)
    assert report.rejected == 0, report.errors[:3]
    return database_url


def wait_for(
    predicate: Callable[[], T | None],
    timeout: float = 10.0,
    interval: float = 0.05,
    what: str = "condition",
) -> T:
    """Poll `predicate` until it returns something truthy; fail naming `what` at timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {timeout} s")
        time.sleep(interval)


def port_open(port: int) -> bool:
    """Something listens on this loopback port."""
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def running(services: list[Service], log_path: Path, timeout: float = 300) -> Iterator[Supervisor]:
    """Start server processes, wait until all are healthy, stop them afterwards.

    Their output goes to `log_path`; if start-up fails, its tail is printed into the test report.
    """
    with log_path.open("w") as log_file, Supervisor(services, log=log_file, colour=False) as sup:
        try:
            sup.wait_healthy(timeout=timeout)
        except Exception:
            log_file.flush()
            print(log_path.read_text()[-5000:])
            raise
        yield sup
