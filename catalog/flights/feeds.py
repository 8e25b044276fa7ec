"""Flights feeds: Meta's flights catalog as CSV/TSV, or JSON Lines with the same keys.

Each row is one fare on one flight (docs/flights.md). Reading never touches the database: the
loader decides what is new, changed, departed or gone.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from catalog.feeds.base import RowError, read_delimited, read_json_lines
from catalog.feeds.sniff import FLIGHTS_CSV, FLIGHTS_JSONL
from catalog.flights.rows import COLUMNS, REQUIRED_COLUMNS, FlightRow, check_flights, check_row

FlightReader = Callable[[Path, str | None], Iterator[FlightRow | RowError]]


def read_flights_csv(
    path: Path, default_currency: str | None = None
) -> Iterator[FlightRow | RowError]:
    return check_flights(str(path), _csv_rows(path, default_currency))


def _csv_rows(path: Path, default_currency: str | None) -> Iterator[FlightRow | RowError]:
    for line, row in read_delimited(path, REQUIRED_COLUMNS):
        if any(row.values()):  # a blank line is no row
            yield check_row(str(path), line, row, default_currency)


def read_flights_jsonl(
    path: Path, default_currency: str | None = None
) -> Iterator[FlightRow | RowError]:
    return check_flights(str(path), _jsonl_rows(path, default_currency))


def _jsonl_rows(path: Path, default_currency: str | None) -> Iterator[FlightRow | RowError]:
    for item in read_json_lines(path, "fare"):
        if isinstance(item, RowError):
            yield item
            continue
        line, fare = item
        if not isinstance(fare, dict):
            yield RowError(str(path), line, "(line)", "expected a JSON object, one fare per line")
            continue
        fields, problem = _as_text(fare)
        if problem:
            yield RowError(str(path), line, *problem)
            continue
        yield check_row(str(path), line, fields, default_currency)


def _as_text(fare: dict[str, Any]) -> tuple[dict[str, str], tuple[str, str] | None]:
    """The object's known keys as text, as a CSV cell would hold them; or (key, reason)."""
    fields: dict[str, str] = {}
    for key, value in fare.items():
        if key not in COLUMNS:
            close = difflib.get_close_matches(key, sorted(COLUMNS), n=1, cutoff=0.8)
            if close:  # "destination_airprot": a typo, not an extra key
                return {}, (key, f'unknown key: did you mean "{close[0]}"?')
            continue  # other keys (Meta's priority, applink...) are not ours to read
        if value is None:
            fields[key] = ""
        elif isinstance(value, bool) or not isinstance(value, str | int | float):
            return {}, (key, "expected text or a number")
        else:
            fields[key] = str(value)
    return fields, None


FLIGHT_READERS: dict[str, FlightReader] = {
    FLIGHTS_CSV: read_flights_csv,
    FLIGHTS_JSONL: read_flights_jsonl,
}
