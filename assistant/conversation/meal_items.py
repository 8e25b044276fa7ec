"""Group the words of a meal message into the items said: "2 margheritas, one with extra
cheese, and a coke" is two items, the first with a part ("one with extra cheese").

A number opens an item; a dish or a menu section closes its head; options after it belong to it.
A number followed by options but no dish is a part of the item before ("dont une avec
supplément fromage"), or, when that item has no room left, more units of the same dish ("a
margherita with olives and one without").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.conversation.meal_basket import OptionSaid
from assistant.conversation.meal_lexicon import MealWord, WordKind
from catalog.menu.menu import Menu


@dataclass(frozen=True)
class Part:
    quantity: int | None  # None: no number was said ("make it large")
    options: tuple[OptionSaid, ...]


@dataclass
class SaidItem:
    """An item while the message is read; `sku` is None when only the section was named."""

    category: str
    sku: str | None
    quantity: int | None
    options: list[OptionSaid] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    refused: bool = False  # "no coke", "pas de tiramisu": said to be left out
    options_before: int = 0  # how many of `options` came before the dish ("a large coke")


@dataclass(frozen=True)
class SaidMessage:
    items: tuple[SaidItem, ...]
    loose: tuple[Part, ...]  # numbers and options said before any dish: "make it 2", "no onions"
    verbs: tuple[str, ...]  # edit verbs, in order: "remove", "add", "change"
    every_line: bool  # "both", "toutes": loose options go on every line they fit


@dataclass
class _Reader:
    menu: Menu
    items: list[SaidItem] = field(default_factory=list)
    loose: list[Part] = field(default_factory=list)
    verbs: list[str] = field(default_factory=list)
    every_line: bool = False
    all_items: bool = False  # "the two of them large": options said go on every item so far
    quantity: int | None = None  # said, waiting for its dish
    options: list[OptionSaid] = field(default_factory=list)  # said, waiting for their dish
    negated: bool = False
    previous: MealWord | None = None

    def read(self, word: MealWord) -> None:
        kind = word.meaning.kind
        if kind is WordKind.TIMES and self.items and self.items[-1].quantity is None:
            self.items[-1].quantity = word.meaning.number
        elif kind in (WordKind.NUMBER, WordKind.TIMES):
            self.close_pending()
            self.quantity = word.meaning.number
        elif kind is WordKind.NEGATION:
            self.negated = True
        elif kind is WordKind.POSITIVE:
            self.negated = False
        elif kind is WordKind.EDIT:
            self.verbs.append(word.meaning.value)
            self.negated = self.negated and word.meaning.value == "remove"
        elif kind is WordKind.EVERY_LINE:
            self.every_line = True
            self.all_items = bool(self.items) and self.quantity is None
        elif kind is WordKind.OPTION:
            self.read_option(word)
        elif kind in (WordKind.DISH, WordKind.CATEGORY):
            self.read_head(word)
        self.previous = word

    def read_option(self, word: MealWord) -> None:
        negated = word.meaning.negative or (self.negated and not word.meaning.positive)
        self.negated = negated
        said = OptionSaid(word.meaning.value, negated)
        if self.quantity is not None or not self.items:
            self.options.append(said)
        else:
            for item in self.items if self.all_items else self.items[-1:]:
                item.options.append(said)

    def read_head(self, word: MealWord) -> None:
        sku = word.meaning.value if word.meaning.kind is WordKind.DISH else None
        dish = self.menu.dish(sku) if sku else None
        category = dish.category if dish else word.meaning.value
        if self.joins_last_item(word, category, sku):
            return
        refused = self.negated and not self.options and self.quantity is None
        item = SaidItem(
            category, sku, self.quantity, list(self.options), [], refused, len(self.options)
        )
        self.items.append(item)
        self.quantity, self.options, self.negated, self.all_items = None, [], False, False

    def joins_last_item(self, word: MealWord, category: str, sku: str | None) -> bool:
        """ "pizza reine", "margherita pizza": a dish and its section side by side are one."""
        last = self.items[-1] if self.items else None
        side_by_side = self.previous is not None and self.previous.meaning.kind in (
            WordKind.DISH,
            WordKind.CATEGORY,
        )
        if last is None or not side_by_side or self.quantity is not None:
            return False
        if last.category != category or (last.sku and sku and last.sku != sku):
            return False
        last.sku = last.sku or sku
        last.options.extend(self.options)
        self.options = []
        return True

    def close_pending(self) -> None:
        if self.quantity is None and not self.options:
            return
        part = Part(self.quantity, tuple(self.options))
        if self.items and self.quantity is not None:
            self.items[-1].parts.append(part)
        else:
            self.loose.append(part)
        self.quantity, self.options = None, []


def _explained_sections(items: list[SaidItem]) -> list[SaidItem]:
    """ "2 pizzas, one reine and one diavola": the section is told by the dishes after it."""
    kept = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        told = following is not None and following.sku and following.category == item.category
        if item.sku is None and told:
            continue
        kept.append(item)
    return kept


def read_items(words: Sequence[MealWord], menu: Menu) -> SaidMessage:
    reader = _Reader(menu)
    for word in words:
        reader.read(word)
    reader.close_pending()
    return SaidMessage(
        tuple(_explained_sections(reader.items)),
        tuple(reader.loose),
        tuple(reader.verbs),
        reader.every_line,
    )
