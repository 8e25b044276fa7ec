"""One fare row of a flights feed, checked: the same rules for the CSV and the JSON Lines form.

A row is one fare class on one flight. Rows of the same flight (same flight number, same local
departure date) must agree on the flight's fields; the first row of a flight is the reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from assistant.kernel.money import MoneyError
from catalog.feeds.base import RowError
from catalog.feeds.prices import parse_feed_price
from catalog.flights.airports import Airport, airport

# Meta's flights catalog columns, then ours (docs/flights.md). Only these are read.
REQUIRED_COLUMNS = {
    "origin_airport",
    "destination_airport",
    "price",
    "departure_time",
    "arrival_time",
    "flight_number",
    "fare_class",
    "seats",
}
OPTIONAL_COLUMNS = {
    "origin_city",  # accepted for Meta; cities shown come from the IATA code (airports.py)
    "destination_city",
    "description",
    "url",
    "image[0].url",
    "carrier",
    "stops",
}
COLUMNS = REQUIRED_COLUMNS | OPTIONAL_COLUMNS

_FLIGHT_NUMBER = re.compile(r"^[A-Z0-9]{2}[0-9]{1,4}[A-Z]?$")  # IATA designator + number
_FARE_CLASS = re.compile(r"^[a-z][a-z0-9_-]{0,19}$")
MAX_STOPS = 3
MAX_DURATION = timedelta(hours=36)  # longer is a date typed wrong, not a flight
MAX_TEXT = 10_000  # as the product feeds' description


@dataclass(frozen=True)
class FlightRow:
    """One bookable fare on one flight, times in UTC."""

    line: int
    flight_number: str
    carrier: str
    origin: str
    destination: str
    departs_at: datetime  # aware, UTC
    arrives_at: datetime
    local_departure_date: str  # YYYYMMDD at the origin: part of the flight's key
    stops: int
    fare_class: str
    price_minor: int
    currency: str
    seats: int
    description: str
    url: str
    image_url: str

    @property
    def flight_key(self) -> str:
        return f"{self.flight_number}-{self.local_departure_date}"

    @property
    def fare_code(self) -> str:
        return f"{self.flight_key}-{self.fare_class.upper()}"

    def flight_fields(self) -> tuple[object, ...]:
        """What every row of one flight must agree on."""
        return (
            self.carrier,
            self.origin,
            self.destination,
            self.departs_at,
            self.arrives_at,
            self.stops,
        )


FLIGHT_FIELD_COLUMNS = (
    "carrier",
    "origin_airport",
    "destination_airport",
    "departure_time",
    "arrival_time",
    "stops",
)


class _Refused(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def local_time(text: str, place: Airport, field: str) -> datetime:
    """An ISO 8601 time, local to `place` unless it carries an offset; in UTC.

    A local time the clocks skip (the spring change) is refused; one they pass twice (the
    autumn change) is the first of the two, as airline timetables read it.
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Refused(field, f'"{text}" is not an ISO 8601 time like 2026-12-03T08:10') from None
    if len(text) <= len("2026-12-03"):
        raise _Refused(field, f'"{text}" has no time of day; write it like 2026-12-03T08:10')
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    zone = place.zone
    in_utc = moment.replace(tzinfo=zone).astimezone(UTC)
    if in_utc.astimezone(zone).replace(tzinfo=None) != moment:
        raise _Refused(
            field, f"{text} does not exist in {place.timezone} (the clocks go forward then)"
        )
    return in_utc


def _airport(fields: dict[str, str], field: str) -> Airport:
    code = fields.get(field, "").strip().upper()
    if not code:
        raise _Refused(field, "missing IATA airport code")
    found = airport(code)
    if found is None:
        raise _Refused(field, f'"{code}" is not a known IATA airport code')
    return found


def _whole(fields: dict[str, str], field: str, default: int | None = None) -> int:
    text = fields.get(field, "").strip()
    if not text and default is not None:
        return default
    if not text:
        raise _Refused(field, "missing")
    if text.startswith("-") and text[1:].isdigit():
        raise _Refused(field, f"{text} is negative")
    if not text.isdigit():
        raise _Refused(field, f'"{text}" is not a whole number')
    return int(text)


def _checked(line: int, fields: dict[str, str], default_currency: str | None) -> FlightRow:
    origin = _airport(fields, "origin_airport")
    destination = _airport(fields, "destination_airport")
    if origin.iata == destination.iata:
        raise _Refused("destination_airport", f"the same airport as the origin ({origin.iata})")
    flight_number = "".join(fields.get("flight_number", "").split()).upper()
    if not flight_number:
        raise _Refused("flight_number", "missing flight number")
    if not _FLIGHT_NUMBER.match(flight_number):
        raise _Refused(
            "flight_number", f'"{flight_number}" is not a flight number like DA1234 or U24521'
        )
    fare_class = fields.get("fare_class", "").strip().lower()
    if not _FARE_CLASS.match(fare_class):
        raise _Refused(
            "fare_class",
            f'"{fare_class}" is not a fare class: one word of at most 20 letters, like "light"',
        )
    departure_text = fields.get("departure_time", "").strip()
    if not departure_text:
        raise _Refused("departure_time", "missing")
    departs_at = local_time(departure_text, origin, "departure_time")
    arrival_text = fields.get("arrival_time", "").strip()
    if not arrival_text:
        raise _Refused("arrival_time", "missing")
    arrives_at = local_time(arrival_text, destination, "arrival_time")
    if arrives_at <= departs_at:
        raise _Refused(
            "arrival_time",
            f"arrives {arrives_at:%Y-%m-%d %H:%M} UTC, not after it departs "
            f"({departs_at:%Y-%m-%d %H:%M} UTC)",
        )
    if arrives_at - departs_at > MAX_DURATION:
        raise _Refused("arrival_time", "more than 36 hours after the departure: check the dates")
    try:
        price_minor, currency = parse_feed_price(fields.get("price", ""), default_currency)
    except MoneyError as problem:
        raise _Refused("price", str(problem)) from None
    if price_minor <= 0:
        raise _Refused("price", "a fare costs more than nothing")
    seats = _whole(fields, "seats")
    stops = _whole(fields, "stops", default=0)
    if stops > MAX_STOPS:
        raise _Refused("stops", f"{stops} stops; at most {MAX_STOPS}")
    for name in ("description", "url", "image[0].url", "carrier"):
        if len(fields.get(name, "")) > MAX_TEXT:
            raise _Refused(name, f"longer than {MAX_TEXT:,} characters")
    return FlightRow(
        line=line,
        flight_number=flight_number,
        # A feed of one airline may leave the name out: its designator ("DA") stands in.
        carrier=fields.get("carrier", "").strip()[:100] or flight_number[:2],
        origin=origin.iata,
        destination=destination.iata,
        departs_at=departs_at,
        arrives_at=arrives_at,
        local_departure_date=f"{departs_at.astimezone(origin.zone):%Y%m%d}",
        stops=stops,
        fare_class=fare_class,
        price_minor=price_minor,
        currency=currency,
        seats=seats,
        description=fields.get("description", "").strip(),
        url=fields.get("url", "").strip(),
        image_url=fields.get("image[0].url", "").strip(),
    )


def check_row(
    path: str, line: int, fields: dict[str, str], default_currency: str | None = None
) -> FlightRow | RowError:
    """One row's fields (column -> text) checked; the first problem found is the row's error."""
    try:
        return _checked(line, fields, default_currency)
    except _Refused as refused:
        fare_code, flight_key = _names(fields)
        return RowError(path, line, refused.field, refused.reason, fare_code, flight_key)


def _names(fields: dict[str, str]) -> tuple[str, str]:
    """(fare code, flight key) of a rejected row when they can be told, so `--prune` keeps the
    stored flight until the row is fixed; ("", "") otherwise."""
    try:
        origin = _airport(fields, "origin_airport")
        departs_at = local_time(fields.get("departure_time", "").strip(), origin, "")
    except _Refused:
        return "", ""
    flight_number = "".join(fields.get("flight_number", "").split()).upper()
    if not flight_number:
        return "", ""
    key = f"{flight_number}-{departs_at.astimezone(origin.zone):%Y%m%d}"
    fare_class = fields.get("fare_class", "").strip().upper()
    return (f"{key}-{fare_class}" if fare_class else ""), key


def check_flights(
    path: str, items: Iterable[FlightRow | RowError]
) -> Iterator[FlightRow | RowError]:
    """Rows of one flight must agree on the flight, and a fare appears once."""
    first_of_flight: dict[str, FlightRow] = {}
    fare_lines: dict[str, int] = {}
    for item in items:
        if isinstance(item, RowError):
            yield item
            continue
        if item.fare_code in fare_lines:
            yield RowError(
                path,
                item.line,
                "fare_class",
                f"duplicate fare {item.fare_code}, first seen on line {fare_lines[item.fare_code]}",
                item.fare_code,
                item.flight_key,
            )
            continue
        first = first_of_flight.setdefault(item.flight_key, item)
        differing = [
            column
            for column, mine, theirs in zip(
                FLIGHT_FIELD_COLUMNS, item.flight_fields(), first.flight_fields(), strict=True
            )
            if mine != theirs
        ]
        if differing:
            yield RowError(
                path,
                item.line,
                differing[0],
                f"differs from line {first.line}, the same flight ({item.flight_key})",
                item.fare_code,
                item.flight_key,
            )
            continue
        fare_lines[item.fare_code] = item.line
        yield item
