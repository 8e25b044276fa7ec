"""Which place named is where the shopper leaves from and which is where they go: "from X to
Y", "X to Y", "X-Y", "X → Y", "de X à Y", "X vers Y", "pour Y depuis X", "Y" alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.flights.places import ROUTE_SIGNS, PlaceMention

# The word just before a place that says its role ("à" arrives folded as "a").
_FROM_WORDS = frozenset({"from", "de", "d", "depuis", "leaving", "departing", "partant", "quitter"})
_TO_WORDS = frozenset(
    {"to", "for", "into", "towards", "toward", "vers", "pour", "direction", "destination", "sur"}
)
_TO_WORDS_FRENCH = _TO_WORDS | {"a", "jusqu"}
# Between two places, what makes the first the origin: "Paris to Rome", "Paris - Rome".
_BETWEEN_WORDS = frozenset({"to", "vers", "a", "à", "jusqu'à", "jusqu'a"})


@dataclass(frozen=True)
class Route:
    origin: PlaceMention | None
    destination: PlaceMention | None
    destination_guessed: bool  # one place with no "to"/"from": taken as where they go


def route_of(mentions: list[PlaceMention], text: str, language: str) -> Route:
    """Origin and destination among the places named, in the order said; a place named again
    ("Paris-Lisbonne-Paris", "back from Lisbon") adds no role."""
    places = _first_of_each(mentions)
    roles = [_role_by_word(mention, language) for mention in places]
    for position in range(len(places) - 1):
        between = text[places[position].end : places[position + 1].start].strip().lower()
        if between in ROUTE_SIGNS or between in _BETWEEN_WORDS:
            roles[position] = roles[position] or "origin"
            roles[position + 1] = roles[position + 1] or "destination"
    origin = _first_with(places, roles, "origin")
    destination = _first_with(places, roles, "destination")
    unroled = [place for place, role in zip(places, roles, strict=True) if role is None]
    if origin is None and destination is None and len(unroled) >= 2:
        return Route(unroled[0], unroled[1], destination_guessed=False)
    if destination is None and unroled:
        return Route(origin, unroled[0], destination_guessed=origin is None)
    if origin is None and unroled:
        return Route(unroled[0], destination, destination_guessed=False)
    return Route(origin, destination, destination_guessed=False)


def _first_of_each(mentions: list[PlaceMention]) -> list[PlaceMention]:
    seen: set[str] = set()
    first = []
    for mention in mentions:
        if mention.place.name not in seen:
            seen.add(mention.place.name)
            first.append(mention)
    return first


def _role_by_word(mention: PlaceMention, language: str) -> str | None:
    if mention.context in _FROM_WORDS:
        return "origin"
    if mention.context in (_TO_WORDS_FRENCH if language == "fr" else _TO_WORDS):
        return "destination"
    return None


def _first_with(
    places: list[PlaceMention], roles: list[str | None], role: str
) -> PlaceMention | None:
    return next((place for place, said in zip(places, roles, strict=True) if said == role), None)
