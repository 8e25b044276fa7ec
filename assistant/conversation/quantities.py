"""Quantities as shoppers write them ("2", "two", "deux") and what a cart edit means."""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.text import fold

_WORDS = {
    "one": 1, "a": 1, "an": 1, "un": 1, "une": 1,
    "two": 2, "deux": 2, "three": 3, "trois": 3, "four": 4, "quatre": 4,
    "five": 5, "cinq": 5, "six": 6, "seven": 7, "sept": 7, "eight": 8, "huit": 8,
    "nine": 9, "neuf": 9, "ten": 10, "dix": 10, "a couple": 2, "une paire": 2,
}  # fmt: skip
_NUMBER = re.compile(r"\d+")
# Words saying the number is the new total ("keep 1", "change it to 2"), not an amount to remove.
# Matched before accents are folded: French "à" ("passe-le à 2") must not match English "a".
_SET_MARKERS = re.compile(
    r"(?<!\w)(?:(?:keep|only|change|set|make it|to|reduce|garde|garder|seulement|que|juste|"
    r"passe|passer|mets|modifie|modifier|à)(?!\w)|qu['’])"
)


def parse_quantity(text: str | None) -> int | None:
    """A positive whole number from an entity value; None when it names none."""
    if not text:
        return None
    folded = fold(text).strip()
    match = _NUMBER.search(folded)
    value = int(match.group()) if match else _WORDS.get(folded, 0)
    return value if value > 0 else None


@dataclass(frozen=True)
class CartEdit:
    new_quantity: int  # 0 removes the line


def edit_for(current: int, quantity: int | None, message_text: str) -> CartEdit:
    """ "remove it" -> 0; "remove 2" -> current - 2; "keep 1" / "change it to 3" -> that number."""
    if quantity is None:
        return CartEdit(0)
    if _SET_MARKERS.search(message_text.lower()):
        return CartEdit(quantity)
    return CartEdit(max(current - quantity, 0))
