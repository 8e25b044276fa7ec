"""Find known phrases in a shopper's message, forgiving plurals, missing accents and typos.

A message is cut into folded tokens; a `PhraseBook` maps token sequences to meanings and reads
the message left to right, taking the longest phrase at each place. Typos are forgiven only on
words long enough for one slip to leave them recognisable, and never on the first letter (a
slip there turns "later" into "water").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from catalog.text import fold, stem

Meaning = TypeVar("Meaning")

# Words, digit runs and the punctuation that separates listed items; apostrophes and hyphens
# split words ("l'eau", "coca-cola") and a digit run glued to a word is its own token ("2x").
_TOKEN = re.compile(r"[a-z]+|\d+|[,;+&]")
SEPARATOR_MARKS = frozenset(",;+&")


@dataclass(frozen=True)
class Token:
    text: str  # folded, as typed
    key: str  # what matching compares: the folded word without a plural "s"


@dataclass(frozen=True)
class Found(Generic[Meaning]):
    meaning: Meaning
    start: int  # token positions, end excluded
    end: int
    exact: bool  # False when a typo was forgiven


def word_key(word: str) -> str:
    """The word without a plural: "margheritas", "oignons", and French "-eaux" ("eaux")."""
    return word[:-1] if word.endswith("eaux") else stem(word)


def tokenize(text: str) -> list[Token]:
    return [Token(word, word_key(word)) for word in _TOKEN.findall(fold(text))]


def phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(token.key for token in tokenize(phrase))


def typo_budget(word: str) -> int:
    """Letters a typo may change: none in short words, one from five letters, two from eight."""
    if word.isdigit() or len(word) < 5:
        return 0
    return 1 if len(word) < 8 else 2


def edit_distance(left: str, right: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of two letters is one slip); `limit + 1` as soon
    as the distance is known to exceed `limit`."""
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(right) + 1))
    for i, left_char in enumerate(left, start=1):
        current = [i] + [0] * len(right)
        for j, right_char in enumerate(right, start=1):
            cost = 0 if left_char == right_char else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            swapped = i > 1 and j > 1 and left_char == right[j - 2] and left[i - 2] == right_char
            if swapped and before is not None:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _close(said: str, known: str) -> bool:
    if said == known:
        return True
    budget = min(typo_budget(said), typo_budget(known))
    return budget > 0 and said[0] == known[0] and edit_distance(said, known, budget) <= budget


class PhraseBook(Generic[Meaning]):
    """Phrases (token keys) and their meanings. A phrase added twice keeps its first meaning, so
    the builder adds the most specific words first."""

    def __init__(self) -> None:
        self._exact: dict[tuple[str, ...], Meaning] = {}
        self._joined: dict[tuple[str, ...], Meaning] = {}  # phrases of words, run together
        self._longest = 0

    def add(self, phrase: str | tuple[str, ...], meaning: Meaning) -> None:
        """Add `phrase`; one of several words is also known written as one ("panacotta")."""
        key = phrase_key(phrase) if isinstance(phrase, str) else phrase
        if key and key not in self._exact:
            self._exact[key] = meaning
            self._longest = max(self._longest, len(key))
        joined = (word_key("".join(key)),)
        if len(key) > 1 and joined not in self._joined:
            self._joined[joined] = meaning

    def knows_word(self, key: str) -> bool:
        return (key,) in self._exact

    def find_all(self, tokens: Sequence[Token]) -> list[Found[Meaning]]:
        """Every phrase in the message, left to right, the longest at each place; a separator
        mark is never inside a phrase."""
        found: list[Found[Meaning]] = []
        position = 0
        while position < len(tokens):
            match = self.match_at(tokens, position)
            if match is None:
                position += 1
                continue
            found.append(match)
            position = match.end
        return found

    def match_at(self, tokens: Sequence[Token], start: int) -> Found[Meaning] | None:
        longest = min(self._longest, len(tokens) - start)
        for length in range(longest, 0, -1):
            said = tuple(token.key for token in tokens[start : start + length])
            if any(word in SEPARATOR_MARKS for word in said):
                continue
            if said in self._exact:
                return Found(self._exact[said], start, start + length, exact=True)
            fuzzy = (
                self._typo_match(said, self._exact)
                or self._joined.get(said)  # "pannacotta" for "panna cotta"
                or self._typo_match(said, self._joined)
                or self._run_together(said)
            )
            if fuzzy is not None:
                return Found(fuzzy, start, start + length, exact=False)
        return None

    def _run_together(self, said: tuple[str, ...]) -> Meaning | None:
        """Words split where the menu joins them ("tira misu"), or a slip in words the menu
        writes apart ("panna cota" for "panna cotta"); never from words the book knows."""
        if len(said) < 2 or not all(word.isalpha() for word in said):
            return None
        if any(self.knows_word(word) for word in said):
            return None
        joined = (word_key("".join(said)),)
        exact = self._exact.get(joined) or self._joined.get(joined)
        return exact if exact is not None else self._typo_match(joined, self._joined)

    def _typo_match(
        self, said: tuple[str, ...], known_phrases: dict[tuple[str, ...], Meaning]
    ) -> Meaning | None:
        """The phrase nearest to `said` among those within a typo of it, word for word."""
        candidates = [
            (
                sum(edit_distance(word, other, 2) for word, other in zip(said, known, strict=True)),
                meaning,
            )
            for known, meaning in known_phrases.items()
            if len(known) == len(said) and all(map(self._same_word, said, known))
        ]
        return min(candidates, key=lambda candidate: candidate[0])[1] if candidates else None

    def _same_word(self, said: str, known: str) -> bool:
        # A word the book knows exactly is never read as a slip for another ("one" is a number).
        if said == known:
            return True
        return not self.knows_word(said) and _close(said, known)
