"""Airports by IATA code, from the maintained `airportsdata` package (no network, no copy of ours).

The demo airline, the flights feed reader and the understanding of "Lisbonne" or "CDG" all ask
here, so a code means the same airport, city and time zone everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import airportsdata


@dataclass(frozen=True)
class Airport:
    iata: str
    name: str
    city: str  # as airportsdata spells it, in English: "Lisbon", "Geneva"
    country: str  # ISO 3166-1 alpha-2
    timezone: str  # IANA name; departure and arrival times are shown in it
    latitude: float
    longitude: float

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@cache
def _all() -> dict[str, Airport]:
    return {
        code: Airport(
            iata=code,
            name=row["name"],
            city=row["city"],
            country=row["country"],
            timezone=row["tz"],
            latitude=float(row["lat"]),
            longitude=float(row["lon"]),
        )
        for code, row in airportsdata.load("IATA").items()
    }


def all_airports() -> Iterable[Airport]:
    """Every airport airportsdata knows (about 8,000)."""
    return _all().values()


def airport(code: str) -> Airport | None:
    """The airport with this IATA code ("lis" works too), or None when there is none."""
    return _all().get(code.strip().upper())


def airports_of_city(city: str, country: str | None = None) -> list[Airport]:
    """Every airport of `city` (English spelling, any case), optionally in one country."""
    wanted = city.strip().casefold()
    return [
        found
        for found in _all().values()
        if found.city.casefold() == wanted and (country is None or found.country == country)
    ]
