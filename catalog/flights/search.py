"""Find flights a shopper can book: one day (local at the origin), some airports each way.

The day, the time of day and depart before/after are local times at the origin airport, turned
into one UTC window per origin so the database answers from its route-and-departure index.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlmodel import Session

from assistant.kernel.clock import utcnow
from catalog.flights.airports import airport
from catalog.flights.models import SCHEDULED, Fare, Flight

# Local hours at the origin: [start, end); None is the next midnight.
TIMES_OF_DAY: dict[str, tuple[time, time | None]] = {
    "morning": (time(5), time(12)),
    "afternoon": (time(12), time(18)),
    "evening": (time(18), None),
}
Sort = Literal["departure", "price"]
FLIGHT = Flight.__table__  # type: ignore[attr-defined]
FARE = Fare.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FlightOffer:
    """One flight at its cheapest fare that fits the request, as a shopper is shown it."""

    flight_number: str
    carrier: str
    origin: str  # IATA
    origin_city: str
    destination: str
    destination_city: str
    departs_at: datetime  # local time at the origin, with its time zone
    arrives_at: datetime  # local time at the destination, with its time zone
    duration: timedelta
    stops: int  # 0: direct
    fare_class: str
    fare_code: str  # what a cart line names
    price_minor: int  # per passenger
    currency: str
    seats_left: int


def find_flights(
    session: Session,
    origins: Collection[str],
    destinations: Collection[str],
    day: date,
    passengers: int,
    *,
    time_of_day: str | None = None,
    direct_only: bool = False,
    max_price_minor: int | None = None,
    depart_after: time | None = None,
    depart_before: time | None = None,
    fare_class: str | None = None,
    sort: Sort = "departure",
    limit: int = 5,
    now: datetime | None = None,
) -> list[FlightOffer]:
    """Flights from any of `origins` to any of `destinations` leaving on `day` (local at the
    origin), each at its cheapest fare with seats for every passenger (or at `fare_class`).

    `max_price_minor` is per passenger; `depart_after` is inclusive, `depart_before` not.
    Unknown airport codes match nothing.
    """
    if passengers < 1:
        raise ValueError("at least one passenger")
    if time_of_day is not None and time_of_day not in TIMES_OF_DAY:
        raise ValueError(f"time_of_day is one of {', '.join(TIMES_OF_DAY)}")
    windows = []
    for code in {code.strip().upper() for code in origins}:
        place = airport(code)
        if place is not None:
            start, end = _window(day, place.zone, time_of_day, depart_after, depart_before)
            if start < end:
                windows.append(
                    and_(
                        FLIGHT.c.origin == code,
                        FLIGHT.c.departs_at >= start,
                        FLIGHT.c.departs_at < end,
                    )
                )
    if not windows or not destinations:
        return []
    query = (
        select(
            FLIGHT.c.id,
            FLIGHT.c.flight_number,
            FLIGHT.c.carrier,
            FLIGHT.c.origin,
            FLIGHT.c.destination,
            FLIGHT.c.departs_at,
            FLIGHT.c.arrives_at,
            FLIGHT.c.stops,
            FARE.c.fare_class,
            FARE.c.code,
            FARE.c.price_minor,
            FARE.c.currency,
            FARE.c.seats,
        )
        .join(FARE, FARE.c.flight_id == FLIGHT.c.id)
        .where(
            or_(*windows),
            FLIGHT.c.destination.in_({code.strip().upper() for code in destinations}),
            FLIGHT.c.status == SCHEDULED,
            FLIGHT.c.departs_at > (now or utcnow()),
            FARE.c.active.is_(True),
            FARE.c.seats >= passengers,
        )
    )
    if direct_only:
        query = query.where(FLIGHT.c.stops == 0)
    if max_price_minor is not None:
        query = query.where(FARE.c.price_minor <= max_price_minor)
    if fare_class is not None:
        query = query.where(FARE.c.fare_class == fare_class.strip().lower())
    cheapest: dict[int, tuple] = {}
    for found in session.execute(query):
        best = cheapest.get(found.id)
        if best is None or (found.price_minor, -found.seats) < (best.price_minor, -best.seats):
            cheapest[found.id] = found
    offers = [_offer(found) for found in cheapest.values()]
    if sort == "price":
        offers.sort(key=lambda offer: (offer.price_minor, offer.departs_at, offer.flight_number))
    else:
        offers.sort(key=lambda offer: (offer.departs_at, offer.price_minor, offer.flight_number))
    return offers[:limit]


def _window(
    day: date,
    zone: ZoneInfo,
    time_of_day: str | None,
    after: time | None,
    before: time | None,
) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the local departures asked for on `day` in `zone`."""
    start, end = time(0), None
    if time_of_day is not None:
        start, end = TIMES_OF_DAY[time_of_day]
    if after is not None:
        start = max(start, after)
    if before is not None:
        end = before if end is None else min(end, before)

    def utc(moment: time | None) -> datetime:
        local = (
            datetime.combine(day + timedelta(days=1), time(0), zone)
            if moment is None
            else datetime.combine(day, moment, zone)
        )
        return local.astimezone(UTC)

    return utc(start), utc(end)


def _offer(found: tuple) -> FlightOffer:
    origin, destination = airport(found.origin), airport(found.destination)
    departs_at = found.departs_at.astimezone(origin.zone if origin else UTC)
    arrives_at = found.arrives_at.astimezone(destination.zone if destination else UTC)
    return FlightOffer(
        flight_number=found.flight_number,
        carrier=found.carrier,
        origin=found.origin,
        origin_city=origin.city if origin else found.origin,
        destination=found.destination,
        destination_city=destination.city if destination else found.destination,
        departs_at=departs_at,
        arrives_at=arrives_at,
        duration=arrives_at - departs_at,
        stops=found.stops,
        fare_class=found.fare_class,
        fare_code=found.code,
        price_minor=found.price_minor,
        currency=found.currency,
        seats_left=found.seats,
    )
