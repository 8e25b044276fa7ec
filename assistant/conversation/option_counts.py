"""Several variants of one product, each with its count, in one message: "deux bleus et deux
beiges", "un noir et un bleu, toujours L", "trois paires en taille S : une bleue, une rouge et
une jaune", "2 in black and one in white". Each part names a colour or a size with the count
before it; a size said apart from the colours ("toujours L", "trois paires en taille S")
is the size of them all."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.conversation.variants import named_colour, named_size
from catalog.number_words import NUMBER_WORDS
from catalog.text import fold

# "n" is "and" as texted: "2 in yellow L n 1 white L"
_PARTS = re.compile(r"\s*(?:,|;|:|\band\b|\bn\b|\bet\b|\bplus\b|\+)\s*", re.IGNORECASE)
_ARTICLES = {"a": 1, "an": 1, "one": 1}


@dataclass(frozen=True)
class OptionCount:
    count: int
    color: str | None
    size: str | None


def options_counted(
    text: str, colours: list[str], sizes: list[str], names: dict[str, str]
) -> list[OptionCount]:
    """Each variant the message counts, in the order said; empty unless it counts two or
    more distinct ones. `names`: the French name of each colour."""
    counted: list[tuple[int, str | None, str | None]] = []
    shared_size = None
    for part in _PARTS.split(fold(text).lower()):
        part = part.strip(" .!?")
        colour = named_colour(part, colours, names) if colours else None
        size = named_size(part, sizes) if sizes else None
        count = _count_opening(part, size)
        if colour is None and size is not None and count is None:
            shared_size = size  # "toujours L": the size of every part
            continue
        if count is not None and (colour is not None or size is not None):
            counted.append((count, colour, size))
    if any(colour is not None for _, colour, _ in counted):
        # "trois paires en taille S : une bleue, une rouge...": a counted size among
        # counted colours is their size and their total, no variant of its own
        for _, colour, size in counted:
            if colour is None:
                shared_size = size
        counted = [part for part in counted if part[1] is not None]
    kinds = [(count, colour, size or shared_size) for count, colour, size in counted]
    if len({(colour, size) for _, colour, size in kinds}) < 2:
        return []
    return [OptionCount(count, colour, size) for count, colour, size in kinds]


def _count_opening(part: str, size: str | None) -> int | None:
    """The count a part says besides its options: a number ("make it 3 blue", "trois paires",
    "x2 grey"), else an article ("une bleue", "a black one"); None without one. The size's own
    number ("one in 39") is no count."""
    articles = None
    sized = set(fold(size).lower().split()) if size else set()
    for word in part.split():
        word = word.removeprefix("x") if word[1:].isdigit() else word
        if word in sized:
            continue
        if word.isdigit() and len(word) <= 2:
            return int(word)
        if word in NUMBER_WORDS and word not in _ARTICLES and word not in {"un", "une"}:
            return NUMBER_WORDS[word]
        if articles is None and (word in _ARTICLES or word in {"un", "une"}):
            articles = 1
    return articles
