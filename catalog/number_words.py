"""Small whole numbers as people write them, in figures or in words, English and French."""

from __future__ import annotations

from catalog.text import fold

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quatorze": 14, "quinze": 15,
}  # fmt: skip
# A pattern piece matching a number in figures or in words.
NUMBER_PATTERN = r"(?:\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"


def number_value(said: str) -> int | None:
    """ "3", "three", "trois" -> 3; None for anything else."""
    word = fold(said).strip()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)
