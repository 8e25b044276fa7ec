"""Place names -> served airports (catalog.flights.places): the served set is a parameter."""

from __future__ import annotations

import pytest

from catalog.flights.places import Place, places_in

SERVED = "CDG ORY LHR LGW LIS GVA FCO OPO MAD BRU BCN AMS ZRH VIE NCE MXP LYS BER".split()


def named(text: str, served: list[str] = SERVED) -> list[Place]:
    return [mention.place for mention in places_in(text, served)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Lisbonne", "LIS"),
        ("Genève", "GVA"),
        ("geneve", "GVA"),
        ("Bruxelles", "BRU"),
        ("Vienne", "VIE"),
        ("Barcelone", "BCN"),
        ("Milano", "MXP"),
        ("Londres", "LON"),
        ("Paris", "PAR"),
        ("Heathrow", "LHR"),
        ("Roissy", "CDG"),
        ("Charles de Gaulle", "CDG"),
        ("Schiphol", "AMS"),
        ("El Prat", "BCN"),
        ("Brandenburg", "BER"),
        ("lis", "LIS"),
        ("CDG", "CDG"),
    ],
)
def test_a_name_in_either_language_or_a_code_gives_the_served_code(text: str, code: str) -> None:
    assert [place.code for place in named(f"to {text}")] == [code]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Lisbn", "LIS"), ("Barcelonne", "BCN"), ("Amsterdm", "AMS"), ("Londre", "LON")],
)
def test_a_typo_in_a_long_name_is_forgiven(typed: str, code: str) -> None:
    assert [place.code for place in named(typed)] == [code]


def test_a_city_and_one_of_its_airports_is_that_airport() -> None:
    assert [place.code for place in named("Paris Orly to London (Gatwick)")] == ["ORY", "LGW"]


@pytest.mark.parametrize("city", ["Munich", "Dublin", "Marseille", "Venise", "Edinburgh"])
def test_a_european_city_the_shop_does_not_serve_is_a_place_without_code(city: str) -> None:
    [place] = named(f"flight to {city}")
    assert place.code is None and not place.served


@pytest.mark.parametrize(
    "text", ["a nice day", "I'm mad", "c'est la vie", "je lis", "par avion", "for the bon vin"]
)
def test_everyday_words_are_no_places(text: str) -> None:
    assert named(text) == []


@pytest.mark.parametrize("text", ["to nice", "de nice", "Nice", "MAD-LIS", "cdg lis", "to mad"])
def test_an_everyday_word_is_a_place_where_a_place_stands(text: str) -> None:
    assert named(text) and all(place.served for place in named(text))


def test_the_served_set_decides_the_code() -> None:
    assert [place.code for place in named("Paris", ["ORY"])] == ["ORY"]
    assert [place.code for place in named("Paris", ["LIS"])] == [None]
    assert [place.code for place in named("Milan", ["MXP", "LIN"])] == ["MIL"]
