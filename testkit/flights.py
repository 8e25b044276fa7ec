"""Small flights feeds for tests, written fare by fare in the Meta flights CSV format."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from assistant.kernel.database import session_scope
from catalog.flights.loader import FlightImportReport, import_flights

COLUMNS = (
    "origin_airport",
    "destination_airport",
    "departure_time",
    "arrival_time",
    "flight_number",
    "fare_class",
    "price",
    "seats",
    "stops",
    "carrier",
)


@dataclass(frozen=True)
class FareLine:
    """One row: times are local at each airport, as the feed writes them."""

    origin_airport: str
    destination_airport: str
    departure_time: str
    arrival_time: str
    flight_number: str
    fare_class: str = "light"
    price: str = "50.00 EUR"
    seats: str = "9"
    stops: str = "0"
    carrier: str = "Test Air"

    def fare(self, fare_class: str, price: str, seats: int) -> FareLine:
        """Another fare class on the same flight."""
        return replace(self, fare_class=fare_class, price=price, seats=str(seats))


def write_feed(path: Path, lines: list[FareLine]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(asdict(line) for line in lines)
    return path


def load_feed(url: str, path: Path, **options: object) -> FlightImportReport:
    """Load `path` in its own transaction; options go to import_flights."""
    with session_scope(url) as session:
        return import_flights(session, path, **options)  # type: ignore[arg-type]
