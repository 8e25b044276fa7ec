"""A plane-ticket request read from the shopper's whole message, English or French: where
from, where to, when, back when, how many, and what could not be understood.

`read_flight_request` reads one message; `merge_flight_request` applies the next one
("actually Saturday", "from Orly", "2 people") to what is known; `missing` says what to ask.
Places are `catalog.flights.places`, dates `flight_dates`, passengers `flight_passengers`, the
roles of the places `flight_route`; this module only puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo

from assistant.conversation.flight_dates import (
    WEEKDAYS,
    date_spans,
    month_named,
    trip_dates,
    with_date_words_spelled,
    with_day_numbers,
)
from assistant.conversation.flight_passengers import passengers_said
from assistant.conversation.flight_route import route_of
from catalog.flights.places import PlaceMention, places_in
from catalog.text import fold

MAX_PASSENGERS = 9
_ONE_WAY = re.compile(
    r"\b(?:one[- ]?way|single ticket|aller[- ]simple|aller seulement|aller uniquement|"
    r"sans retour|no return|pas de retour|just the way there)\b"
)
_ROUND_TRIP = re.compile(
    r"\b(?:return|round[- ]?trip|aller[- ]?retour|a/r|and back|et retour|retour|back|"
    r"coming back|rentrer|revenir)\b"
)
# A capitalised word where a place should stand that is no place we know ("to Atlantis").
_PLACE_SLOT = re.compile(r"\b(?:to|from|vers|depuis|à)\s+([A-Z][\w'-]+)")


@dataclass(frozen=True)
class FlightRequest:
    origin: str | None = None  # served airport or city code ("LIS", "PAR"), None when not said
    destination: str | None = None
    unserved: tuple[str, ...] = ()  # places named that the shop does not fly to ("Munich")
    depart_date: date | None = None
    return_date: date | None = None
    one_way: bool | None = None  # None: the shopper did not say
    passengers: int | None = None  # 1..9
    time_of_day: str | None = None  # morning | afternoon | evening
    past_date: bool = False  # a date the shopper named is before today
    not_understood: tuple[str, ...] = ()  # pieces that looked like a date, place or count
    destination_guessed: bool = False  # one place, no "to"/"from": taken as the destination


def read_flight_request(
    text: str,
    language: str,
    today: date,
    served: Collection[str],
    timezone: str = "Europe/Paris",
    *,
    departure: date | None = None,
    answering_return: bool = False,
) -> FlightRequest:
    """Everything a message says about a flight. `today` is the shopper's date in `timezone`;
    `served` the airport codes the flights table offers; `departure` the date already agreed,
    from which a way back said alone is counted; `answering_return` when the message answers
    the question of the way back."""
    ZoneInfo(timezone)  # a wrong zone name fails here, not in a later date computation
    places = places_in(text, served)
    route = route_of(places, text, language)
    folded = with_day_numbers(with_date_words_spelled(fold(_blanked(text, places))))
    dates = trip_dates(folded, today, departure, answering_return)
    passengers = passengers_said(_blanked_dates(folded, today))
    too_many = passengers is not None and not 1 <= passengers <= MAX_PASSENGERS
    return FlightRequest(
        origin=_code(route.origin),
        destination=_code(route.destination),
        unserved=tuple(mention.place.name for mention in places if not mention.place.served),
        depart_date=dates.depart,
        return_date=dates.return_,
        one_way=_one_way(folded, dates.return_),
        passengers=None if too_many else passengers,
        time_of_day=dates.time_of_day,
        past_date=dates.past_date,
        not_understood=(
            dates.unclear
            + _unknown_places(_blanked(text, places))
            + ((f"{passengers} passengers",) if too_many else ())
        ),
        destination_guessed=route.destination_guessed,
    )


def merge_flight_request(previous: FlightRequest, update: FlightRequest) -> FlightRequest:
    """The request after the shopper's next message: what it says replaces, the rest stays.
    "actually Saturday" changes the departure only, "from Orly" the origin only; a lone place
    answers whichever end is still missing (the destination first)."""
    update = _lone_place_fills_the_gap(previous, update)
    return_date = update.return_date or (None if update.one_way else previous.return_date)
    one_way = update.one_way if update.one_way is not None else previous.one_way
    named_a_place = update.origin or update.destination or update.unserved
    named_a_date = update.depart_date or update.return_date
    return FlightRequest(
        origin=update.origin or previous.origin,
        destination=update.destination or previous.destination,
        unserved=update.unserved if named_a_place else previous.unserved,
        depart_date=update.depart_date or previous.depart_date,
        return_date=return_date,
        one_way=False if return_date else one_way,
        passengers=update.passengers or previous.passengers,
        time_of_day=update.time_of_day or previous.time_of_day,
        past_date=update.past_date if named_a_date else previous.past_date,
        not_understood=update.not_understood,
        destination_guessed=False,
    )


def missing(request: FlightRequest) -> list[str]:
    """What is still needed to search, in the order to ask: destination, origin, departure
    date, passengers (a return date is asked only once the trip is known to be a return)."""
    needed = {
        "destination": request.destination,
        "origin": request.origin,
        "depart_date": request.depart_date,
        "passengers": request.passengers,
    }
    return [field for field, value in needed.items() if value is None]


def _code(mention: PlaceMention | None) -> str | None:
    return mention.place.code if mention else None


def _blanked(text: str, places: list[PlaceMention]) -> str:
    """The text with place names replaced by spaces (same length, so spans still match)."""
    for mention in places:
        text = text[: mention.start] + " " * (mention.end - mention.start) + text[mention.end :]
    return text


def _blanked_dates(folded: str, today: date) -> str:
    """Dates out of the way of passenger counts ("pour le 3", "for 3 days")."""
    for start, end in date_spans(folded, today):
        folded = folded[:start] + " " * (end - start) + folded[end:]
    return folded


def _one_way(folded: str, return_date: date | None) -> bool | None:
    if _ONE_WAY.search(folded):
        return True
    if return_date is not None or _ROUND_TRIP.search(folded):
        return False
    return None


def _unknown_places(text: str) -> tuple[str, ...]:
    """ "to Atlantis": a capitalised word where a place stands, that is no place or date."""
    return tuple(
        match.group(1)
        for match in _PLACE_SLOT.finditer(text)
        if fold(match.group(1)) not in WEEKDAYS and month_named(fold(match.group(1))) is None
    )


def _lone_place_fills_the_gap(previous: FlightRequest, update: FlightRequest) -> FlightRequest:
    """ "Lisbon" alone, answering "where from?" when the destination is known, is the origin."""
    if update.destination_guessed and previous.destination and not previous.origin:
        return replace(update, origin=update.destination, destination=None)
    return update
