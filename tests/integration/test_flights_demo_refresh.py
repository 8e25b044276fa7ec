"""When `assistant run` loads a fresh demo airline feed: no flight left to sell, or the demo
airline's last flight leaves soon; never over a merchant's own flights."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlmodel import Session

from assistant.kernel.clock import utcnow
from assistant.kernel.database import get_engine
from catalog.flights.demo import needs_demo_flights, write_demo_feed
from testkit.flights import FareLine, load_feed, write_feed


def needs(url: str, ahead: timedelta) -> bool:
    with Session(get_engine(url)) as session:
        return needs_demo_flights(session, utcnow(), ahead)


def test_demo_flights_are_reloaded_when_they_run_low(database_url: str, tmp_path: Path) -> None:
    assert needs(database_url, timedelta(days=60))  # no flights at all
    feed = tmp_path / "demo.csv"
    write_demo_feed(feed, utcnow().date() + timedelta(days=1), days=2)
    assert load_feed(database_url, feed).rejected == 0
    assert needs(database_url, timedelta(days=60))  # the last one leaves in three days
    assert not needs(database_url, timedelta(hours=12))


def test_a_merchants_own_flights_are_never_topped_up(database_url: str, tmp_path: Path) -> None:
    day = utcnow().date() + timedelta(days=5)
    own = FareLine("LIS", "LHR", f"{day}T08:10", f"{day}T10:45", "TA1", carrier="Test Air")
    load_feed(database_url, write_feed(tmp_path / "own.csv", [own]))
    assert not needs(database_url, timedelta(days=60))
