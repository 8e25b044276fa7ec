"""Read a meal order from the shopper's whole message: the basket lines, what must be asked back
("a pizza": which one?) and the words that named nothing.

    read_meal_order("2 margheritas, one with extra cheese, and a coke", "en", menu)
    -> 1 Margherita + extra cheese, 1 Margherita, 1 Cola

Matching uses the menu's own names in both languages (see meal_lexicon); the parser knows no dish.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.conversation.meal_basket import (
    BasketLine,
    Choices,
    OptionSaid,
    merged,
    with_options,
)
from assistant.conversation.meal_items import SaidItem, read_items
from assistant.conversation.meal_lexicon import read_words
from catalog.menu.menu import Dish, Menu


@dataclass(frozen=True)
class WhichDish:
    """A section named without a dish ("une salade"): ask which, among `category`'s dishes."""

    category: str
    quantity: int
    options: tuple[OptionSaid, ...]


@dataclass(frozen=True)
class MealOrder:
    lines: tuple[BasketLine, ...]
    ask_which: tuple[WhichDish, ...] = ()
    unknown_words: tuple[str, ...] = ()
    # Options said for a dish that has none of them ("a large tiramisu"): (sku, words said).
    unavailable_options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ItemLines:
    lines: tuple[BasketLine, ...]
    unavailable: tuple[tuple[str, str], ...]


def only_dish_of(menu: Menu, category: str) -> Dish | None:
    """The section's dish when it has exactly one: then naming the section names it."""
    dishes = [dish for dish in menu.dishes if dish.category == category]
    return dishes[0] if len(dishes) == 1 else None


def item_lines(item: SaidItem, dish: Dish) -> ItemLines:
    """The lines of one item: its parts ("one with extra cheese") on the item's own options, the
    rest plain; a part beyond the quantity said is more units ("and one without")."""
    base, missing = with_options(dish, (), item.options)
    lines: list[BasketLine] = []
    unavailable = [(dish.sku, phrase) for phrase in missing]
    remaining = item.quantity or (0 if item.parts else 1)
    for part in item.parts:
        units = part.quantity or 1
        inside = units <= remaining and (item.quantity or 0) > 1
        start: Choices = base if inside else ()
        choices, missing = with_options(dish, start, part.options)
        unavailable.extend((dish.sku, phrase) for phrase in missing)
        lines.append(BasketLine(dish.sku, units, choices))
        if inside:
            remaining -= units
    if remaining > 0 and (not item.parts or item.quantity):
        lines.append(BasketLine(dish.sku, remaining, base))
    return ItemLines(tuple(lines), tuple(unavailable))


def read_meal_order(text: str, language: str, menu: Menu) -> MealOrder:
    message = read_words(text, language, menu)
    said = read_items(message.words, menu)
    lines: list[BasketLine] = []
    asks: list[WhichDish] = []
    unavailable: list[tuple[str, str]] = []
    for item in (item for item in said.items if not item.refused):
        dish = menu.dish(item.sku) if item.sku else only_dish_of(menu, item.category)
        if dish is None:
            quantity = item.quantity or 1
            asks.append(WhichDish(item.category, quantity, tuple(item.options)))
            continue
        result = item_lines(item, dish)
        lines.extend(result.lines)
        unavailable.extend(result.unavailable)
    return MealOrder(merged(lines), tuple(asks), message.unknown, tuple(unavailable))
