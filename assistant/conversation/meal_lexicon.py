"""What each word of a meal message means against one menu: a dish, a menu section, an option,
a number, "without", "dont", an edit verb, or nothing.

The menu's own names (both languages) are the vocabulary; `meal_words.yml` adds synonyms and
function words. Nothing here names a dish: a new menu brings its own words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from assistant.conversation.meal_words import LANGUAGES, MealWords, in_language, meal_words
from assistant.conversation.phrase_book import (
    SEPARATOR_MARKS,
    PhraseBook,
    Token,
    phrase_key,
    tokenize,
)
from catalog.menu.menu import Dish, Menu, Modifier, Names
from catalog.text import fold

PhraseKey = tuple[str, ...]
_LARGEST_COUNT = 50  # a digit run above this is an address, a time or a price, not a quantity


class WordKind(StrEnum):
    DISH = "dish"
    CATEGORY = "category"
    OPTION = "option"
    NUMBER = "number"
    TIMES = "times"  # "x2" after a dish: its quantity
    NEGATION = "negation"
    POSITIVE = "positive"
    SUBSET = "subset"
    EVERY_LINE = "every_line"  # "both", "toutes": the edit is for every line it fits
    EDIT = "edit"
    SEPARATOR = "separator"
    FILLER = "filler"


@dataclass(frozen=True)
class Meaning:
    kind: WordKind
    value: str = ""  # the sku, category, option phrase or edit verb
    number: int = 0  # for NUMBER
    positive: bool = False  # an OPTION whose own words put it on ("extra cheese")
    negative: bool = False  # an OPTION whose own words take it out ("sans oignons")


@dataclass(frozen=True)
class MealWord:
    meaning: Meaning
    start: int
    end: int
    said: str  # the words as folded, for reporting


@dataclass(frozen=True)
class ReadMessage:
    words: tuple[MealWord, ...]
    unknown: tuple[str, ...]  # words that named nothing and are not filler


def _names(names: Names) -> Iterator[str]:
    yield from (name for name in (names.en, names.fr) if name)


def _trimmed(key: PhraseKey, drop: Iterable[str], edge_words: frozenset[str]) -> PhraseKey:
    """`key` without the words of `drop`, and without connecting words left at its ends."""
    dropped = set(drop)
    kept = [word for word in key if word not in dropped]
    while kept and kept[0] in edge_words:
        kept.pop(0)
    while kept and kept[-1] in edge_words:
        kept.pop()
    return tuple(kept)


def dish_phrases(dish: Dish, words: MealWords) -> list[PhraseKey]:
    """The dish's names, its synonyms, and its names without the section's word ("Caesar salad"
    is also "caesar", "Salade de chèvre chaud" also "chèvre chaud")."""
    names = [phrase_key(name) for name in _names(dish.names)]
    section = {
        key for word in words.category_words.get(dish.category, ()) for key in phrase_key(word)
    }
    synonyms = words.dish_synonyms.get(dish.category, {}).get(fold(dish.names.en), ())
    shortened = [_trimmed(name, section, words.option_name_cues) for name in names]
    return [*names, *(phrase_key(word) for word in synonyms), *(key for key in shortened if key)]


def option_phrases(modifier: Modifier, words: MealWords) -> frozenset[PhraseKey]:
    """The option's names, the same without their cue words ("extra cheese" -> "cheese",
    "sans oignons" -> "oignons"), and its synonyms."""
    names = [phrase_key(name) for name in _names(modifier.names)]
    bare = [_trimmed(name, words.option_name_cues, words.option_name_cues) for name in names]
    synonyms = words.option_synonyms.get(fold(modifier.names.en), ())
    return frozenset(
        key for key in (*names, *bare, *(phrase_key(word) for word in synonyms)) if key
    )


def _cue_words(tables: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """Single words of the phrases in `tables`, any language."""
    return frozenset(key for table in tables.values() for word in table for key in phrase_key(word))


def _add_all(book: PhraseBook[Meaning], phrases: Iterable[str], meaning: Meaning) -> None:
    for phrase in phrases:
        book.add(phrase, meaning)


def _add_menu(book: PhraseBook[Meaning], menu: Menu, words: MealWords) -> None:
    for dish in menu.dishes:  # full names first: they win over another dish's short name
        for name in _names(dish.names):
            book.add(name, Meaning(WordKind.DISH, dish.sku))
    for dish in menu.dishes:
        for key in dish_phrases(dish, words):
            book.add(key, Meaning(WordKind.DISH, dish.sku))
    for category in sorted({dish.category for dish in menu.dishes}):
        _add_all(book, words.category_words.get(category, ()), Meaning(WordKind.CATEGORY, category))
    puts_on, takes_out = _cue_words(words.positives), _cue_words(words.negations)
    for dish in menu.dishes:
        for group in dish.modifier_groups:
            for modifier in group.modifiers:
                for key in option_phrases(modifier, words):
                    meaning = Meaning(
                        WordKind.OPTION,
                        " ".join(key),
                        positive=any(word in puts_on for word in key),
                        negative=any(word in takes_out for word in key),
                    )
                    book.add(key, meaning)


def _add_function_words(book: PhraseBook[Meaning], language: str, words: MealWords) -> None:
    numbers = words.numbers.get(language) or words.numbers["en"]
    for word, number in numbers.items():
        book.add(word, Meaning(WordKind.NUMBER, number=number))
    _add_all(book, in_language(words.negations, language), Meaning(WordKind.NEGATION))
    _add_all(book, in_language(words.subset_cues, language), Meaning(WordKind.SUBSET))
    _add_all(book, in_language(words.every_line, language), Meaning(WordKind.EVERY_LINE))
    for verb, table in words.edit_verbs.items():
        _add_all(book, in_language(table, language), Meaning(WordKind.EDIT, verb))
    _add_all(book, in_language(words.positives, language), Meaning(WordKind.POSITIVE))
    _add_all(book, in_language(words.separators, language), Meaning(WordKind.SEPARATOR))
    _add_all(book, in_language(words.fillers, language), Meaning(WordKind.FILLER))


@cache
def meal_book(menu: Menu, language: str) -> PhraseBook[Meaning]:
    """The phrase book of `menu` for messages in `language` (menus are frozen, so cached).
    The other language's function words come after, for shoppers who mix ("une reine with no
    onions"): where a word means two things ("a" is "à" in French), the message's language wins."""
    words = meal_words()
    book: PhraseBook[Meaning] = PhraseBook()
    _add_menu(book, menu, words)
    for words_of in sorted(LANGUAGES, key=lambda other: other != language):
        _add_function_words(book, words_of, words)
    return book


def _count(token: Token) -> int | None:
    if token.text.isdigit() and 0 < int(token.text) <= _LARGEST_COUNT:
        return int(token.text)
    return None


def _times(tokens: list[Token], position: int) -> Meaning | None:
    """ "x2": a multiplication sign before a number."""
    if tokens[position].text != "x" or position + 1 >= len(tokens):
        return None
    count = _count(tokens[position + 1])
    return Meaning(WordKind.TIMES, number=count) if count else None


def _mark(token: Token) -> Meaning | None:
    return Meaning(WordKind.SEPARATOR) if token.text in SEPARATOR_MARKS else None


def _said(tokens: list[Token], start: int, end: int) -> str:
    return " ".join(token.text for token in tokens[start:end])


def read_words(text: str, language: str, menu: Menu) -> ReadMessage:
    """The meaningful words of `text` in order, and the words that named nothing."""
    book = meal_book(menu, language)
    tokens = tokenize(text)
    words: list[MealWord] = []
    unknown: list[str] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        times = _times(tokens, position)
        if times is not None:
            words.append(MealWord(times, position, position + 2, f"x{times.number}"))
            position += 2
            continue
        found = book.match_at(tokens, position)
        count = _count(token)
        single = Meaning(WordKind.NUMBER, number=count) if count else _mark(token)
        if single is not None and (found is None or found.end == position + 1):
            # A digit is a number unless it starts a longer phrase ("4 fromages").
            words.append(MealWord(single, position, position + 1, token.text))
            position += 1
            continue
        if found is None:
            if len(token.text) > 1:
                unknown.append(token.text)
            position += 1
            continue
        if found.meaning.kind is not WordKind.FILLER:
            said = _said(tokens, found.start, found.end)
            words.append(MealWord(found.meaning, found.start, found.end, said))
        position = found.end
    return ReadMessage(tuple(words), tuple(unknown))
