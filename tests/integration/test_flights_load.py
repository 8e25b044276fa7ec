"""Loading flights feeds on real SQLite and PostgreSQL: idempotent reloads, held seats, --prune,
departed flights, rejected rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import func, select

from assistant.kernel.database import session_scope
from catalog.flights.models import SCHEDULED, WITHDRAWN, Fare, Flight
from catalog.flights.seats import fares_by_code
from catalog.models import CatalogImport
from testkit.flights import FareLine, load_feed, write_feed

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=UTC)
MORNING = FareLine("LIS", "LHR", "2030-01-15T08:10", "2030-01-15T10:45", "DA100")
EVENING = FareLine("LIS", "LHR", "2030-01-15T19:00", "2030-01-15T21:35", "DA101")
PARIS = FareLine("CDG", "LIS", "2030-01-15T09:00", "2030-01-15T10:40", "DA200")
FEED = [
    flight.fare(fare_class, price, seats)
    for flight in (MORNING, EVENING, PARIS)
    for fare_class, price, seats in (("light", "59.99 EUR", 12), ("classic", "99.99 EUR", 6))
]


def count(url: str, model: type) -> int:
    with session_scope(url) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def fare(url: str, code: str) -> Fare:
    with session_scope(url) as session:
        (found,) = fares_by_code(session, [code])
        assert found.flight is not None  # loaded for the checks after the session
        return found


def reserve(url: str, code: str, seats: int) -> None:
    with session_scope(url) as session:
        (found,) = fares_by_code(session, [code])
        assert found.can_supply(seats)
        found.reserve(seats)


def test_a_reload_of_the_same_feed_changes_nothing(database_url: str, tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "flights.csv", FEED)
    first = load_feed(database_url, feed, now=NOW)
    assert (first.added, first.updated, first.unchanged, first.rejected) == (6, 0, 0, 0)
    assert (count(database_url, Flight), count(database_url, Fare)) == (3, 6)
    light = fare(database_url, "DA100-20300115-LIGHT")
    again = load_feed(database_url, feed, now=NOW)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)
    assert (count(database_url, Flight), count(database_url, Fare)) == (3, 6)
    assert fare(database_url, "DA100-20300115-LIGHT").id == light.id
    assert (light.seats, light.price_minor, light.currency) == (12, 5999, "EUR")
    assert light.flight.departs_at == datetime(2030, 1, 15, 8, 10, tzinfo=UTC)  # Lisbon: UTC
    assert count(database_url, CatalogImport) == 2


def test_a_changed_price_or_time_updates_what_changed(database_url: str, tmp_path: Path) -> None:
    load_feed(database_url, write_feed(tmp_path / "a.csv", FEED), now=NOW)
    edited = [
        line.fare("light", "64.99 EUR", 12) if line == FEED[0] else line for line in FEED
    ]  # the morning's light fare costs more
    moved = [
        replace(line, departure_time="2030-01-15T10:00") if line.flight_number == "DA200" else line
        for line in edited
    ]  # the Paris flight leaves later: both its fares are rewritten
    report = load_feed(database_url, write_feed(tmp_path / "b.csv", moved), now=NOW)
    assert (report.added, report.updated, report.unchanged) == (0, 3, 3)
    assert fare(database_url, "DA100-20300115-LIGHT").price_minor == 6499
    paris = fare(database_url, "DA200-20300115-CLASSIC")
    assert paris.flight.departs_at == datetime(2030, 1, 15, 9, 0, tzinfo=UTC)  # 10:00 in Paris


def test_seats_held_by_orders_are_taken_off_every_reload(database_url: str, tmp_path: Path) -> None:
    code = "DA100-20300115-LIGHT"
    load_feed(database_url, write_feed(tmp_path / "a.csv", FEED), now=NOW)
    reserve(database_url, code, 3)
    again = load_feed(database_url, write_feed(tmp_path / "a.csv", FEED), now=NOW)
    assert again.unchanged == 6
    assert (fare(database_url, code).seats, fare(database_url, code).seats_reserved) == (9, 3)
    more = [line.fare("light", line.price, 20) if line == FEED[0] else line for line in FEED]
    load_feed(database_url, write_feed(tmp_path / "b.csv", more), now=NOW)
    assert fare(database_url, code).seats == 17  # the airline gave 20, orders hold 3
    with session_scope(database_url) as session:
        (found,) = fares_by_code(session, [code])
        found.release(3)  # the order expired
    assert (fare(database_url, code).seats, fare(database_url, code).seats_reserved) == (20, 0)


def test_prune_deletes_absent_fares_but_withdraws_those_with_held_seats(
    database_url: str, tmp_path: Path
) -> None:
    load_feed(database_url, write_feed(tmp_path / "a.csv", FEED), now=NOW)
    reserve(database_url, "DA101-20300115-LIGHT", 1)
    only_morning = [line for line in FEED if line.flight_number == "DA100"]
    feed = write_feed(tmp_path / "b.csv", only_morning)
    report = load_feed(database_url, feed, now=NOW, prune=True)
    # Paris's two fares and the evening's classic go; the evening's light holds a seat.
    assert (report.removed, report.kept_unavailable, report.unchanged) == (3, 1, 2)
    assert count(database_url, Fare) == 3
    held = fare(database_url, "DA101-20300115-LIGHT")
    assert (held.active, held.flight.status, held.purchasable) == (False, WITHDRAWN, False)
    assert held.seats_reserved == 1
    with session_scope(database_url) as session:
        keys = set(session.exec(select(Flight.key)).all())
    assert keys == {"DA100-20300115", "DA101-20300115"}  # the Paris flight is gone
    again = load_feed(database_url, feed, now=NOW, prune=True)
    assert (again.removed, again.kept_unavailable) == (0, 1)
    # The airline lists the evening flight again: it is back on sale.
    load_feed(database_url, write_feed(tmp_path / "c.csv", FEED), now=NOW)
    back = fare(database_url, "DA101-20300115-LIGHT")
    assert (back.active, back.flight.status, back.seats) == (True, SCHEDULED, 11)


def test_departed_flights_are_skipped_not_rejected(database_url: str, tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "a.csv", FEED)
    # Noon in Lisbon on the 15th: the morning flight has left, the evening one has not.
    report = load_feed(database_url, feed, now=datetime(2030, 1, 15, 12, 0, tzinfo=UTC))
    assert (report.added, report.departed, report.rejected) == (2, 4, 0)
    with session_scope(database_url) as session:
        assert set(session.exec(select(Flight.flight_number)).all()) == {"DA101"}


def test_a_rejected_row_keeps_its_stored_flight_through_prune(
    database_url: str, tmp_path: Path
) -> None:
    load_feed(database_url, write_feed(tmp_path / "a.csv", FEED), now=NOW)
    broken = [line.fare("light", "free", 12) if line == FEED[4] else line for line in FEED]
    report = load_feed(database_url, write_feed(tmp_path / "b.csv", broken), now=NOW, prune=True)
    assert [(error.line, error.field) for error in report.errors] == [(6, "price")]
    assert (report.removed, report.kept_unavailable) == (0, 0)
    assert count(database_url, Fare) == 6


def test_strict_loads_nothing_when_a_row_is_rejected(database_url: str, tmp_path: Path) -> None:
    broken = [*FEED, MORNING.fare("flex", "10 EUR", -1)]
    report = load_feed(database_url, write_feed(tmp_path / "a.csv", broken), now=NOW, strict=True)
    assert (report.loaded, report.rejected) == (False, 1)
    assert count(database_url, Fare) == 0
