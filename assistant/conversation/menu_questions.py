"""Allergen and diet questions about a menu: "is the pesto nut-free?", "y a-t-il de la viande
dans la reine ?", "what's vegetarian?", "c'est épicé la diavola ?".

A question names a topic (an allergen or a label of the menu's dishes, words in
`meal_words.yml`) and maybe dishes or a section. The answer is a value (which dishes have it,
yes or no per dish named): the wording catalogue turns it into a sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from assistant.conversation.meal_lexicon import MealWord, WordKind, read_words
from assistant.conversation.meal_words import LANGUAGES, in_language, meal_words
from assistant.conversation.phrase_book import PhraseBook, Token, tokenize
from catalog.menu.menu import Dish, Menu

_CUE = "?"  # the meanings of a question word and of "free"/"sans" in the topic book
_ABSENCE = "-"


@dataclass(frozen=True)
class MenuQuestion:
    topic: str  # an allergen ("nuts") or a label ("spicy", "contains-meat", "vegetarian")
    dishes: tuple[str, ...] = ()  # skus named; empty: the question is about the whole menu
    categories: tuple[str, ...] = ()  # sections named ("which pizzas are spicy?")
    absent: bool = False  # asked for its absence: "nut-free", "sans viande"


@dataclass(frozen=True)
class DishFact:
    sku: str
    has: bool | None  # None: the menu does not say (an unlabelled dish asked about meat)
    # The dish's facts that say it has not: "contains-meat" for "is the reine vegetarian?".
    because: tuple[str, ...] = ()


@dataclass(frozen=True)
class MenuAnswer:
    topic: str
    named: tuple[DishFact, ...]  # one per dish the question named
    which: tuple[str, ...]  # every dish (of the sections named) known to have the topic, or
    # known not to when the question asks for its absence ("which pizzas are meat-free?")


@cache
def _topic_book(language: str) -> PhraseBook[str]:
    words = meal_words()
    book: PhraseBook[str] = PhraseBook()
    for topic, phrases in words.question_topics.items():
        for phrase in phrases:
            book.add(phrase, topic)
    for phrase in words.question_absence:
        book.add(phrase, _ABSENCE)
    for cues_of in sorted(LANGUAGES, key=lambda other: other != language):
        for phrase in in_language(words.question_cues, cues_of):
            book.add(phrase, _CUE)
    return book


@dataclass(frozen=True)
class _Topics:
    names: list[str]
    spans: list[tuple[int, int]]  # where the topics were said
    cued: bool  # a question word was said
    absent: bool  # "free"/"sans" right next to a topic


def _overlaps(word: MealWord, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < word.end and word.start < end for start, end in spans)


def _topics(tokens: Sequence[Token], language: str) -> _Topics:
    found = _topic_book(language).find_all(tokens)
    topics = [match for match in found if match.meaning not in (_CUE, _ABSENCE)]
    absences = [match for match in found if match.meaning == _ABSENCE]
    absent = any(
        absence.end == topic.start or absence.start == topic.end
        for absence in absences
        for topic in topics
    )
    cued = any(match.meaning == _CUE for match in found)
    spans = [(match.start, match.end) for match in topics]
    return _Topics([match.meaning for match in topics], spans, cued, absent)


def _outside(tokens: list[Token], spans: Sequence[MealWord]) -> list[Token]:
    """The tokens not inside `spans`; a gap keeps phrases from joining across a dish name."""
    inside = {position for span in spans for position in range(span.start, span.end)}
    return [token if i not in inside else Token(",", ",") for i, token in enumerate(tokens)]


def read_menu_question(text: str, language: str, menu: Menu) -> MenuQuestion | None:
    """The question asked, or None when the message asks about no allergen or diet."""
    tokens = tokenize(text)
    words = read_words(text, language, menu).words
    named = [word for word in words if word.meaning.kind is WordKind.DISH]
    sections = [word for word in words if word.meaning.kind is WordKind.CATEGORY]
    topics = _topics(_outside(tokens, named), language)
    if not topics.names:  # "la reine est-elle végétarienne ?": a dish name is the topic
        topics = _topics(tokens, language)
        named = [word for word in named if not _overlaps(word, topics.spans)]
    if not topics.names or not (topics.cued or "?" in text):
        return None
    return MenuQuestion(
        topics.names[0],
        tuple(dict.fromkeys(word.meaning.value for word in named)),
        tuple(dict.fromkeys(word.meaning.value for word in sections)),
        topics.absent,
    )


def facts_of(dish: Dish) -> frozenset[str]:
    return frozenset((*dish.allergens, *dish.labels))


def contradictions(topic: str) -> tuple[str, ...]:
    """Facts that say a dish has not `topic`, read both ways ("vegetarian" <-> "contains-meat")."""
    table = meal_words().topic_contradictions
    both_ways = [
        *table.get(topic, ()),
        *(other for other, facts in table.items() if topic in facts),
    ]
    return tuple(dict.fromkeys(both_ways))


def dish_fact(dish: Dish, topic: str) -> DishFact:
    facts = facts_of(dish)
    because = tuple(fact for fact in contradictions(topic) if fact in facts)
    if topic in facts and not because:
        return DishFact(dish.sku, True)
    if because or topic in meal_words().declared_topics:
        return DishFact(dish.sku, False, because)
    return DishFact(dish.sku, None)


def answer_menu_question(question: MenuQuestion, menu: Menu) -> MenuAnswer:
    named = tuple(
        dish_fact(dish, question.topic)
        for sku in question.dishes
        if (dish := menu.dish(sku)) is not None
    )
    wanted = not question.absent
    which = tuple(
        dish.sku
        for dish in menu.dishes
        if dish_fact(dish, question.topic).has is wanted
        and (not question.categories or dish.category in question.categories)
    )
    return MenuAnswer(question.topic, named, which)
