"""The demo airline's feed: every route daily, local times right across clock changes, the same
rows on every run, and a feed its own reader accepts."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from itertools import permutations
from pathlib import Path
from zoneinfo import ZoneInfo

from catalog.flights.demo import demo_rows, write_demo_feed
from catalog.flights.feeds import read_flights_csv
from catalog.flights.rows import FlightRow

AIRPORTS = (
    "CDG ORY LHR LGW LIS GVA FCO OPO MAD BRU BCN AMS ZRH VIE NCE MXP LYS BER".split()
)  # the list
ONE_CITY = {frozenset({"CDG", "ORY"}), frozenset({"LHR", "LGW"})}
ZONES = {"CDG": "Europe/Paris", "LIS": "Europe/Lisbon", "LHR": "Europe/London"}


def test_every_route_flies_at_least_twice_every_day() -> None:
    start = date(2027, 2, 1)
    flights = {
        (
            row["origin_airport"],
            row["destination_airport"],
            row["departure_time"][:10],
            row["flight_number"],
        )
        for row in demo_rows(start, days=3)
    }
    per_day = Counter((origin, destination, day) for origin, destination, day, _ in flights)
    expected = {
        (origin, destination)
        for origin, destination in permutations(AIRPORTS, 2)
        if frozenset({origin, destination}) not in ONE_CITY
    }
    for offset in range(3):
        day = (start + timedelta(days=offset)).isoformat()
        served = {(o, d) for (o, d, when), count in per_day.items() if when == day and count >= 2}
        assert served == expected


def test_local_times_follow_each_airport_across_the_clock_change() -> None:
    # Europe moves to summer time on 28 March 2027: local departure times stay, offsets move.
    rows = [
        row
        for row in demo_rows(date(2027, 3, 27), days=3)
        if (row["origin_airport"], row["destination_airport"]) == ("LIS", "CDG")
        and row["fare_class"] == "light"
    ]
    by_number = defaultdict(list)
    for row in rows:
        by_number[row["flight_number"]].append(row)
    for same_flight in by_number.values():
        departures = [datetime.fromisoformat(row["departure_time"]) for row in same_flight]
        arrivals = [datetime.fromisoformat(row["arrival_time"]) for row in same_flight]
        assert len({(d.hour, d.minute) for d in departures}) == 1  # same local time daily
        for departure, arrival in zip(departures, arrivals, strict=True):
            local = departure.replace(tzinfo=None)
            assert departure.utcoffset() == ZoneInfo(ZONES["LIS"]).utcoffset(local)
            assert arrival.utcoffset() == ZoneInfo(ZONES["CDG"]).utcoffset(
                arrival.replace(tzinfo=None)
            )
        durations = {
            arrival - departure for departure, arrival in zip(departures, arrivals, strict=True)
        }
        assert len(durations) == 1  # the flight lasts as long in summer as in winter
    offsets = sorted({datetime.fromisoformat(r["departure_time"]).utcoffset() for r in rows})
    assert offsets == [timedelta(0), timedelta(hours=1)]  # Lisbon: winter, then summer


def test_the_same_days_give_the_same_rows_on_every_run() -> None:
    first = list(demo_rows(date(2027, 5, 10), days=3))
    assert list(demo_rows(date(2027, 5, 10), days=3)) == first
    later = list(demo_rows(date(2027, 5, 11), days=2))
    assert later == first[len(first) // 3 :]  # a feed started a day later overlaps exactly


def test_flight_numbers_name_one_route_and_slot() -> None:
    routes_of = defaultdict(set)
    times_of = defaultdict(set)
    for row in demo_rows(date(2027, 5, 10), days=2):
        routes_of[row["flight_number"]].add((row["origin_airport"], row["destination_airport"]))
        times_of[row["flight_number"]].add(row["departure_time"][11:16])
    assert all(len(routes) == 1 for routes in routes_of.values())
    assert all(len(times) == 1 for times in times_of.values())


def test_longer_routes_cost_more_and_prices_vary_by_day() -> None:
    rows = list(demo_rows(date(2027, 5, 10), days=7))

    def light_prices(origin: str, destination: str) -> list[float]:
        return [
            float(row["price"].split()[0])
            for row in rows
            if (row["origin_airport"], row["destination_airport"]) == (origin, destination)
            and row["fare_class"] == "light"
        ]

    short, long = light_prices("CDG", "LHR"), light_prices("LIS", "VIE")
    assert sum(long) / len(long) > 2 * sum(short) / len(short)
    assert len(set(short)) > 3


def test_the_feed_written_reads_back_without_a_rejected_row(tmp_path: Path) -> None:
    path = tmp_path / "demo.csv"
    written = write_demo_feed(path, date(2027, 3, 27), days=2)
    items = list(read_flights_csv(path))
    assert all(isinstance(item, FlightRow) for item in items), items[:3]
    assert len(items) == written
    fares = Counter(item.fare_class for item in items if isinstance(item, FlightRow))
    assert fares["light"] == fares["classic"] == written // 2
