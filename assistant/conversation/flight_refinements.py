"""What a shopper changes about the flights just shown: earlier, later, cheaper, direct only.

These move the search relative to what was shown ("earlier" = before the first departure on the
page), so they are read apart from the trip itself (places, dates, passengers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.text import fold

# "before 10" or "après 18h" name a time (the trip's own words); these move from what was shown.
_EARLIER = re.compile(r"\b(?:earlier|sooner|plus tot|moins tard|plus matinal|de meilleure heure)\b")
_LATER = re.compile(r"\b(?:later|plus tard|moins tot)\b")
_CHEAPER = re.compile(
    r"\b(?:cheaper|cheapest|less expensive|lower price|budget|moins cher|moins chere|"
    r"moins chers|le moins cher|meilleur prix|pas cher|moins couteux|economique)\b"
)
_DIRECT = re.compile(r"\b(?:direct|directs|directe|non[- ]?stop|sans escale)\b")


@dataclass(frozen=True)
class FlightRefinement:
    earlier: bool = False
    later: bool = False
    cheaper: bool = False
    direct_only: bool = False

    @property
    def any(self) -> bool:
        return self.earlier or self.later or self.cheaper or self.direct_only


def refinement_in(text: str) -> FlightRefinement:
    folded = fold(text)
    earlier = bool(_EARLIER.search(folded))
    return FlightRefinement(
        earlier=earlier,
        later=not earlier and bool(_LATER.search(folded)),
        cheaper=bool(_CHEAPER.search(folded)),
        direct_only=bool(_DIRECT.search(folded)),
    )
