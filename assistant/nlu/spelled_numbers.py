"""Amounts written in words, English and French, Belgian and Swiss included: "forty quid",
"cinquante balles", "septante-cinq euros", "nonante", "quatre-vingt-dix", "mille cent
nonante-neuf euros".

Only numbers built on a ten, a hundred or a thousand are read: "un", "two" or "deux" alone are
counts and articles far more often than prices. Pure Python, for the Rasa-side components.
"""

from __future__ import annotations

import re

from assistant.nlu.folding import fold

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "septante": 70, "huitante": 80, "octante": 80, "nonante": 90, "quatre-vingt": 80,
    "quatre-vingts": 80,
}  # fmt: skip
_HUNDRED = {"hundred", "cent", "cents"}
_THOUSAND = {"thousand", "mille"}
_WORDS = {word.strip(): value for word, value in {**_UNITS, **_TENS}.items()}
_ALL = sorted([*_WORDS, *_HUNDRED, *_THOUSAND], key=len, reverse=True)
_TOKEN = "|".join(re.escape(word) for word in _ALL)
# A run of number words, joined by spaces, hyphens, "et" or "and" ("vingt et un").
_RUN = re.compile(
    rf"(?<![\w-])(?:{_TOKEN})(?:(?:[\s-]+(?:et|and)[\s-]+|[\s-]+)(?:{_TOKEN}))*(?![\w-])",
    re.IGNORECASE,
)
_PIECE = re.compile(_TOKEN, re.IGNORECASE)


def _value(words: list[str]) -> int | None:
    """ "mille cent nonante-neuf" -> 1199, "soixante-dix-neuf" -> 79; None without a ten, a
    hundred or a thousand in it."""
    if not any(word in _TENS or word in _HUNDRED or word in _THOUSAND for word in words):
        return None
    total = current = 0
    for word in words:
        if word in _HUNDRED:
            current = (current or 1) * 100
        elif word in _THOUSAND:
            total += (current or 1) * 1000
            current = 0
        else:
            current += _WORDS[word]
    return total + current


def in_figures(text: str) -> str:
    """The text with each amount written in words replaced by its figures, right-aligned in
    the words' place so that every other character keeps its position ("septante-cinq euros"
    -> "           75 euros")."""
    folded = fold(text)
    if len(folded) != len(text):
        return text  # a character folded to several: positions would not hold
    pieces = []
    last = 0
    for run in _RUN.finditer(folded):
        words = [piece.lower() for piece in _PIECE.findall(run.group())]
        value = _value(words)
        figures = str(value) if value is not None else ""
        if not figures or len(figures) > run.end() - run.start():
            continue
        pieces += [text[last : run.start()], figures.rjust(run.end() - run.start())]
        last = run.end()
    return "".join([*pieces, text[last:]])


def numbers_in_figures(text: str) -> str:
    """The text with its numbers said in words (a ten, a hundred or a thousand in them) written
    in figures: a dictated "size forty three" or "one hundred and twenty eight gigabytes" reads
    as the "43" and "128GB" a product lists."""
    converted = in_figures(text)
    return re.sub(r"(?<=\S) {2,}|^ +", lambda gap: " " if gap.start() else "", converted)
