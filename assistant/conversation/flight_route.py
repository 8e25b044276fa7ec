"""Which place named is where the shopper leaves from and which is where they go: "from X to
Y", "X to Y", "X-Y", "X → Y", "de X à Y", "X vers Y", "pour Y depuis X", "Y" alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.flights.places import ROUTE_SIGNS, PlaceMention
from catalog.text import fold

# Words just before a place that say its role ("à" arrives folded as "a"; French only, since
# English "a" is an article). Several words are matched as the end of what comes before.
_FROM_WORDS = (
    "from", "de", "d", "depuis", "leaving", "departing", "partant de", "quitter", "out of",
    "i live in", "i'm in", "i am in", "based in", "je vis a", "j'habite a", "je suis a",
    "habite a", "vis a",
)  # fmt: skip
_TO_WORDS = ("to", "for", "into", "towards", "toward", "vers", "pour", "direction", "sur")
_TO_WORDS_FRENCH = (*_TO_WORDS, "a", "jusqu'a", "jusqu a")
# Between two places, what makes the first the origin: "Paris to Rome", "Paris - Rome".
_BETWEEN_WORDS = frozenset({"to", "vers", "a", "à", "jusqu'à", "jusqu'a"})


@dataclass(frozen=True)
class Route:
    origin: PlaceMention | None
    destination: PlaceMention | None
    destination_guessed: bool  # one place with no "to"/"from": taken as where they go


def route_of(mentions: list[PlaceMention], text: str, language: str) -> Route:
    """Origin and destination among the places named, in the order said; a place named again
    ("Paris-Lisbonne-Paris", "a weekend in Rome: Paris to Rome") keeps its first role."""
    roles = [_role_by_words(text[: mention.start], language) for mention in mentions]
    for position in range(len(mentions) - 1):
        between = text[mentions[position].end : mentions[position + 1].start].strip().lower()
        if between in ROUTE_SIGNS or between in _BETWEEN_WORDS:
            roles[position] = roles[position] or "origin"
            roles[position + 1] = roles[position + 1] or "destination"
    places, roles = _one_role_per_place(mentions, roles)
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


def _role_by_words(before: str, language: str) -> str | None:
    said = " ".join(re.findall(r"[\w']+", fold(before)[-30:]))
    if said.endswith(tuple(f" {words}" for words in _FROM_WORDS)) or said in _FROM_WORDS:
        return "origin"
    to_words = _TO_WORDS_FRENCH if language == "fr" else _TO_WORDS
    if said.endswith(tuple(f" {words}" for words in to_words)) or said in to_words:
        return "destination"
    return None


def _one_role_per_place(
    mentions: list[PlaceMention], roles: list[str | None]
) -> tuple[list[PlaceMention], list[str | None]]:
    """Each place once, at its first mention, with the first role any of its mentions got."""
    first: dict[object, int] = {}
    places: list[PlaceMention] = []
    kept: list[str | None] = []
    for mention, role in zip(mentions, roles, strict=True):
        if mention.place not in first:
            first[mention.place] = len(places)
            places.append(mention)
            kept.append(role)
        elif kept[first[mention.place]] is None:
            kept[first[mention.place]] = role
    return places, kept


def _first_with(
    places: list[PlaceMention], roles: list[str | None], role: str
) -> PlaceMention | None:
    return next((place for place, said in zip(places, roles, strict=True) if said == role), None)
