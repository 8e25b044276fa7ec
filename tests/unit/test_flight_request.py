"""Reading a plane-ticket request (assistant.conversation.flight_request) on the dev set in
tests/fixtures/flights/, and merging the shopper's next message into what is known."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.conversation.flight_request import (
    FlightRequest,
    merge_flight_request,
    missing,
    read_flight_request,
)

TODAY = date(2026, 12, 1)  # a Tuesday
SERVED = "CDG ORY LHR LGW LIS GVA FCO OPO MAD BRU BCN AMS ZRH VIE NCE MXP LYS BER".split()
DEV_SET = Path(__file__).resolve().parents[1] / "fixtures" / "flights" / "flight_requests_dev.yml"
ITEMS: list[dict[str, Any]] = yaml.safe_load(DEV_SET.read_text())
# Fields every ordinary item states, null when the shopper did not say it; one_way, past_date
# and not_understood are checked where an item states them.
ALWAYS = ("origin", "destination", "depart", "return", "passengers", "time_of_day")


def read(text: str, language: str = "en") -> FlightRequest:
    return read_flight_request(text, language, TODAY, SERVED)


def as_expected(request: FlightRequest, expect: dict[str, Any]) -> dict[str, Any]:
    """The request in the dev set's terms, only the fields `expect` names."""
    fields = {
        "origin": request.origin,
        "destination": request.destination,
        "depart": request.depart_date,
        "return": request.return_date,
        "passengers": request.passengers,
        "time_of_day": request.time_of_day,
        "one_way": request.one_way,
        "past_date": request.past_date,
        "not_understood": list(request.not_understood),
        "unserved": list(request.unserved),
    }
    return {key: fields[key] for key in expect}


def test_the_dev_set_is_large_and_in_both_languages() -> None:
    languages = [item["language"] for item in ITEMS]
    assert len(ITEMS) >= 80
    assert languages.count("en") >= 40 and languages.count("fr") >= 40
    assert len({item["id"] for item in ITEMS}) == len(ITEMS)


@pytest.mark.parametrize("item", ITEMS, ids=[item["id"] for item in ITEMS])
def test_dev_set_item(item: dict[str, Any]) -> None:
    expect = dict(item["expect"])
    if "unserved" not in expect:  # the other fields of an unserved trip are not scored
        expect = dict.fromkeys(ALWAYS) | expect
    got = as_expected(read(item["text"], item["language"]), expect)
    assert got == expect, item["text"]


def test_a_correction_replaces_only_the_departure() -> None:
    before = read("Paris to Lisbon next Thursday for 2, back on the 10th")
    after = merge_flight_request(before, read("actually Saturday"))
    assert after.depart_date == date(2026, 12, 5)
    assert (after.origin, after.destination, after.passengers, after.return_date) == (
        before.origin,
        before.destination,
        before.passengers,
        before.return_date,
    )


def test_a_new_origin_replaces_only_the_origin() -> None:
    before = read("Paris to Nice on Friday, 3 passengers")
    after = merge_flight_request(before, read("from Orly"))
    assert after.origin == "ORY"
    assert (after.destination, after.depart_date, after.passengers) == (
        "NCE",
        before.depart_date,
        3,
    )


def test_a_count_answers_the_passengers_question() -> None:
    before = read("de Genève à Rome le 3 mars", "fr")
    after = merge_flight_request(before, read("2 people"))
    assert after.passengers == 2
    assert missing(after) == []


def test_a_lone_place_answers_the_missing_end() -> None:
    before = read("I want to go to Madrid tomorrow")
    assert missing(before) == ["origin", "passengers"]
    after = merge_flight_request(before, read("Brussels"))
    assert (after.origin, after.destination) == ("BRU", "MAD")


def test_one_way_after_a_return_drops_the_return() -> None:
    before = read("Paris to Rome Dec 18, back Dec 22")
    after = merge_flight_request(before, read("finally one way"))
    assert (after.one_way, after.return_date) == (True, None)


def test_missing_asks_destination_first() -> None:
    assert missing(read("hello")) == ["destination", "origin", "depart_date", "passengers"]


def test_the_served_set_decides_what_a_city_means() -> None:
    only_orly = read_flight_request("Lisbon to Paris", "en", TODAY, ["LIS", "ORY"])
    assert only_orly.destination == "ORY"
    no_lisbon = read_flight_request("Lisbon to Paris", "en", TODAY, ["CDG", "ORY"])
    assert (no_lisbon.origin, no_lisbon.destination, no_lisbon.unserved) == (
        None,
        "PAR",
        ("Lisbon",),
    )


@pytest.mark.parametrize(
    "text",
    [
        "It's a nice day, I'm mad about it",
        "la vie est belle, je lis un livre",
        "envoyez-le par avion",
        "Hello, can you help me?",
        "Bonjour, je voudrais des informations",
    ],
)
def test_everyday_words_are_not_places(text: str) -> None:
    request = read(text, "fr" if "je" in text or "le" in text else "en")
    assert (request.origin, request.destination, request.unserved) == (None, None, ())


def test_a_way_back_said_alone_counts_from_the_departure_already_known() -> None:
    """ "back on Sunday" or "a week later", said after the departure was agreed."""
    known = date(2026, 12, 17)  # a Thursday
    sunday = read_flight_request("back on Sunday", "en", TODAY, SERVED, departure=known)
    later = read_flight_request("une semaine plus tard", "fr", TODAY, SERVED, departure=known)
    assert (sunday.depart_date, sunday.return_date) == (None, date(2026, 12, 20))
    assert (later.depart_date, later.return_date) == (None, date(2026, 12, 24))


def test_a_lone_date_answering_the_way_back_is_the_return() -> None:
    answer = read_flight_request(
        "Sunday", "en", TODAY, SERVED, departure=date(2026, 12, 17), answering_return=True
    )
    assert (answer.depart_date, answer.return_date) == (None, date(2026, 12, 20))
    # Without the question, a lone date is a (new) departure.
    correction = read_flight_request("Sunday", "en", TODAY, SERVED, departure=date(2026, 12, 17))
    assert (correction.depart_date, correction.return_date) == (date(2026, 12, 6), None)
