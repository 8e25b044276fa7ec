"""What a product's words say that rules out a property asked about: "wired" for "is it
wireless?", "water-resistant" for "is it waterproof?", "made with Parmigiano" for "is it vegan?".

The pairs are data (catalog/data/opposites.txt, whose header gives the format); this module
reads them once and finds a contrary in a title and description, read sentence by sentence:
where a sentence says what a product is made of (after "contains", "made with"...), and where
it denies something ("no milk", "dairy-free milk chocolate", "does not contain").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from catalog.categories import WORDS_FILE, Unit, lexicon, norm, split_words

OPPOSITES_FILE = WORDS_FILE.with_name("opposites.txt")

Phrase = tuple[str, ...]  # normalised words (see catalog.categories.norm); "*" kept
WILDCARD = "*"  # in a contrary: the question's other words ("100% *" <> "* blend")

# Words that deny what follows them in a sentence ("no milk or eggs", "sans lait ni oeufs"),
# up to the next cue; "free" denies the word before it ("gluten free").
_DENYING = frozenset(
    norm(word)
    for word in "no not without non sans zero never nor ni pas aucun aucune neither".split()
)
_NEGATING_A_CUE = _DENYING | {"doesn", "don", "didn", "isn", "ne", "n"}
_JOINING = frozenset({"and", "et"})
_PURPOSE = frozenset({"for", "pour"})  # "Seasoning for Chicken": what follows is no content
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n+")


@dataclass(frozen=True)
class Opposite:
    asked: frozenset[Phrase]  # the property asked ("100%", "pure": no concept of their own)
    concepts: frozenset[int]  # its shopping_words.txt concepts ("sans fil" asks "wireless")
    contrary: tuple[Phrase, ...]
    contained: bool  # said as content only: in the title, or after a cue ("made with")

    def asked_by(self, unit: Unit) -> bool:
        return unit.words in self.asked or bool(unit.concepts & self.concepts)


@dataclass(frozen=True)
class Opposites:
    pairs: tuple[Opposite, ...]
    cues: tuple[Phrase, ...]  # longest first
    exceptions: tuple[Phrase, ...]


def _phrases(side: str) -> list[Phrase]:
    """ "wired, corded | filaire" -> [("wired",), ("corded",), ("filaire",)]; "*" kept."""
    found = []
    for entry in side.replace("|", ",").split(","):
        words: list[str] = []
        for token in entry.split():
            words += [WILDCARD] if token == WILDCARD else [w.norm for w in split_words(token)]
        if words:
            found.append(tuple(words))
    return found


@cache
def opposites(path: Path = OPPOSITES_FILE) -> Opposites:
    pairs: list[Opposite] = []
    cues: list[Phrase] = []
    exceptions: list[Phrase] = []
    lex = lexicon()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("@ "):
            cues += _phrases(line[2:])
        elif line.startswith("! "):
            exceptions += _phrases(line[2:])
        elif line and not line.startswith("#"):
            contained = "<contains>" in line
            asked, _, contrary = line.partition("<contains>" if contained else "<>")
            phrases = _phrases(asked)
            concepts = frozenset().union(*(lex.phrases.get(p, frozenset()) for p in phrases))
            pairs.append(
                Opposite(frozenset(phrases), concepts, tuple(_phrases(contrary)), contained)
            )
    return Opposites(tuple(pairs), tuple(sorted(cues, key=len, reverse=True)), tuple(exceptions))


@dataclass(frozen=True)
class Sentence:
    words: tuple[str, ...]  # normalised
    shown: tuple[str, ...]  # each word as written (an elided word's whole token: "d'olive")
    content: tuple[bool, ...]  # says what the product is made of
    cue: tuple[int, ...]  # where the cue opening that content starts (-1: none, the title)
    denied: tuple[bool, ...]  # denied by a word before it in the sentence


@dataclass(frozen=True)
class Contrary:
    said: str  # the words as written, to quote: "wired", "made with basil, Parmigiano"
    masked: str  # the product's normalised words, the contrary's blanked out


def _starts(words: Sequence[str], at: int, phrase: Phrase) -> bool:
    return tuple(words[at : at + len(phrase)]) == phrase


def _sentence(text: str, title: bool) -> Sentence:
    words: list[str] = []
    shown: list[str] = []
    for token in text.split():
        for split in split_words(token):
            words.append(split.norm)
            shown.append(token)
    content: list[bool] = []
    denied: list[bool] = []
    opened: list[int] = []
    in_content, in_denial, cue_at = title, False, -1
    cues = opposites().cues
    skip = 0
    for at, word in enumerate(words):
        denied.append(in_denial)  # what comes before a word denies it, not the word itself
        if skip:
            skip -= 1
        elif title and word in _PURPOSE:
            in_content = False
        elif cue := next((cue for cue in cues if _starts(words, at, cue)), None):
            before = set(words[max(0, at - 2) : at])
            in_content, in_denial, cue_at = True, bool(before & _NEGATING_A_CUE), at
            skip = len(cue) - 1
        elif word in _DENYING or (word.endswith("free") and len(word) > 4):
            in_denial = True  # "no milk", "sans lait", "dairyfree milk chocolate"
        content.append(in_content)
        opened.append(cue_at)
    return Sentence(tuple(words), tuple(shown), tuple(content), tuple(opened), tuple(denied))


def _sentences(title: str, description: str) -> list[Sentence]:
    parts = [part for part in _SENTENCE.split(description) if part.strip()]
    return [_sentence(title, True), *(_sentence(part, False) for part in parts)]


def _end(words: Sequence[str], at: int, phrase: Phrase, others: frozenset[str]) -> int | None:
    """Where `phrase` ends when it starts at `at`, or None. "*" is one of `others`, maybe
    joined to another word: "linen and cotton", "silk and linen"."""
    if not phrase:
        return at
    first, rest = phrase[0], phrase[1:]
    if first != WILDCARD:
        if at < len(words) and words[at] == first:
            return _end(words, at + 1, rest, others)
        return None
    spans = []
    if at < len(words) and words[at] in others:
        spans += [at + 1]
        if at + 2 < len(words) and words[at + 1] in _JOINING:
            spans += [at + 3]  # "linen and cotton" blend
    if at + 2 < len(words) and words[at + 1] in _JOINING and words[at + 2] in others:
        spans += [at + 3]  # "silk and linen"
    for after in reversed(spans):
        end = _end(words, after, rest, others)
        if end is not None:
            return end
    return None


def _excepted(sentence: Sentence, start: int, end: int) -> bool:
    words = sentence.words
    for phrase in opposites().exceptions:
        for at in range(max(0, start - len(phrase) + 1), min(end, len(words))):
            if _starts(words, at, phrase) and at <= start and at + len(phrase) >= end:
                return True
    return False


def _found(
    sentence: Sentence, opposite: Opposite, others: frozenset[str]
) -> tuple[int, int] | None:
    """The first place the sentence says the contrary, undenied, as content when it must be."""
    words = sentence.words
    for start in range(len(words)):
        if sentence.denied[start]:
            continue
        for phrase in opposite.contrary:
            end = _end(words, start, phrase, others)
            if end is None or end == start:
                continue
            if end < len(words) and words[end] == "free":  # "gluten free"
                continue
            if opposite.contained and not all(sentence.content[start:end]):
                continue
            if not _excepted(sentence, start, end):
                return start, end
    return None


def _quote(sentence: Sentence, start: int, end: int, contained: bool) -> str:
    """The contrary as written; for content, from its cue when that is short ("may contain
    traces of gluten")."""
    cue = sentence.cue[start]
    if contained and sentence.content[start] and cue >= 0 and end - cue <= 6:
        start = cue
    tokens = list(dict.fromkeys(sentence.shown[start:end]))  # "d'olive" is two words, one token
    return " ".join(tokens).strip(".,;:!?()\"'“”«» ")


def contrary_of(
    unit: Unit, others: Sequence[Unit], title: str, description: str
) -> Contrary | None:
    """What the title or description says against the property `unit` asks, or None. `others`:
    the question's other units ("linen" in "is it 100% linen?"), which "*" stands for."""
    pairs = [opposite for opposite in opposites().pairs if opposite.asked_by(unit)]
    if not pairs:
        return None
    other_words = {word for other in others for word in other.words}
    phrases = lexicon().phrases
    for phrase, concepts in phrases.items():
        if len(phrase) == 1 and any(concepts & other.concepts for other in others):
            other_words.add(phrase[0])  # "lin" asked, "linen" written
    sentences = _sentences(title, description)
    for opposite in pairs:
        for sentence in sentences:
            found = _found(sentence, opposite, frozenset(other_words))
            if found is None:
                continue
            start, end = found
            masked = " ".join(
                "_" if s is sentence and start <= at < end else word
                for s in sentences
                for at, word in enumerate(s.words)
            )
            return Contrary(_quote(sentence, start, end, opposite.contained), f" {masked} ")
    return None
