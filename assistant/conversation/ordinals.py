"""Resolve "the second one", "le dernier", "number 3" against the list last shown."""

from __future__ import annotations

import re

from catalog.text import fold

_WORDS = {
    "first": 1,
    "1st": 1,
    "premier": 1,
    "premiere": 1,
    "1er": 1,
    "1ere": 1,
    "second": 2,
    "2nd": 2,
    "deuxieme": 2,
    "2e": 2,
    "2eme": 2,
    "seconde": 2,
    "third": 3,
    "3rd": 3,
    "troisieme": 3,
    "3e": 3,
    "3eme": 3,
    "fourth": 4,
    "4th": 4,
    "quatrieme": 4,
    "4e": 4,
    "4eme": 4,
    "fifth": 5,
    "5th": 5,
    "cinquieme": 5,
    "5e": 5,
    "5eme": 5,
}
_LAST = {"last", "dernier", "derniere", "final"}
_NUMBER = re.compile(r"\d+")


def ordinal_index(text: str, count: int) -> int | None:
    """Zero-based index into a list of `count` items, or None if the words name no position."""
    words = fold(text).replace("#", " ").split()
    for word in words:
        if word in _LAST:
            return count - 1 if count else None
        position = _WORDS.get(word)
        if position is None and _NUMBER.fullmatch(word):
            position = int(word)
        if position is not None:
            return position - 1 if 1 <= position <= count else None
    return None
