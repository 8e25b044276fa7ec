"""Scores `read_flight_request` on sets of flight requests (EN/FR) written blind by second
authors: bench/blind/departments/flight_requests.yml (conventions in its README.md), then
flight_requests_2.yml to _6.yml (README_2.md …), each written by another author
after the previous set was read and mended.

`python -m bench flight_requests` scores the blind set and writes
bench/results/flight_requests.json; `python -m bench.flight_requests PATH` prints the scores of
another set of the same shape (the dev set: tests/fixtures/flights/flight_requests_dev.yml).
Each item is "fully right" when every scored field is: origin, destination, depart, return,
passengers, time_of_day (null when the item leaves it out) and past_date (false when left out);
an item expecting `unserved: City` is right when that city is reported as not served.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant.conversation.flight_request import FlightRequest, read_flight_request

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "bench" / "blind" / "departments"
BLIND_SETS = {
    "first_set": BLIND / "flight_requests.yml",
    "second_set": BLIND / "flight_requests_2.yml",
    "third_set": BLIND / "flight_requests_3.yml",
    "fourth_set": BLIND / "flight_requests_4.yml",
    "fifth_set": BLIND / "flight_requests_5.yml",
    "sixth_set": BLIND / "flight_requests_6.yml",
}
TODAY = date(2026, 12, 1)
TIMEZONE = "Europe/Paris"
SERVED = tuple("CDG ORY LHR LGW LIS GVA FCO OPO MAD BRU BCN AMS ZRH VIE NCE MXP LYS BER".split())
FIELDS = ("origin", "destination", "depart", "return", "passengers", "time_of_day", "past_date")


@dataclass(frozen=True)
class Miss:
    id: str
    language: str
    field: str
    expected: Any
    got: Any


def items_of(path: Path) -> list[dict[str, Any]]:
    """The items of a set: a YAML list, or the list under a mapping's one key of items."""
    loaded = yaml.safe_load(path.read_text())
    if isinstance(loaded, dict):
        loaded = next(value for value in loaded.values() if isinstance(value, list))
    return [item for item in loaded if isinstance(item, dict) and "text" in item]


def kind_of(item: dict[str, Any]) -> str:
    expect = item["expect"]
    if "unserved" in expect:
        return "unserved"
    return "past_date" if expect.get("past_date") or item.get("past_date") else "normal"


def misses(item: dict[str, Any], request: FlightRequest) -> list[Miss]:
    """The fields of one item the request gets wrong."""
    expect = item["expect"]
    said = {"id": str(item["id"]), "language": item["language"]}
    if "unserved" in expect:
        wanted = expect["unserved"]
        names = {wanted} if isinstance(wanted, str) else set(wanted)
        reported = {name.casefold() for name in request.unserved}
        if {name.casefold() for name in names} <= reported:
            return []
        return [Miss(**said, field="unserved", expected=wanted, got=list(request.unserved))]
    got = _fields(request)
    # A date may be written as a YAML date or as a quoted ISO string.
    wanted_fields = {field: _as_date(field, expect.get(field)) for field in FIELDS}
    wanted_fields["past_date"] = bool(expect.get("past_date") or item.get("past_date"))
    return [
        Miss(**said, field=field, expected=wanted, got=got[field])
        for field, wanted in wanted_fields.items()
        if got[field] != wanted
    ]


def _as_date(field: str, value: Any) -> Any:
    if field in {"depart", "return"} and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _fields(request: FlightRequest) -> dict[str, Any]:
    return {
        "origin": request.origin,
        "destination": request.destination,
        "depart": request.depart_date,
        "return": request.return_date,
        "passengers": request.passengers,
        "time_of_day": request.time_of_day,
        "past_date": request.past_date,
    }


def score(path: Path) -> dict[str, Any]:
    items = items_of(path)
    wrong: dict[str, list[Miss]] = {}
    for item in items:
        request = read_flight_request(item["text"], item["language"], TODAY, SERVED, TIMEZONE)
        wrong[str(item["id"])] = misses(item, request)
    languages = sorted({item["language"] for item in items})
    per_language = {
        language: _rates([item for item in items if item["language"] == language], wrong)
        for language in languages
    }
    per_kind = {
        kind: _rates([item for item in items if kind_of(item) == kind], wrong)["fully_right"]
        for kind in ("normal", "past_date", "unserved")
    }
    overall = _rates(items, wrong)
    return {
        "benchmark": "flight_requests",
        "set": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
        "today": TODAY.isoformat(),
        "timezone": TIMEZONE,
        "served": list(SERVED),
        "summary": {
            "items": len(items),
            "fully_right": overall["fully_right"],
            **{
                f"fully_right_{language}": per_language[language]["fully_right"]
                for language in languages
            },
        },
        "per_language": per_language,
        "per_kind_fully_right": per_kind,
        "field_accuracy": overall["field_accuracy"],
        "misses": [
            {**miss.__dict__, "expected": _plain(miss.expected), "got": _plain(miss.got)}
            for found in wrong.values()
            for miss in found
        ],
    }


def _rates(items: list[dict[str, Any]], wrong: dict[str, list[Miss]]) -> dict[str, Any]:
    """Share of items fully right, and per field the share right among the items scoring it."""
    if not items:
        return {"items": 0, "fully_right": None, "field_accuracy": {}}
    scored: dict[str, int] = defaultdict(int)
    missed: dict[str, int] = defaultdict(int)
    for item in items:
        for field in ("unserved",) if kind_of(item) == "unserved" else FIELDS:
            scored[field] += 1
        for miss in wrong[str(item["id"])]:
            missed[miss.field] += 1
    return {
        "items": len(items),
        "fully_right": round(sum(not wrong[str(item["id"])] for item in items) / len(items), 3),
        "field_accuracy": {
            field: round(1 - missed[field] / count, 3) for field, count in scored.items()
        },
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def run() -> dict[str, Any]:
    """Every blind set, each written by another blind author after the previous one was read
    and mended; each set's first run, before it was read, is kept in
    flight_requests_blind<N>_first_run.json."""
    sets = {name: score(path) for name, path in BLIND_SETS.items()}
    return {
        "benchmark": "flight_requests",
        "today": TODAY.isoformat(),
        "timezone": TIMEZONE,
        "summary": {name: scored["summary"] for name, scored in sets.items()},
        "sets": sets,
    }


if __name__ == "__main__":
    print(json.dumps(score(Path(sys.argv[1])), indent=2, ensure_ascii=False))
