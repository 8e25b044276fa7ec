"""Several variants of one product, each with its count, in one message: "deux bleus et deux
beiges", "un noir et un bleu, toujours L", "trois paires en taille S : une bleue, une rouge et
une jaune", "2 in black and one in white". Each part names a colour or a size with the count
before it; a size said apart from the colours ("toujours L", "trois paires en taille S")
is the size of them all."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.conversation.number_words import NUMBER_WORDS
from assistant.conversation.variants import named_colour, named_size
from catalog.text import fold

_PARTS = re.compile(r"\s*(?:,|;|:|\band\b|\bet\b|\bplus\b|\+)\s*", re.IGNORECASE)
_ARTICLES = {"a": 1, "an": 1, "one": 1}
# The count opening a part: "deux bleus", "2 in black", "une bleue", "x2 grey".
_COUNT = re.compile(r"^(?:x\s*)?(\d{1,2})(?!\d)\s*(?:x\b)?|^([a-z]+)\b")


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
        count = _count_opening(part)
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


def _count_opening(part: str) -> int | None:
    """The count a part opens with, past "non", "then", "alors"...; None without one."""
    words = part.split()
    while words and words[0] in {"non", "no", "nah", "then", "alors", "puis", "ok", "and"}:
        words.pop(0)
    found = _COUNT.match(" ".join(words))
    if found is None:
        return None
    if found.group(1):
        return int(found.group(1))
    word = found.group(2)
    return NUMBER_WORDS.get(word) or _ARTICLES.get(word)
