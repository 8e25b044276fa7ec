"""find_flights on real SQLite and PostgreSQL: the local day at the origin, time of day, direct
flights, seats for every passenger, prices, sorting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from assistant.kernel.database import get_engine
from catalog.flights.search import find_flights
from testkit.flights import FareLine, load_feed, write_feed

DAY = date(2030, 1, 15)  # winter: Paris is UTC+1, London UTC
FLIGHTS = [
    FareLine("CDG", "LHR", "2030-01-15T06:00", "2030-01-15T06:20", "DA1", seats="2"),
    FareLine("CDG", "LHR", "2030-01-15T06:00", "2030-01-15T06:20", "DA1", "classic", "90 EUR"),
    FareLine("CDG", "LHR", "2030-01-15T13:00", "2030-01-15T13:20", "DA2", price="70 EUR"),
    FareLine("CDG", "LHR", "2030-01-15T19:00", "2030-01-15T19:20", "DA3", price="40 EUR"),
    FareLine("ORY", "LGW", "2030-01-15T09:00", "2030-01-15T09:30", "DA4", "light", "30 EUR",
             stops="1"),
    # 00:30 in Paris on the 16th is 23:30 UTC on the 15th: a flight of the 16th.
    FareLine("CDG", "LHR", "2030-01-16T00:30", "2030-01-15T23:50", "DA5"),
    FareLine("CDG", "LHR", "2030-01-15T23:50", "2030-01-15T23:10", "DA6", price="60 EUR"),
    FareLine("LIS", "LHR", "2030-01-15T08:00", "2030-01-15T10:35", "DA7"),
    FareLine("CDG", "AMS", "2030-01-15T10:00", "2030-01-15T11:15", "DA8"),
]  # fmt: skip
PARIS, LONDON = ("CDG", "ORY"), ("LHR", "LGW")


@pytest.fixture
def session(database_url: str, tmp_path: Path) -> Iterator[Session]:
    report = load_feed(database_url, write_feed(tmp_path / "flights.csv", FLIGHTS))
    assert report.rejected == 0, report.errors
    with Session(get_engine(database_url)) as session:
        yield session


def numbers(session: Session, day: date = DAY, passengers: int = 1, **options) -> list[str]:
    offers = find_flights(session, PARIS, LONDON, day, passengers, limit=20, **options)
    return [offer.flight_number for offer in offers]


def test_the_day_is_the_local_date_at_the_origin(session: Session) -> None:
    assert numbers(session) == ["DA1", "DA4", "DA2", "DA3", "DA6"]
    assert numbers(session, DAY + timedelta(days=1)) == ["DA5"]
    assert numbers(session, DAY - timedelta(days=1)) == []


def test_time_of_day_is_local_at_the_origin(session: Session) -> None:
    assert numbers(session, time_of_day="morning") == ["DA1", "DA4"]
    assert numbers(session, time_of_day="afternoon") == ["DA2"]
    assert numbers(session, time_of_day="evening") == ["DA3", "DA6"]
    assert numbers(session, depart_after=time(13)) == ["DA2", "DA3", "DA6"]
    assert numbers(session, depart_before=time(9)) == ["DA1"]
    assert numbers(session, time_of_day="morning", depart_after=time(8)) == ["DA4"]


def test_direct_only_leaves_out_flights_with_stops(session: Session) -> None:
    assert numbers(session, direct_only=True) == ["DA1", "DA2", "DA3", "DA6"]


def test_every_passenger_needs_a_seat_on_the_fare_offered(session: Session) -> None:
    def first_flight(passengers: int) -> tuple[str, str, int] | None:
        offers = find_flights(session, ["CDG"], ["LHR"], DAY, passengers, time_of_day="morning")
        return (
            (offers[0].flight_number, offers[0].fare_class, offers[0].price_minor)
            if offers
            else None
        )

    assert first_flight(1) == ("DA1", "light", 5000)  # the cheapest fare
    assert first_flight(2) == ("DA1", "light", 5000)
    assert first_flight(3) == ("DA1", "classic", 9000)  # light has 2 seats left
    assert first_flight(10) is None
    assert numbers(session, fare_class="classic") == ["DA1"]


def test_price_limit_and_sorting_by_price(session: Session) -> None:
    assert numbers(session, max_price_minor=4500) == ["DA4", "DA3"]
    assert numbers(session, sort="price") == ["DA4", "DA3", "DA1", "DA6", "DA2"]
    offers = find_flights(session, PARIS, LONDON, DAY, 1, sort="price", limit=2)
    assert [offer.flight_number for offer in offers] == ["DA4", "DA3"]


def test_departed_flights_are_not_offered(session: Session) -> None:
    noon = datetime(2030, 1, 15, 11, 0, tzinfo=UTC)  # noon in Paris
    offers = find_flights(session, PARIS, LONDON, DAY, 1, limit=20, now=noon)
    assert [offer.flight_number for offer in offers] == ["DA2", "DA3", "DA6"]


def test_an_offer_shows_local_times_cities_and_the_fare(session: Session) -> None:
    (offer,) = find_flights(session, ["cdg"], ["lhr"], DAY, 1, depart_before=time(7))
    paris, london = ZoneInfo("Europe/Paris"), ZoneInfo("Europe/London")
    assert offer.departs_at == datetime(2030, 1, 15, 6, 0, tzinfo=paris)
    assert offer.departs_at.tzinfo == paris and offer.arrives_at.tzinfo == london
    assert (offer.departs_at.hour, offer.arrives_at.hour, offer.arrives_at.minute) == (6, 6, 20)
    assert offer.duration == timedelta(hours=1, minutes=20)
    assert (offer.origin_city, offer.destination_city) == ("Paris", "London")
    assert (offer.fare_code, offer.seats_left, offer.currency) == ("DA1-20300115-LIGHT", 2, "EUR")
    assert (offer.carrier, offer.stops) == ("Test Air", 0)


def test_unknown_airports_and_bad_requests(session: Session) -> None:
    assert find_flights(session, ["XXX"], LONDON, DAY, 1) == []
    with pytest.raises(ValueError, match="passenger"):
        find_flights(session, PARIS, LONDON, DAY, 0)
    with pytest.raises(ValueError, match="time_of_day"):
        find_flights(session, PARIS, LONDON, DAY, 1, time_of_day="night")
