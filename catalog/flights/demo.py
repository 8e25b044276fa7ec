"""The demo airline: a flights feed (Meta's flights CSV, docs/flights.md) for 18 European
airports, every route served daily, generated for any span of days.

Everything is a function of the route, the day and the slot, hashed with a fixed seed: two runs
write the same rows for the same days, so reloading a newer feed only adds the new days.
"""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlmodel import Session, col, func, select

from assistant.kernel.money import to_major
from catalog.flights.airports import Airport, airport
from catalog.flights.models import SCHEDULED, Flight

CARRIER = "Demo Air"
DESIGNATOR = "DA"
CODES = (
    "CDG", "ORY", "LHR", "LGW", "LIS", "GVA", "FCO", "OPO", "MAD",
    "BRU", "BCN", "AMS", "ZRH", "VIE", "NCE", "MXP", "LYS", "BER",
)  # fmt: skip
# Busy airports: a route between two of them flies three times a day, every other route twice
# (keeps the feed small enough to load in seconds at `assistant run`).
HUBS = {"CDG", "LHR", "AMS", "MAD", "FCO", "BCN", "BER"}
# Local departure time of each slot at the origin; a route adds its own 0-55 minutes.
SLOTS = {"morning": time(7, 0), "afternoon": time(13, 0), "evening": time(18, 30)}
TWICE_A_DAY = ("morning", "evening")
CRUISE_KMH = 750
GROUND_MINUTES = 40  # taxi, climb and approach beyond the cruise
CURRENCY = "EUR"
# fare class -> (price multiple of the light fare, fewest seats, most seats)
FARE_CLASSES = {"light": (1.0, 9, 40), "classic": (1.55, 4, 16)}
SEED = "demo-air-1"
DAYS = 90
COLUMNS = (
    "origin_airport", "destination_airport", "origin_city", "destination_city",
    "departure_time", "arrival_time", "flight_number", "carrier", "fare_class",
    "price", "seats", "stops", "description",
)  # fmt: skip


@dataclass(frozen=True)
class Route:
    origin: Airport
    destination: Airport
    number: int  # index of the route: flight numbers are derived from it and the slot

    @property
    def kilometres(self) -> float:
        return great_circle_km(self.origin, self.destination)

    @property
    def duration(self) -> timedelta:
        minutes = self.kilometres / CRUISE_KMH * 60 + GROUND_MINUTES
        return timedelta(minutes=5 * round(minutes / 5))

    @property
    def slots(self) -> tuple[str, ...]:
        hub_to_hub = {self.origin.iata, self.destination.iata} <= HUBS
        return tuple(SLOTS) if hub_to_hub else TWICE_A_DAY

    def flight_number(self, slot: str) -> str:
        return f"{DESIGNATOR}{1000 + self.number * len(SLOTS) + list(SLOTS).index(slot)}"


def great_circle_km(a: Airport, b: Airport) -> float:
    """Haversine distance on a 6,371 km sphere."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def routes() -> list[Route]:
    """Every ordered pair of the demo airports, except two airports of one city."""
    airports = [airport(code) for code in CODES]
    found = [a for a in airports if a is not None]
    assert len(found) == len(CODES), "airportsdata lost one of the demo airports"
    pairs = [(a, b) for a in found for b in found if a.iata != b.iata and a.city != b.city]
    return [Route(a, b, number) for number, (a, b) in enumerate(pairs)]


def _unit(*parts: object) -> float:
    """A number in [0, 1) fixed by `parts` and the seed: the generator's only "randomness"."""
    digest = hashlib.blake2b(":".join(map(str, (SEED, *parts))).encode(), digest_size=8)
    return int.from_bytes(digest.digest()) / 2**64


def _light_price_minor(route: Route, day: date, slot: str) -> int:
    """Longer is dearer; Fridays and Sundays, mornings and evenings cost more."""
    base = 29 + 0.075 * route.kilometres
    weekday = {4: 1.2, 6: 1.25, 1: 0.9, 2: 0.9}.get(day.weekday(), 1.0)
    hour = {"morning": 1.1, "afternoon": 0.9, "evening": 1.05}[slot]
    demand = 0.85 + 0.4 * _unit(route.origin.iata, route.destination.iata, day, slot)
    euros = max(19, round(base * weekday * hour * demand))
    return euros * 100 - 1  # 89.99, not 90.00


def demo_rows(start: date, days: int = DAYS) -> Iterator[dict[str, str]]:
    """The feed's rows (column -> text), day by day, route by route, slot by slot."""
    all_routes = routes()
    for offset in range(days):
        day = start + timedelta(days=offset)
        for route in all_routes:
            for slot in route.slots:
                yield from _fares(route, day, slot)


def _fares(route: Route, day: date, slot: str) -> Iterator[dict[str, str]]:
    origin, destination = route.origin, route.destination
    minutes = 5 * int(12 * _unit(route.number, slot))  # this route's own minute past the slot
    local = datetime.combine(day, SLOTS[slot], origin.zone) + timedelta(minutes=minutes)
    arrival = (local.astimezone(UTC) + route.duration).astimezone(destination.zone)
    light = _light_price_minor(route, day, slot)
    flight = {
        "origin_airport": origin.iata,
        "destination_airport": destination.iata,
        "origin_city": origin.city,
        "destination_city": destination.city,
        "departure_time": local.isoformat(timespec="minutes"),
        "arrival_time": arrival.isoformat(timespec="minutes"),
        "flight_number": route.flight_number(slot),
        "carrier": CARRIER,
        "stops": "0",
        "description": f"{origin.city} to {destination.city}, direct, with {CARRIER}",
    }
    for fare_class, (multiple, fewest, most) in FARE_CLASSES.items():
        price = round((light + 1) * multiple / 100) * 100 - 1  # whole euros less a cent
        seats = fewest + int((most - fewest + 1) * _unit(route.number, day, slot, fare_class))
        yield flight | {
            "fare_class": fare_class,
            "price": f"{to_major(price, CURRENCY)} {CURRENCY}",
            "seats": str(seats),
        }


def write_demo_feed(path: Path, start: date, days: int = DAYS) -> int:
    """Write the demo airline's feed for `days` days from `start`; the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        for row in demo_rows(start, days):
            writer.writerow(row)
            count += 1
    return count


def needs_demo_flights(session: Session, now: datetime, ahead: timedelta) -> bool:
    """No flight departs in the future, or only the demo airline's and the last one leaves
    within `ahead`: time to load a fresh demo feed. A merchant's own flights stop it."""
    future = (col(Flight.departs_at) > now, col(Flight.status) == SCHEDULED)
    others = session.exec(
        select(func.count()).select_from(Flight).where(*future, col(Flight.carrier) != CARRIER)
    ).one()
    if others:
        return False
    last = session.exec(select(func.max(Flight.departs_at)).where(*future)).one()
    return last is None or last < now + ahead
