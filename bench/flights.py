"""The demo airline's feed, as `assistant run` makes and loads it: generation time, load time
and rows/s, an unchanged reload, and find_flights latency (p50/p95) over city-to-city requests.
SQLite by default; flights_postgres runs the same on a fresh local PostgreSQL database."""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from assistant.kernel.database import get_engine, session_scope
from assistant.schema import upgrade
from bench.catalog_100k import percentile
from catalog.flights.airports import airport
from catalog.flights.demo import CODES, DAYS, write_demo_feed
from catalog.flights.loader import import_flights
from catalog.flights.search import TIMES_OF_DAY, find_flights
from testkit.databases import fresh_postgres_database

SEED = 20261202
SEARCHES = 300


def run() -> dict:
    return measure(os.environ.get("BENCH_DATABASE_URL"))


def run_postgres() -> dict:
    with fresh_postgres_database("bench_flights") as url:
        return measure(url)


def _requests(start: date, count: int) -> list[tuple[list[str], list[str], date, int, str | None]]:
    """City-to-city requests as the conversation sends them: every airport of each city."""
    rng = random.Random(SEED)
    cities: dict[str, list[str]] = {}
    for code in CODES:
        found = airport(code)
        assert found is not None
        cities.setdefault(found.city, []).append(code)
    names = sorted(cities)
    requests = []
    for _ in range(count):
        origin, destination = rng.sample(names, 2)
        requests.append(
            (
                cities[origin],
                cities[destination],
                start + timedelta(days=rng.randrange(DAYS)),
                rng.randint(1, 4),
                rng.choice([None, *TIMES_OF_DAY]),
            )
        )
    return requests


def measure(database_url: str | None) -> dict:
    start = date.today() + timedelta(days=1)  # every row is a future departure
    with tempfile.TemporaryDirectory() as workdir:
        feed = Path(workdir) / "demo_flights.csv"
        started = time.perf_counter()
        rows = write_demo_feed(feed, start, DAYS)
        generate_seconds = time.perf_counter() - started
        url = database_url or f"sqlite:///{workdir}/bench.db"
        upgrade(url)
        started, cpu_started = time.perf_counter(), time.process_time()
        with session_scope(url) as session:
            report = import_flights(session, feed)
        load_seconds = time.perf_counter() - started
        load_cpu_seconds = time.process_time() - cpu_started
        started = time.perf_counter()
        with session_scope(url) as session:
            again = import_flights(session, feed)
        reload_seconds = time.perf_counter() - started
        samples: list[float] = []
        found: list[int] = []
        with session_scope(url) as session:
            for origins, destinations, day, passengers, part in _requests(start, SEARCHES):
                began = time.perf_counter()
                offers = find_flights(
                    session, origins, destinations, day, passengers, time_of_day=part
                )
                samples.append((time.perf_counter() - began) * 1000)
                found.append(len(offers))
        get_engine(url).dispose()
    return {
        "benchmark": "flights",
        "database": url.split(":", 1)[0],
        "feed": {"days": DAYS, "fare_rows": rows, "flights": report.flights},
        "summary": {
            "generate_seconds": round(generate_seconds, 1),
            "load_seconds": round(load_seconds, 1),
            "load_cpu_seconds": round(load_cpu_seconds, 1),
            "load_rows_per_second": round(rows / load_seconds),
            "load_phases_seconds": report.seconds,
            "loaded": report.added,
            "rejected": report.rejected,
            "reload_unchanged_seconds": round(reload_seconds, 1),
            "reload_unchanged": again.unchanged,
            "search": {
                "searches": len(samples),
                "p50_ms": round(statistics.median(samples), 2),
                "p95_ms": round(percentile(samples, 0.95), 2),
                "mean_offers": round(statistics.mean(found), 2),
            },
        },
    }
