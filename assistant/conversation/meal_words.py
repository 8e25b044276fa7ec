"""The words of meal orders that a menu does not carry, read from `meal_words.yml`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from catalog.text import fold

WORDS_FILE = Path(__file__).with_name("meal_words.yml")
LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class MealWords:
    numbers: Mapping[str, Mapping[str, int]]  # language -> word -> number
    negations: Mapping[str, tuple[str, ...]]  # language -> words
    positives: Mapping[str, tuple[str, ...]]
    option_name_cues: frozenset[str]
    edit_verbs: Mapping[str, Mapping[str, tuple[str, ...]]]  # remove|add|change -> language
    subset_cues: Mapping[str, tuple[str, ...]]
    every_line: Mapping[str, tuple[str, ...]]
    separators: Mapping[str, tuple[str, ...]]
    fillers: Mapping[str, tuple[str, ...]]
    category_words: Mapping[str, tuple[str, ...]]  # Dish.category -> words
    dish_synonyms: Mapping[str, Mapping[str, tuple[str, ...]]]  # category -> English name -> words
    option_synonyms: Mapping[str, tuple[str, ...]]  # English option name (folded) -> words
    question_topics: Mapping[str, tuple[str, ...]]  # allergen or label -> words
    question_absence: tuple[str, ...]
    topic_contradictions: Mapping[str, tuple[str, ...]]  # topic -> facts that say it is not so
    declared_topics: frozenset[str]  # a dish without them has none
    question_cues: Mapping[str, tuple[str, ...]]


def in_language(table: Mapping[str, tuple[str, ...]], language: str) -> tuple[str, ...]:
    """The words of `language`; English for a language the file does not have."""
    return table.get(language) or table.get("en", ())


def _words(value: Any) -> tuple[str, ...]:
    return tuple(str(word) for word in value or ())


def _per_language(value: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    return {language: _words(value.get(language)) for language in LANGUAGES}


@cache
def meal_words(path: Path = WORDS_FILE) -> MealWords:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return MealWords(
        numbers={
            language: {str(word): int(n) for word, n in document["numbers"][language].items()}
            for language in LANGUAGES
        },
        negations=_per_language(document["negations"]),
        positives=_per_language(document["positives"]),
        option_name_cues=frozenset(fold(word) for word in document["option_name_cues"]),
        edit_verbs={verb: _per_language(words) for verb, words in document["edit_verbs"].items()},
        subset_cues=_per_language(document["subset_cues"]),
        every_line=_per_language(document["every_line"]),
        separators=_per_language(document["separators"]),
        fillers=_per_language(document["fillers"]),
        category_words={
            category: _words(words) for category, words in document["category_words"].items()
        },
        dish_synonyms={
            category: {fold(name): _words(words) for name, words in dishes.items()}
            for category, dishes in document["dish_synonyms"].items()
        },
        option_synonyms={
            fold(name): _words(words) for name, words in document["option_synonyms"].items()
        },
        question_topics={
            topic: _words(words) for topic, words in document["question_topics"].items()
        },
        question_absence=_words(document["question_absence"]),
        topic_contradictions={
            topic: _words(facts) for topic, facts in document["topic_contradictions"].items()
        },
        declared_topics=frozenset(_words(document["declared_topics"])),
        question_cues=_per_language(document["question_cues"]),
    )
