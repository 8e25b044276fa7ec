"""Place names in a message -> the airports the shop serves.

"Lisbonne", "lisbon", "Lisbn", "LIS" and "Portela" all name Lisbon; "Paris" with two served
airports is the city code PAR ("any of them"); "Munich" is a place the shop does not serve, so
the assistant can say so instead of not understanding. The served set is a parameter: it comes
from the flights table, the parser knows no airline.

City names come from airportsdata (English, via `catalog.flights.airports`) for European
airports, plus the small tables below: other languages' names (exonyms), airport names and the
IATA city codes of cities with several airports.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from functools import cache

from catalog.flights.airports import Airport, airport, all_airports
from catalog.text import edit_distance, fold

# Countries whose airports' cities are recognised as places (served or not): the shop flies in
# Europe; a town abroad that shares a word with a sentence ("Of", "Bath") must not be a place.
EUROPE = frozenset(
    """AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT
    LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM UA VA XK""".split()
)

# Names of a city in another language (French mostly) or spelling -> (airportsdata's city,
# country, the English name the assistant says).
EXONYMS: dict[str, tuple[str, str, str]] = {
    "lisbonne": ("Lisbon", "PT", "Lisbon"),
    "lisboa": ("Lisbon", "PT", "Lisbon"),
    "londres": ("London", "GB", "London"),
    "geneve": ("Geneva", "CH", "Geneva"),
    "genf": ("Geneva", "CH", "Geneva"),
    "bruxelles": ("Brussels", "BE", "Brussels"),
    "brussel": ("Brussels", "BE", "Brussels"),
    "roma": ("Rome", "IT", "Rome"),
    "milano": ("Milan", "IT", "Milan"),
    "vienne": ("Vienna", "AT", "Vienna"),
    "wien": ("Vienna", "AT", "Vienna"),
    "zurich": ("Zurich", "CH", "Zurich"),
    "barcelone": ("Barcelona", "ES", "Barcelona"),
    "oporto": ("Porto", "PT", "Porto"),
    "lyons": ("Lyon", "FR", "Lyon"),
    "amsterdam": ("Amsterdam", "NL", "Amsterdam"),
    "berlin": ("Berlin", "DE", "Berlin"),
    "madrid": ("Madrid", "ES", "Madrid"),
    "nice": ("Nice", "FR", "Nice"),
    "munchen": ("Munich", "DE", "Munich"),
    "muenchen": ("Munich", "DE", "Munich"),
    "venice": ("Venezia", "IT", "Venice"),
    "venise": ("Venezia", "IT", "Venice"),
    "venezia": ("Venezia", "IT", "Venice"),
    "florence": ("Firenze", "IT", "Florence"),
    "naples": ("Napoli", "IT", "Naples"),
    "turin": ("Torino", "IT", "Turin"),
    "seville": ("Sevilla", "ES", "Seville"),
    "marseilles": ("Marseille", "FR", "Marseille"),
    "copenhague": ("Copenhagen", "DK", "Copenhagen"),
    "varsovie": ("Warsaw", "PL", "Warsaw"),
    "athenes": ("Athens", "GR", "Athens"),
    "edimbourg": ("Edinburgh", "GB", "Edinburgh"),
    "francfort": ("Frankfurt am Main", "DE", "Frankfurt"),
    "frankfurt": ("Frankfurt am Main", "DE", "Frankfurt"),
    "hambourg": ("Hamburg", "DE", "Hamburg"),
    "cracovie": ("Kraków", "PL", "Krakow"),
    "krakow": ("Kraków", "PL", "Krakow"),
    "bologne": ("Bologna", "IT", "Bologna"),
    "pise": ("Pisa", "IT", "Pisa"),
    "palerme": ("Palermo", "IT", "Palermo"),
    "catane": ("Catania", "IT", "Catania"),
    "prague": ("Prague", "CZ", "Prague"),
    "dublin": ("Dublin", "IE", "Dublin"),
    "munich": ("Munich", "DE", "Munich"),
    "marseille": ("Marseille", "FR", "Marseille"),
    "toulouse": ("Toulouse/Blagnac", "FR", "Toulouse"),
    "bordeaux": ("Bordeaux/Merignac", "FR", "Bordeaux"),
    "lille": ("Lille/Lesquin", "FR", "Lille"),
    "bale": ("Bale/Mulhouse", "FR", "Basel"),
    "basel": ("Bale/Mulhouse", "FR", "Basel"),
    "mulhouse": ("Bale/Mulhouse", "FR", "Basel"),
    "malaga": ("Malaga", "ES", "Malaga"),
    "valencia": ("Valencia", "ES", "Valencia"),
    "stockholm": ("Stockholm", "SE", "Stockholm"),
    "edinburgh": ("Edinburgh", "GB", "Edinburgh"),
}

# Airports called by their own name, served or not.
AIRPORT_NAMES: dict[str, str] = {
    "heathrow": "LHR",
    "gatwick": "LGW",
    "stansted": "STN",
    "luton": "LTN",
    "city airport": "LCY",
    "orly": "ORY",
    "charles de gaulle": "CDG",
    "roissy": "CDG",
    "beauvais": "BVA",
    "fiumicino": "FCO",
    "ciampino": "CIA",
    "malpensa": "MXP",
    "linate": "LIN",
    "schiphol": "AMS",
    "zaventem": "BRU",
    "barajas": "MAD",
    "el prat": "BCN",
    "cointrin": "GVA",
    "brandenburg": "BER",
    "saint exupery": "LYS",
    "st exupery": "LYS",
    "portela": "LIS",
    "humberto delgado": "LIS",
    "schwechat": "VIE",
    "kloten": "ZRH",
}

# IATA metropolitan codes: "any airport of this city".
CITY_CODES: dict[tuple[str, str], str] = {
    ("Paris", "FR"): "PAR",
    ("London", "GB"): "LON",
    ("Milan", "IT"): "MIL",
    ("Rome", "IT"): "ROM",
    ("Stockholm", "SE"): "STO",
    ("Berlin", "DE"): "BER",
}

# Names that are also everyday words ("nice weather", "mad", "la vie", "par avion"): a place only
# when written with a capital or standing where a place stands ("to nice", "de nice").
ALSO_WORDS = frozenset({"nice", "mad", "vie", "lis", "lys", "par", "split", "bon", "man"})
# Words right before a place ("to", "de", "à": "a" alone is an English article).
PLACE_CONTEXT = frozenset(
    """to from for via into towards à de d depuis vers pour sur direction partant leaving
    departing arriving""".split()
)
# Frequent words one letter away from a city name; never read as a typo of it.
NOT_TYPOS = frozenset({"parts", "porte", "ports", "porta", "prise", "pairs", "romes"})
# Signs between two places of a route: "CDG-LIS", "Paris → Rome", "Paris > Nice".
ROUTE_SIGNS = frozenset({"-", "–", "—", "→", "->", ">", "=>", "/"})
_WORD = re.compile(r"[^\W\d_]+")
_LONGEST_NAME = 4  # words in the longest name we look up ("palma de mallorca", 3)


@dataclass(frozen=True)
class Place:
    name: str  # in English: "Lisbon", "Munich", "Heathrow"
    code: str | None  # a served airport, a city code for several, None when not served

    @property
    def served(self) -> bool:
        return self.code is not None


@dataclass(frozen=True)
class PlaceMention:
    place: Place
    start: int  # character span of the name in the message
    end: int


@dataclass(frozen=True)
class _Name:
    """What a name stands for before the served set is known."""

    city: str  # airportsdata's city
    country: str
    english: str
    airport: str | None = None  # the airport a code or an airport's name picks
    everyday_risk: bool = False  # needs a capital or a place word before it
    typo_target: bool = False  # a typo of it is still it


@dataclass(frozen=True)
class _Word:
    text: str
    folded: str
    start: int
    end: int
    gap: str  # what stands between the previous word and this one, stripped: "-", "→", ","


def city_name(found: Airport) -> str:
    """airportsdata's first city name ("Lille/Lesquin" -> "Lille")."""
    return found.city.split("/")[0].strip()


def _key(name: str) -> str:
    return " ".join(_WORD.findall(fold(name)))


def _known_airport(code: str) -> Airport:
    found = airport(code)
    if found is None:
        raise KeyError(f"places.py names airport {code}, which airportsdata does not know")
    return found


@cache
def _names() -> dict[str, _Name]:
    """City names of European airports, exonyms and airport names, before any served set."""
    names: dict[str, _Name] = {}
    for found in all_airports():
        if found.country in EUROPE:
            english = city_name(found)
            names.setdefault(_key(english), _Name(found.city, found.country, english))
    for key, (city, country, english) in EXONYMS.items():
        names[key] = _Name(city, country, english, typo_target=True)
    for key, code in AIRPORT_NAMES.items():
        named = _known_airport(code)
        names[key] = _Name(named.city, named.country, key.title(), code, typo_target=True)
    return names


@dataclass(frozen=True)
class PlaceIndex:
    """Every name the shopper may use, resolved against one served set."""

    names: dict[str, _Name]
    served_by_city: dict[tuple[str, str], tuple[str, ...]]  # (city, country) -> served codes

    def place(self, name: _Name) -> Place:
        if name.airport is not None:
            served = name.airport in self.served_by_city.get((name.city, name.country), ())
            return Place(name.english, name.airport if served else None)
        return Place(name.english, self.city_code(name.city, name.country))

    def city_code(self, city: str, country: str) -> str | None:
        """The one served airport, the city code when several, None when none."""
        codes = self.served_by_city.get((city, country), ())
        if len(codes) <= 1:
            return codes[0] if codes else None
        return CITY_CODES.get((city, country), "/".join(codes))


@cache
def place_index(served: frozenset[str]) -> PlaceIndex:
    """Names, codes and typo targets for this served set (built once per set)."""
    by_city: dict[tuple[str, str], list[str]] = {}
    for code in sorted(served):
        found = _known_airport(code)
        by_city.setdefault((found.city, found.country), []).append(code)
    index = PlaceIndex(dict(_names()), {city: tuple(codes) for city, codes in by_city.items()})
    names = index.names
    for code in served:
        found = _known_airport(code)
        names[code.casefold()] = _Name(found.city, found.country, city_name(found), code)
    for (city, country), code in CITY_CODES.items():
        if index.city_code(city, country) == code:
            names.setdefault(code.casefold(), _Name(city, country, city))
    for key, name in names.items():
        served_city = index.place(name).served and name.airport is None
        names[key] = replace(
            name,
            everyday_risk=key in ALSO_WORDS
            or not (served_city or name.typo_target or name.airport),
            typo_target=name.typo_target or served_city,
        )
    return index


def places_in(text: str, served: Collection[str]) -> list[PlaceMention]:
    """Every place named in `text`, in order, each resolved to a served code or unserved."""
    index = place_index(frozenset(code.upper() for code in served))
    words = [
        _Word(match.group(), fold(match.group()), match.start(), match.end(), gap)
        for match, gap in _with_gaps(text)
    ]
    found = _with_airports_joined(list(_names_said(words, index)), text)
    found = _with_airport_preferred(_with_places_corrected(found, words))
    return [
        PlaceMention(index.place(name), words[first].start, words[last].end)
        for name, first, last in found
    ]


def _with_gaps(text: str) -> Iterator[tuple[re.Match[str], str]]:
    end = 0
    for match in _WORD.finditer(text):
        yield match, text[end : match.start()].strip()
        end = match.end()


def _names_said(words: list[_Word], index: PlaceIndex) -> Iterator[tuple[_Name, int, int]]:
    """(name, first word, last word) of every name, longest first, left to right."""
    position, after_a_place = 0, False
    while position < len(words):
        found = _longest_name(words, position, index, after_a_place) or _typo(
            words, position, index
        )
        if found is None:
            position, after_a_place = position + 1, False
            continue
        name, length = found
        yield name, position, position + length - 1
        position += length
        # "cdg lis": a word right after a place (a space between) stands where a place stands.
        after_a_place = position < len(words) and not words[position].gap


def _with_airports_joined(
    found: list[tuple[_Name, int, int]], text: str
) -> list[tuple[_Name, int, int]]:
    """ "Paris Orly", "London (Heathrow)", "Paris-CDG": a city then one of its airports is that
    airport (never a trip: both ends would be the same city)."""
    joined: list[tuple[_Name, int, int]] = []
    for name, first, last in found:
        if joined and name.airport and joined[-1][0].airport is None:
            city, city_first, city_last = joined[-1]
            next_word = first == city_last + 1  # far apart: _with_airport_preferred
            if next_word and (city.city, city.country) == (name.city, name.country):
                joined[-1] = (name, city_first, last)
                continue
        joined.append((name, first, last))
    return joined


# Before a place, words taking back the one before: "Gatwick … actually Heathrow is better",
# "to Lisbon - sorry, I meant Porto", "ah non, Genève plutôt".
_CORRECTION = re.compile(
    r"\b(?:sorry|i mean|i meant|actually|rather|instead|make (?:it|that)|pardon|plutot|"
    r"finalement|en fait|je veux dire|non)\b[^\w]*(?:[\w']+\W+){0,2}$"
)
_NEGATED = re.compile(r"\b(?:not|pas)\s*$")  # "Porto, not Lisbon": Lisbon is no place of the trip


def _with_places_corrected(
    found: list[tuple[_Name, int, int]], words: list[_Word]
) -> list[tuple[_Name, int, int]]:
    """A place said as a correction takes the place (and role) of the one it corrects: another
    airport or the city itself when it is of the same city, else the place said just before."""
    kept = list(found)
    dropped: set[int] = set()
    for position, (name, first, _) in enumerate(found):
        before = fold(" ".join(word.text for word in words[max(0, first - 4) : first])) + " "
        if _NEGATED.search(before):
            dropped.add(position)
            continue
        if position == 0 or not _CORRECTION.search(before):
            continue
        earlier = [index for index in range(position) if index not in dropped]
        same_city = [
            index
            for index in earlier
            if (kept[index][0].city, kept[index][0].country) == (name.city, name.country)
            and kept[index][0] != name
        ]
        target = same_city[0] if same_city else (earlier[-1] if earlier else None)
        if target is not None and kept[target][0] != name:
            kept[target] = (name, kept[target][1], kept[target][2])
            dropped.add(position)
    return [mention for position, mention in enumerate(kept) if position not in dropped]


def _with_airport_preferred(found: list[tuple[_Name, int, int]]) -> list[tuple[_Name, int, int]]:
    """ "to Paris from Vienna - I'd prefer Orly": one airport of a city named apart from the
    city says which airport the city meant; the city's place (and role) becomes that airport."""
    airports: dict[tuple[str, str], set[_Name]] = {}
    for name, _, _ in found:
        if name.airport is not None:
            airports.setdefault((name.city, name.country), set()).add(name)
    chosen = {city: names.pop() for city, names in airports.items() if len(names) == 1}
    cities = {(name.city, name.country) for name, _, _ in found if name.airport is None}
    preferred = {city: airport for city, airport in chosen.items() if city in cities}
    if not preferred:
        return found
    kept: list[tuple[_Name, int, int]] = []
    for name, first, last in found:
        city = (name.city, name.country)
        if city not in preferred:
            kept.append((name, first, last))
        elif name.airport is None:
            kept.append((preferred[city], first, last))
    return kept


def _longest_name(
    words: list[_Word], position: int, index: PlaceIndex, after_a_place: bool
) -> tuple[_Name, int] | None:
    for length in range(min(_LONGEST_NAME, len(words) - position), 0, -1):
        said = words[position : position + length]
        name = index.names.get(" ".join(word.folded for word in said))
        if name is not None and (
            after_a_place or _reads_as_place(name, words, position, length, index)
        ):
            return name, length
    return None


def _reads_as_place(
    name: _Name, words: list[_Word], position: int, length: int, index: PlaceIndex
) -> bool:
    """An everyday word is a place only with a capital, or a place word, an arrow or another
    place beside it ("nice orly demain")."""
    if not name.everyday_risk or not words[position].text.islower():
        return True
    before = words[position - 1] if position else None
    after = words[position + length] if position + length < len(words) else None
    return (
        (
            before is not None
            and (before.text.lower() in PLACE_CONTEXT or before.folded in PLACE_CONTEXT)
        )
        or words[position].gap in ROUTE_SIGNS
        or (after is not None and (after.folded in {"to", "vers"} or after.gap in ROUTE_SIGNS))
        or (after is not None and _plainly_a_place(after, index))
    )


def _plainly_a_place(word: _Word, index: PlaceIndex) -> bool:
    named = index.names.get(word.folded)
    return named is not None and not named.everyday_risk


def _typo(words: list[_Word], position: int, index: PlaceIndex) -> tuple[_Name, int] | None:
    said = words[position].folded
    if len(said) < 5 or said in NOT_TYPOS:
        return None
    for key, name in index.names.items():
        if name.typo_target and key[0] == said[0] and _close(said, key):
            return name, 1
    return None


def _close(said: str, name: str) -> bool:
    """One edit away (two for long names): a letter missed, doubled, swapped or wrong."""
    allowed = 2 if len(name) >= 8 else 1
    if len(name) < 5 or abs(len(said) - len(name)) > allowed:
        return False
    return edit_distance(said, name) <= allowed
