"""Flights feeds (Meta's flights CSV/TSV and JSON Lines): good rows, and every kind of bad row
named by its line and field while the good rows around it still load."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from catalog.feeds.base import FeedError, RowError
from catalog.feeds.sniff import sniff_format
from catalog.flights.feeds import read_flights_csv, read_flights_jsonl
from catalog.flights.rows import FlightRow

HEADER = (
    "origin_airport,destination_airport,origin_city,destination_city,departure_time,"
    "arrival_time,flight_number,fare_class,price,seats,stops,image[0].url"
)
GOOD = "LIS,LHR,Lisbon,London,2027-01-15T08:10,2027-01-15T10:45,DA1234,light,89.99 EUR,12,0,"


def write(tmp_path: Path, lines: list[str], name: str = "flights.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_rows(items: list[FlightRow | RowError]) -> list[FlightRow]:
    return [item for item in items if isinstance(item, FlightRow)]


def errors(items: list[FlightRow | RowError]) -> list[tuple[int, str]]:
    return [(item.line, item.field) for item in items if isinstance(item, RowError)]


def test_a_good_row_reads_local_times_into_utc(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            HEADER,
            GOOD,
            "CDG,FCO,,,2027-07-01T19:05,2027-07-01T21:10,da 77,Classic,€140,4,,http://img/1.jpg",
        ],
    )
    lisbon, paris = good_rows(list(read_flights_csv(path)))
    # Lisbon keeps UTC in winter; Paris is two hours ahead in summer.
    assert lisbon.departs_at == datetime(2027, 1, 15, 8, 10, tzinfo=ZoneInfo("Europe/Lisbon"))
    assert lisbon.departs_at.astimezone(UTC).hour == 8
    assert paris.departs_at.astimezone(UTC).hour == 17
    assert paris.arrives_at - paris.departs_at == datetime(2027, 7, 1, 21, 10) - datetime(
        2027, 7, 1, 19, 5
    )  # Rome and Paris share a zone
    assert (lisbon.fare_code, lisbon.flight_key) == ("DA1234-20270115-LIGHT", "DA1234-20270115")
    assert (paris.flight_number, paris.fare_class, paris.price_minor, paris.currency) == (
        "DA77",
        "classic",
        14000,
        "EUR",
    )
    assert (paris.stops, paris.image_url, paris.carrier) == (0, "http://img/1.jpg", "DA")


def test_an_offset_is_an_exact_instant(tmp_path: Path) -> None:
    row = GOOD.replace("2027-01-15T08:10", "2027-01-15T09:10+01:00")
    (found,) = good_rows(list(read_flights_csv(write(tmp_path, [HEADER, row]))))
    assert found.departs_at == datetime(2027, 1, 15, 8, 10, tzinfo=UTC)


def test_a_tab_separated_feed_reads_the_same(tmp_path: Path) -> None:
    path = write(tmp_path, [HEADER.replace(",", "\t"), GOOD.replace(",", "\t")], "f.tsv")
    comma = good_rows(list(read_flights_csv(write(tmp_path, [HEADER, GOOD]))))
    assert good_rows(list(read_flights_csv(path))) == comma


def test_the_flight_is_named_by_the_local_date_at_the_origin(tmp_path: Path) -> None:
    # 00:30 in Paris on the 16th is still the 15th in UTC: the key says the 16th.
    row = "CDG,LIS,,,2027-01-16T00:30,2027-01-16T01:45,DA9,light,50 EUR,3,0,"
    (found,) = good_rows(list(read_flights_csv(write(tmp_path, [HEADER, row]))))
    assert found.departs_at.astimezone(UTC).day == 15
    assert found.flight_key == "DA9-20270116"


BAD_ROWS = [
    ("QQQ,LHR,,,2027-01-15T08:10,2027-01-15T10:45,DA1,light,89 EUR,1,0,", "origin_airport"),
    ("LIS,,,,2027-01-15T08:10,2027-01-15T10:45,DA1,light,89 EUR,1,0,", "destination_airport"),
    ("LIS,LIS,,,2027-01-15T08:10,2027-01-15T10:45,DA1,light,89 EUR,1,0,", "destination_airport"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-15T07:45,DA1,light,89 EUR,1,0,", "arrival_time"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-17T10:45,DA1,light,89 EUR,1,0,", "arrival_time"),
    ("LIS,LHR,,,15/01/2027 08:10,2027-01-15T10:45,DA1,light,89 EUR,1,0,", "departure_time"),
    ("LIS,LHR,,,2027-01-15,2027-01-15T10:45,DA1,light,89 EUR,1,0,", "departure_time"),
    ("CDG,LHR,,,2027-03-28T02:30,2027-03-28T03:45,DA1,light,89 EUR,1,0,", "departure_time"),
    ("LIS,LHR,,,2027-01-15T08:10,,DA1,light,89 EUR,1,0,", "arrival_time"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-15T10:45,DA1,light,eighty,1,0,", "price"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-15T10:45,DA1,light,0.00 EUR,1,0,", "price"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-15T10:45,DA1,light,89 EUR,-2,0,", "seats"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-15T10:45,DA1,light,89 EUR,many,0,", "seats"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-15T10:45,DA1,light,89 EUR,,0,", "seats"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-15T10:45,,light,89 EUR,1,0,", "flight_number"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-15T10:45,flight one,light,89 EUR,1,0,", "flight_number"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-15T10:45,DA1,first class!,89 EUR,1,0,", "fare_class"),
    ("LIS,LHR,,,2027-01-15T08:10,2027-01-15T10:45,DA1,light,89 EUR,1,7,", "stops"),
]


@pytest.mark.parametrize(("row", "field"), BAD_ROWS)
def test_a_bad_row_is_named_by_line_and_field_and_the_rest_loads(
    tmp_path: Path, row: str, field: str
) -> None:
    other = GOOD.replace("DA1234", "DA2000")
    items = list(read_flights_csv(write(tmp_path, [HEADER, GOOD, row, other])))
    assert errors(items) == [(3, field)]
    assert [found.line for found in good_rows(items)] == [2, 4]
    (error,) = [item for item in items if isinstance(item, RowError)]
    assert str(error).startswith(f"{tmp_path / 'flights.csv'}, line 3")


def test_the_skipped_local_time_is_named(tmp_path: Path) -> None:
    row = "CDG,LHR,,,2027-03-28T02:30,2027-03-28T03:45,DA1,light,89 EUR,1,0,"
    (error,) = list(read_flights_csv(write(tmp_path, [HEADER, row])))
    assert isinstance(error, RowError)
    assert "does not exist in Europe/Paris" in error.reason


def test_the_repeated_local_time_is_the_first_of_the_two(tmp_path: Path) -> None:
    # 02:30 happens twice in Paris on 31 October 2027: summer time (UTC+2) first.
    row = "CDG,LHR,,,2027-10-31T02:30,2027-10-31T03:45,DA1,light,89 EUR,1,0,"
    (found,) = good_rows(list(read_flights_csv(write(tmp_path, [HEADER, row]))))
    assert found.departs_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_a_fare_twice_and_a_flight_that_disagrees_are_refused(tmp_path: Path) -> None:
    classic = GOOD.replace("light", "classic").replace("89.99", "129.00")
    moved = classic.replace("classic", "flex").replace("10:45", "11:00")
    items = list(read_flights_csv(write(tmp_path, [HEADER, GOOD, classic, GOOD, moved])))
    assert errors(items) == [(4, "fare_class"), (5, "arrival_time")]
    refused = [item for item in items if isinstance(item, RowError)]
    assert "first seen on line 2" in refused[0].reason
    assert "differs from line 2" in refused[1].reason
    # A rejected row still names its flight, so --prune keeps what is stored for it.
    assert {error.group_id for error in refused} == {"DA1234-20270115"}


def test_a_missing_required_column_refuses_the_file(tmp_path: Path) -> None:
    header = HEADER.replace("seats,", "")
    with pytest.raises(FeedError, match=r"missing required column.*seats"):
        list(read_flights_csv(write(tmp_path, [header, GOOD])))


def jsonl(tmp_path: Path, lines: list[object]) -> Path:
    texts = [line if isinstance(line, str) else json.dumps(line) for line in lines]
    return write(tmp_path, texts, "flights.jsonl")


FARE = {
    "origin_airport": "LIS",
    "destination_airport": "LHR",
    "departure_time": "2027-01-15T08:10",
    "arrival_time": "2027-01-15T10:45",
    "flight_number": "DA1234",
    "fare_class": "light",
    "price": "89.99 EUR",
    "seats": 12,
    "stops": 0,
    "priority": 3,  # one of Meta's keys we do not read
}


def test_json_lines_read_like_the_csv(tmp_path: Path) -> None:
    (from_json,) = good_rows(list(read_flights_jsonl(jsonl(tmp_path, [FARE]))))
    (from_csv,) = good_rows(list(read_flights_csv(write(tmp_path, [HEADER, GOOD]))))
    assert (from_json.line, from_csv.line) == (1, 2)
    assert replace(from_json, line=0) == replace(from_csv, line=0)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("{not json", "(line)"),
        ([1, 2], "(line)"),
        (FARE | {"seats": -1}, "seats"),
        (FARE | {"seats": 2.5}, "seats"),
        (FARE | {"seats": True}, "seats"),
        (FARE | {"price": {"amount": 5}}, "price"),
        (FARE | {"destination_airprot": "LGW"}, "destination_airprot"),
        ({k: v for k, v in FARE.items() if k != "arrival_time"}, "arrival_time"),
        (FARE | {"origin_airport": "ZZZ"}, "origin_airport"),
    ],
)
def test_a_bad_json_line_is_named_and_the_rest_loads(
    tmp_path: Path, line: object, field: str
) -> None:
    other = FARE | {"flight_number": "DA2000"}
    items = list(read_flights_jsonl(jsonl(tmp_path, [FARE, line, other])))
    assert errors(items) == [(2, field)]
    assert [found.line for found in good_rows(items)] == [1, 3]


def test_auto_format_tells_flights_feeds_by_their_columns_and_keys(tmp_path: Path) -> None:
    assert sniff_format(write(tmp_path, [HEADER, GOOD]))[0] == "flights"
    assert sniff_format(write(tmp_path, [HEADER.replace(",", ";")], "f.txt"))[0] == "flights"
    assert sniff_format(jsonl(tmp_path, [FARE]))[0] == "flights-jsonl"
    product = {"id": "TS", "title": "Tee", "variants": [{"sku": "TS-1", "price": "9 EUR"}]}
    assert sniff_format(jsonl(tmp_path, [product]))[0] == "jsonl"
    no_extension = write(tmp_path, [json.dumps(FARE)], "flights")
    assert sniff_format(no_extension)[0] == "flights-jsonl"
