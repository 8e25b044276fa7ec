"""Fresh databases: a SQLite file or a new database on the local PostgreSQL server, migrated,
optionally holding the demo catalog, and quick copies of such databases."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, closing, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from assistant.kernel.clock import utcnow
from assistant.kernel.database import get_engine, session_scope
from assistant.schema import upgrade
from catalog.flights.demo import write_demo_feed
from catalog.flights.loader import import_flights
from catalog.importer import import_catalog
from catalog.menu.loader import load_menu
from testkit.paths import DEMO_CATALOG, DEMO_MENU

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def _admin(statement: str) -> None:
    admin = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


def create_postgres_database(prefix: str = "test", template: str | None = None) -> str:
    """A new database on the local PostgreSQL server, empty or a copy of the database named
    `template` (which nobody may be connected to); its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return f"{POSTGRES_SERVER}/{name}"


def drop_postgres_database(url: str) -> None:
    get_engine(url).dispose()
    _admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@contextmanager
def fresh_postgres_database(prefix: str = "test") -> Iterator[str]:
    """A new, empty database on the local PostgreSQL server, dropped afterwards."""
    url = create_postgres_database(prefix)
    try:
        yield url
    finally:
        drop_postgres_database(url)


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


def load_demo_flights(url: str, workdir: Path, days: int = 10) -> None:
    """The demo airline's next `days` days of flights, from today, into the database at `url`."""
    feed = workdir / "demo_flights.csv"
    write_demo_feed(feed, utcnow().date(), days=days)
    with session_scope(url) as session:
        report = import_flights(session, feed)
    assert report.rejected == 0, report.errors[:3]


def load_demo_menu(url: str) -> None:
    """The demo pizzeria's menu into the database at `url`."""
    with session_scope(url) as session:
        report = load_menu(session, DEMO_MENU)
    assert report.rejected == 0, report.errors[:3]


class Templates:
    """Migrated databases built once per kind, empty or holding the demo catalog, and copied for
    each use: a copy takes milliseconds (SQLite) or a fraction of a second (PostgreSQL), where
    migrating and loading the catalog take seconds. Nothing is built before it is asked for.

    PostgreSQL copies are made in the background, the next one while the current one is in use,
    and dropped in the background: a test waits for neither. Drops run several at a time: each
    waits for a checkpoint (one to two seconds on a busy server) and concurrent ones share it.
    """

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._built: dict[tuple[str, bool], str] = {}
        self._makes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postgres-copy")
        self._drops = ThreadPoolExecutor(max_workers=4, thread_name_prefix="postgres-drop")
        self._next: dict[str, Future[str]] = {}
        self._dropped: list[Future[None]] = []

    def __enter__(self) -> Templates:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._makes.shutdown(wait=True)  # nothing is being copied any more
        unused = [copy.result() for copy in self._next.values() if not copy.exception()]
        postgres = [url for url in self._built.values() if not url.startswith("sqlite")]
        for url in unused + postgres:
            self._drop(url)
        self._drops.shutdown(wait=True)
        for dropped in self._dropped:
            dropped.result()  # a failed drop is reported, not left behind unseen

    def copy(self, kind: str, directory: Path, demo: bool = False) -> AbstractContextManager[str]:
        """A fresh database of `kind` ("sqlite" or "postgres"), with the demo catalog if `demo`;
        a SQLite copy is written in `directory`."""
        template = self._template(kind, demo)
        if kind == "sqlite":
            return _sqlite_copy(template, directory / "shop.db")
        return self._postgres_copy(str(make_url(template).database))

    @contextmanager
    def _postgres_copy(self, template: str) -> Iterator[str]:
        ready = self._next.pop(template, None) or self._make_copy(template)
        self._next[template] = self._make_copy(template)
        copy = ready.result()
        try:
            yield copy
        finally:
            self._drop(copy)

    def _make_copy(self, template: str) -> Future[str]:
        return self._makes.submit(create_postgres_database, template=template)

    def _drop(self, url: str) -> None:
        self._dropped.append(self._drops.submit(drop_postgres_database, url))

    def _template(self, kind: str, demo: bool) -> str:
        if (kind, demo) not in self._built:
            if kind == "sqlite":
                url = f"sqlite:///{self._directory / ('demo.db' if demo else 'empty.db')}"
            else:
                url = create_postgres_database("template")  # dropped on exit, with the copies
            upgrade(url)
            if demo:
                load_demo_catalog(url)
            get_engine(url).dispose()  # PostgreSQL copies only a template nobody is connected to
            self._built[kind, demo] = url
        return self._built[kind, demo]


@contextmanager
def _sqlite_copy(template: str, target: Path) -> Iterator[str]:
    # SQLite's backup API, not a file copy: the template is in WAL mode.
    with (
        closing(sqlite3.connect(str(make_url(template).database))) as origin,
        closing(sqlite3.connect(target)) as replica,
    ):
        origin.backup(replica)
    url = f"sqlite:///{target}"
    try:
        yield url
    finally:
        get_engine(url).dispose()
