"""Flight use cases: the airports served, offers for one leg of a trip, seats put in the cart.

A trip's legs are searched one at a time (the outbound, then the way back), each a day at the
origin with the shopper's passengers; a city code ("PAR") stands for every airport the shop
serves there. Seats are held like stock: only when the order is placed, for the payment window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlmodel import col

from assistant.commerce.errors import UnknownProduct
from assistant.commerce.items import Item, LineKind
from assistant.kernel.clock import utcnow
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import CartView
from catalog.flights.airports import airport, airports_of_city
from catalog.flights.models import SCHEDULED, Fare, Flight
from catalog.flights.places import CITY_CODES
from catalog.flights.search import FlightOffer, Sort, find_flights
from catalog.flights.seats import fares_by_code


@dataclass(frozen=True)
class Leg:
    """One way of a trip as the shopper asked for it (times are local at the origin)."""

    origin: str  # airport or city code
    destination: str
    day: date
    passengers: int
    time_of_day: str | None = None
    direct_only: bool = False
    depart_after: time | None = None
    depart_before: time | None = None
    max_price_minor: int | None = None
    sort: Sort = "departure"


def served_airports(uow: UnitOfWork) -> frozenset[str]:
    """Every airport with a flight still to come, from either end."""
    with uow:
        now = utcnow()
        rows = uow.session.execute(
            select(col(Flight.origin))
            .distinct()
            .where(col(Flight.status) == SCHEDULED, col(Flight.departs_at) > now)
        )
        return frozenset(code for (code,) in rows)


def airports_meant(code: str, served: frozenset[str]) -> tuple[str, ...]:
    """ "PAR" (or "CDG/ORY") -> every served airport of that city; an airport code -> itself."""
    code = code.strip().upper()
    for (city, country), city_code in CITY_CODES.items():
        if city_code == code:
            return tuple(
                sorted(
                    found.iata for found in airports_of_city(city, country) if found.iata in served
                )
            )
    return tuple(code.split("/"))


def flight_offers(
    uow: UnitOfWork, leg: Leg, served: frozenset[str], limit: int = 5
) -> list[FlightOffer]:
    with uow:
        return find_flights(
            uow.session,
            airports_meant(leg.origin, served),
            airports_meant(leg.destination, served),
            leg.day,
            leg.passengers,
            time_of_day=leg.time_of_day,
            direct_only=leg.direct_only,
            max_price_minor=leg.max_price_minor,
            depart_after=leg.depart_after,
            depart_before=leg.depart_before,
            sort=leg.sort,
            limit=limit,
        )


def book_seats(
    uow: UnitOfWork, conversation_id: str, fare_codes: Sequence[str], passengers: Sequence[str]
) -> CartView:
    """Put one line per flight in the cart: a seat for each named passenger.

    Seats are checked now and held when the order is placed (like stock); the passengers'
    names travel with the line to the order, the receipt and the airline.
    """
    if not passengers:
        raise ValueError("a booking needs at least one passenger")
    with uow:
        fares = {fare.code: fare for fare in fares_by_code(uow.session, fare_codes)}
        cart = uow.carts.get_or_create(conversation_id)
        for code in fare_codes:
            fare = fares.get(code)
            if fare is None:
                raise UnknownProduct(f"no fare {code!r}", sku=code)
            item = flight_item(fare, passengers)
            existing = cart.line_keyed(item.line_key)
            if existing is not None:  # choosing the same flight again replaces the booking
                cart.set_quantity(existing.line_key, 0)
            cart.add_item(item, len(passengers))
        uow.commit()
        return CartView.of(conversation_id, cart)


def flight_item(fare: Fare, passengers: Sequence[str]) -> Item:
    flight = fare.flight
    origin, destination = airport(flight.origin), airport(flight.destination)
    departs = flight.departs_at.astimezone(origin.zone) if origin else flight.departs_at
    arrives = flight.arrives_at.astimezone(destination.zone) if destination else flight.arrives_at
    return Item(
        kind=LineKind.FLIGHT,
        sku=fare.code,
        # Language-neutral: codes, an ISO date and 24-hour local times read the same in both.
        title=(
            f"{flight.flight_number} {flight.origin}→{flight.destination} "
            f"{departs:%Y-%m-%d %H:%M}–{arrives:%H:%M}"
        ),
        unit_price_minor=fare.effective_price_minor,
        currency=fare.currency,
        line_key=fare.code,
        details={
            "passengers": list(passengers),
            "flight_number": flight.flight_number,
            "carrier": flight.carrier,
            "origin": flight.origin,
            "destination": flight.destination,
            "departs_local": departs.isoformat(),
            "arrives_local": arrives.isoformat(),
            "fare_class": fare.fare_class,
        },
        fare=fare,
    )
