"""20 shoppers race for the last 3 seats of a fare, with real threads on SQLite and PostgreSQL:
each locks the fare in its own transaction (lock_fares), checks and reserves one seat."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from assistant.kernel.database import session_scope
from catalog.flights.seats import fares_by_code, lock_fares
from testkit.flights import FareLine, load_feed, write_feed

SHOPPERS = 20
SEATS = 3
CODE = "DA1-20300115-LIGHT"


def test_twenty_shoppers_three_seats_exactly_three_booked(
    database_url: str, tmp_path: Path
) -> None:
    flight = FareLine("LIS", "LHR", "2030-01-15T08:10", "2030-01-15T10:45", "DA1", seats="3")
    load_feed(database_url, write_feed(tmp_path / "flights.csv", [flight]))
    with session_scope(database_url) as session:
        (fare,) = fares_by_code(session, [CODE])
        fare_id = fare.id
    assert fare_id is not None and fare.seats == SEATS
    start = threading.Barrier(SHOPPERS)

    def book(_: int) -> bool:
        start.wait(timeout=30)  # every thread asks at once
        with session_scope(database_url) as session:
            (locked,) = lock_fares(session, [fare_id])
            if not locked.can_supply(1):
                return False
            locked.reserve(1)
            return True

    with ThreadPoolExecutor(SHOPPERS) as pool:
        outcomes = list(pool.map(book, range(SHOPPERS)))
    assert outcomes.count(True) == SEATS
    with session_scope(database_url) as session:
        (fare,) = fares_by_code(session, [CODE])
        assert (fare.seats, fare.seats_reserved) == (0, SEATS)
