"""The flight requests benchmark scores what it says it scores (bench/flight_requests.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.conversation.flight_request import read_flight_request
from bench.flight_requests import SERVED, TODAY, misses, score


def item(expect: dict[str, object], text: str = "Paris to Lisbon on Dec 18 for 2") -> dict:
    return {"id": "t1", "text": text, "language": "en", "expect": expect}


def test_a_wrong_field_is_one_miss_and_left_out_fields_are_null() -> None:
    request = read_flight_request("Paris to Lisbon on Dec 18 for 2", "en", TODAY, SERVED)
    right = {"origin": "PAR", "destination": "LIS", "depart": date(2026, 12, 18), "passengers": 2}
    assert misses(item(right), request) == []
    wrong = misses(item(right | {"passengers": 3}), request)
    assert [(miss.field, miss.expected, miss.got) for miss in wrong] == [("passengers", 3, 2)]
    assert [miss.field for miss in misses(item({"origin": "PAR"}), request)] == [
        "destination", "depart", "passengers",
    ]  # fmt: skip


def test_an_unserved_item_scores_only_the_city() -> None:
    request = read_flight_request("to Munich tomorrow", "en", TODAY, SERVED)
    assert misses(item({"unserved": "Munich"}), request) == []
    assert [miss.field for miss in misses(item({"unserved": "Dublin"}), request)] == ["unserved"]


def test_rates_per_language_and_field(tmp_path: Path) -> None:
    dataset = tmp_path / "set.yml"
    dataset.write_text(
        "- {id: a, language: en, text: 'Paris to Rome', expect: {origin: PAR, destination: FCO}}\n"
        "- {id: b, language: fr, text: 'Paris Rome', expect: {origin: FCO, destination: PAR}}\n"
    )
    result = score(dataset)
    assert result["summary"] == {
        "items": 2, "fully_right": 0.5, "fully_right_en": 1.0, "fully_right_fr": 0.0,
    }  # fmt: skip
    assert result["field_accuracy"]["origin"] == 0.5
    assert result["field_accuracy"]["depart"] == 1.0


def test_dates_written_as_quoted_iso_strings_score_like_yaml_dates() -> None:
    request = read_flight_request("Paris to Lisbon on Dec 18 for 2", "en", TODAY, SERVED)
    quoted = {"origin": "PAR", "destination": "LIS", "depart": "2026-12-18", "passengers": 2}
    assert misses(item(quoted), request) == []
    assert [miss.field for miss in misses(item(quoted | {"depart": "2026-12-19"}), request)] == [
        "depart"
    ]
