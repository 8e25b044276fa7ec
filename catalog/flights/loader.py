"""Load a flights feed: check every row, then upsert flights and fares in one transaction.

Keyed on the fare code ("DA1234-20261203-LIGHT"), so a reload of the same feed changes nothing.
Writes are bulk statements, as the products' importer does: the demo airline's feed has a
hundred thousand rows. Departures already past are skipped (counted, not errors).

Seats: the feed gives the seats the airline lets this shop sell on a fare; seats the shop's
orders hold (`Fare.seats_reserved`) are taken off on every load, in the UPDATE itself, so a
reload never hands out a seat an order holds.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import bindparam, case, delete, insert, select, update
from sqlmodel import Session

from assistant.kernel.clock import utcnow
from catalog.embeddings import Progress, chunks
from catalog.feeds.base import FeedError
from catalog.feeds.report import LoadReport
from catalog.feeds.sniff import FLIGHT_FORMATS, sniff_format
from catalog.flights.feeds import FLIGHT_READERS
from catalog.flights.models import SCHEDULED, WITHDRAWN, Fare, Flight
from catalog.flights.rows import FlightRow
from catalog.importer import FeedLimits
from catalog.references import referenced

FLIGHT = Flight.__table__  # type: ignore[attr-defined]
FARE = Fare.__table__  # type: ignore[attr-defined]
# Flight columns a feed row sets; compared to tell a changed flight from an unchanged one.
FLIGHT_COLUMNS = (
    "flight_number",
    "carrier",
    "origin",
    "destination",
    "departs_at",
    "arrives_at",
    "stops",
    "description",
    "url",
    "image_url",
    "status",
)
RETIMED_MARGIN = timedelta(days=3)
BATCH = 5_000  # rows per executemany: big enough to be fast, small enough to show progress


@dataclass
class FlightImportReport(LoadReport):
    departed: int = 0  # rows whose flight already left: skipped
    flights: int = 0  # distinct flights written or unchanged
    seconds: dict[str, float] = field(default_factory=dict)  # read / write


def import_flights(
    session: Session,
    path: Path,
    feed_format: str = "auto",
    *,
    strict: bool = False,
    prune: bool = False,
    default_currency: str | None = None,
    progress: Progress | None = None,
    limits: FeedLimits | None = None,
    now: datetime | None = None,
) -> FlightImportReport:
    """Read and check the whole file, then write; a FeedError leaves the catalog untouched."""
    limits = limits or FeedLimits()
    limits.check_size(path)
    sniffed = ""
    if feed_format == "auto":
        feed_format, sniffed = sniff_format(path)
    reader = FLIGHT_READERS.get(feed_format)
    if reader is None:
        raise FeedError(path, f"not a flights feed format: {feed_format!r}; use {FLIGHT_FORMATS}")
    now = now or utcnow()
    report = FlightImportReport(source=str(path), feed_format=feed_format, sniffed=sniffed)
    started = time.perf_counter()
    rows: list[FlightRow] = []
    in_feed: set[str] = set()  # fare codes, departed ones too: --prune leaves those alone
    for row in report.accepted(reader(path, default_currency), path, limits, progress):
        in_feed.add(row.fare_code)
        if row.departs_at <= now:
            report.departed += 1
        else:
            rows.append(row)
    report.seconds["read"] = round(time.perf_counter() - started, 2)
    if strict and report.errors:
        report.loaded = False
    else:
        started = time.perf_counter()
        _upsert(session, rows, report, progress)
        if prune:
            _prune(session, in_feed, report)
        report.seconds["write"] = round(time.perf_counter() - started, 2)
    session.add(report.stored())
    return report


def _upsert(
    session: Session,
    rows: list[FlightRow],
    report: FlightImportReport,
    progress: Progress | None,
) -> None:
    if not rows:
        return
    flights: dict[str, FlightRow] = {}
    for row in rows:
        flights.setdefault(row.flight_key, row)  # the reader checked they agree
    report.flights = len(flights)
    # A stored flight with one of the feed's keys departs on the key's local date, so within
    # about two days of the feed's row even if retimed or moved to another time zone: a range
    # on the departure index finds it without sending every key (long IN lists are slow to
    # send to PostgreSQL).
    since = min(row.departs_at for row in flights.values()) - RETIMED_MARGIN
    columns = (FLIGHT.c.id, FLIGHT.c.key, *(FLIGHT.c[name] for name in FLIGHT_COLUMNS))
    stored = {
        found.key: found
        for found in session.execute(select(*columns).where(FLIGHT.c.departs_at >= since))
        if found.key in flights
    }
    now = utcnow()
    ids: dict[str, int] = {}
    new_flights: list[dict] = []
    changed_flights: list[dict] = []
    changed_keys: set[str] = set()
    for key, row in flights.items():
        values = _flight_values(row)
        current = stored.get(key)
        if current is None:
            new_flights.append(values | {"key": key, "updated_at": now})
            continue
        ids[key] = current.id
        if tuple(values[name] for name in FLIGHT_COLUMNS) != tuple(
            getattr(current, name) for name in FLIGHT_COLUMNS
        ):
            changed_flights.append({f"b_{k}": v for k, v in values.items()} | {"b_id": current.id})
            changed_keys.add(key)
    # Plain executemany, then the ids by key: INSERT ... RETURNING in batches measured three
    # times slower on PostgreSQL (psycopg).
    for batch in chunks(new_flights, BATCH):
        session.execute(insert(FLIGHT), batch)
    if new_flights:
        for key, flight_id in session.execute(
            select(FLIGHT.c.key, FLIGHT.c.id).where(FLIGHT.c.departs_at >= since)
        ):
            if key in flights:
                ids[key] = flight_id
    if changed_flights:
        session.execute(
            update(FLIGHT)
            .where(FLIGHT.c.id == bindparam("b_id"))
            .values(
                {name: bindparam(f"b_{name}") for name in FLIGHT_COLUMNS} | {"updated_at": now}
            ),
            changed_flights,
            execution_options={"synchronize_session": False},
        )
    _upsert_fares(session, rows, ids, changed_keys, since, report, progress)


def _flight_values(row: FlightRow) -> dict[str, object]:
    return {
        "flight_number": row.flight_number,
        "carrier": row.carrier,
        "origin": row.origin,
        "destination": row.destination,
        "departs_at": row.departs_at,
        "arrives_at": row.arrives_at,
        "stops": row.stops,
        "description": row.description,
        "url": row.url,
        "image_url": row.image_url,
        "status": SCHEDULED,  # a withdrawn flight the feed lists again is back on sale
    }


def _upsert_fares(
    session: Session,
    rows: list[FlightRow],
    flight_ids: dict[str, int],
    changed_flights: set[str],
    since: datetime,
    report: FlightImportReport,
    progress: Progress | None,
) -> None:
    stored = {
        found.code: found
        for found in session.execute(
            select(
                FARE.c.id,
                FARE.c.code,
                FARE.c.flight_id,
                FARE.c.fare_class,
                FARE.c.price_minor,
                FARE.c.currency,
                FARE.c.seats,
                FARE.c.seats_reserved,
                FARE.c.active,
            )
            .join(FLIGHT, FLIGHT.c.id == FARE.c.flight_id)
            .where(FLIGHT.c.departs_at >= since)
        )
    }
    inserts: list[dict] = []
    updates: list[dict] = []
    for row in rows:
        flight_id = flight_ids[row.flight_key]
        current = stored.get(row.fare_code)
        if current is None:
            inserts.append(
                {
                    "code": row.fare_code,
                    "flight_id": flight_id,
                    "fare_class": row.fare_class,
                    "price_minor": row.price_minor,
                    "currency": row.currency,
                    "seats": row.seats,
                    "seats_reserved": 0,
                    "active": True,
                }
            )
            continue
        seats_left = max(0, row.seats - current.seats_reserved)
        same = (
            current.flight_id,
            current.fare_class,
            current.price_minor,
            current.currency,
            current.seats,
            current.active,
        ) == (flight_id, row.fare_class, row.price_minor, row.currency, seats_left, True)
        if same and row.flight_key not in changed_flights:
            report.unchanged += 1
            continue
        updates.append(
            {
                "b_id": current.id,
                "b_flight_id": flight_id,
                "b_fare_class": row.fare_class,
                "b_price_minor": row.price_minor,
                "b_currency": row.currency,
                "b_seats": row.seats,
            }
        )
    report.added, report.updated = len(inserts), len(updates)
    written = 0
    for batch in chunks(inserts, BATCH):
        session.execute(insert(FARE), batch)
        written += len(batch)
        if progress:
            progress("write", written, len(inserts) + len(updates))
    # Seats left = the feed's seats minus those orders hold, computed in the statement: an
    # order reserving meanwhile is counted, never overwritten.
    seats_left = bindparam("b_seats") - FARE.c.seats_reserved
    statement = (
        update(FARE)
        .where(FARE.c.id == bindparam("b_id"))
        .values(
            flight_id=bindparam("b_flight_id"),
            fare_class=bindparam("b_fare_class"),
            price_minor=bindparam("b_price_minor"),
            currency=bindparam("b_currency"),
            seats=case((seats_left > 0, seats_left), else_=0),
            active=True,
        )
    )
    for batch in chunks(updates, BATCH):
        session.execute(statement, batch, execution_options={"synchronize_session": False})
        written += len(batch)
        if progress:
            progress("write", written, len(inserts) + len(updates))


def _prune(session: Session, in_feed: set[str], report: FlightImportReport) -> None:
    """Delete fares the feed no longer lists, and flights left without fares.

    A fare with seats held by orders (or that another table points at: a cart line) is never
    deleted: it is withdrawn (no longer sold) and its flight with it, so orders keep their
    seats and an order that ends unpaid can still give them back. A rejected row's flight is
    kept as stored until the row is fixed.
    """
    kept_flights = {error.group_id for error in report.errors if error.group_id}
    gone = [
        (fare_id, flight_id, reserved)
        for fare_id, code, flight_id, key, reserved in session.execute(
            select(
                FARE.c.id, FARE.c.code, FARE.c.flight_id, FLIGHT.c.key, FARE.c.seats_reserved
            ).join(FLIGHT, FLIGHT.c.id == FARE.c.flight_id)
        )
        if code not in in_feed and key not in kept_flights
    ]
    if not gone:
        return
    pointed_at = referenced(session, FARE.c.id, [fare_id for fare_id, _, _ in gone])
    held = [fare_id for fare_id, _, reserved in gone if reserved > 0 or fare_id in pointed_at]
    deleted = sorted({fare_id for fare_id, _, _ in gone} - set(held))
    for ids in chunks(held):
        session.execute(update(FARE).where(FARE.c.id.in_(ids)).values(active=False))
    for ids in chunks(deleted):
        session.execute(delete(FARE).where(FARE.c.id.in_(ids)))
    touched = sorted({flight_id for _, flight_id, _ in gone})
    _retire_flights(session, touched)
    report.removed, report.kept_unavailable = len(deleted), len(held)


def _retire_flights(session: Session, flight_ids: Iterable[int]) -> None:
    """Flights whose fares were pruned: deleted when none is left, withdrawn when none is sold."""
    ids = list(flight_ids)
    for batch in chunks(ids):
        fares = session.execute(
            select(FARE.c.flight_id, FARE.c.active).where(FARE.c.flight_id.in_(batch))
        ).all()
        with_fares = {flight_id for flight_id, _ in fares}
        selling = {flight_id for flight_id, active in fares if active}
        empty = [flight_id for flight_id in batch if flight_id not in with_fares]
        withdrawn = [flight_id for flight_id in with_fares if flight_id not in selling]
        if empty:
            session.execute(delete(FLIGHT).where(FLIGHT.c.id.in_(empty)))
        if withdrawn:
            session.execute(
                update(FLIGHT)
                .where(FLIGHT.c.id.in_(withdrawn))
                .values(status=WITHDRAWN, updated_at=utcnow())
            )
