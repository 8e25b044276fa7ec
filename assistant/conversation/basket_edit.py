"""Follow-up edits of a meal basket: "make the coke a large", "enlève la salade", "remove one
margherita", "add another tiramisu", "actually no onions on the reine", "finalement 3 cocas".

The message is read like an order (meal_items); its edit verb says what the items do to the
basket. Without a verb, a dish already in the basket with options said is changed, anything
else is added. Options said with no dish ("make it large") go to the last line that has them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from assistant.conversation.meal_basket import (
    BasketLine,
    Choices,
    OptionSaid,
    merged,
    resolve_option,
    with_options,
)
from assistant.conversation.meal_items import Part, SaidItem, read_items
from assistant.conversation.meal_lexicon import read_words
from assistant.conversation.meal_request import WhichDish, item_lines, only_dish_of
from catalog.menu.menu import Dish, GroupKind, Menu

Lines = tuple[BasketLine, ...]
_VERBS_FIRST_TO_LAST = ("remove", "add", "change")  # "actually remove the salad" removes


@dataclass(frozen=True)
class BasketEdit:
    basket: Lines  # the whole basket after the edit
    not_in_basket: tuple[str, ...] = ()  # skus or sections named to change or remove, absent
    ask_which: tuple[WhichDish, ...] = ()
    unknown_words: tuple[str, ...] = ()
    unavailable_options: tuple[tuple[str, str], ...] = ()


def edit_verb(verbs: Sequence[str]) -> str | None:
    return next((verb for verb in _VERBS_FIRST_TO_LAST if verb in verbs), None)


def _targets(basket: Lines, menu: Menu, item: SaidItem) -> list[int]:
    """Positions of the basket lines the item names: its dish, or its section's lines."""
    positions = []
    for position, line in enumerate(basket):
        dish = menu.dish(line.sku)
        if line.sku == item.sku or (item.sku is None and dish and dish.category == item.category):
            positions.append(position)
    return positions


def _options_of(item: SaidItem) -> bool:
    return bool(item.options) or any(part.options for part in item.parts)


def remove_units(basket: Lines, positions: Sequence[int], count: int | None) -> Lines:
    """Take `count` units (all when None) off the lines at `positions`, in that order."""
    lines = list(basket)
    left = count
    for position in positions:
        taken = lines[position].quantity if left is None else min(left, lines[position].quantity)
        lines[position] = replace(lines[position], quantity=lines[position].quantity - taken)
        if left is not None:
            left -= taken
    return merged(lines)


def change_units(
    basket: Lines,
    positions: Sequence[int],
    count: int | None,
    change: Callable[[BasketLine], Choices],
) -> Lines:
    """Give `count` units (all when None) of the lines at `positions` their changed options; the
    units left over keep theirs."""
    lines: list[BasketLine] = []
    left = count
    for position, line in enumerate(basket):
        if position not in positions or left == 0:
            lines.append(line)
            continue
        units = line.quantity if left is None else min(left, line.quantity)
        lines.append(replace(line, quantity=line.quantity - units))
        lines.append(replace(line, quantity=units, choices=change(line)))
        if left is not None:
            left -= units
    return merged(lines)


def set_units(basket: Lines, positions: Sequence[int], total: int) -> Lines:
    """ "Finalement 3 cocas": the named dish's units become `total`; units added are like the
    last of its lines, units removed go from the last line first."""
    had = sum(basket[position].quantity for position in positions)
    if total < had:
        return remove_units(basket, positions[::-1], had - total)
    last = basket[positions[-1]]
    return merged([*basket, replace(last, quantity=total - had)])


@dataclass
class _Editor:
    menu: Menu
    basket: Lines
    verb: str | None
    every_line: bool  # "both", "toutes": an edit of a section goes on each of its lines
    not_in_basket: list[str] = field(default_factory=list)
    asks: list[WhichDish] = field(default_factory=list)
    unavailable: list[tuple[str, str]] = field(default_factory=list)

    def dish_of(self, positions: Sequence[int]) -> Dish | None:
        skus = {self.basket[position].sku for position in positions}
        return self.menu.dish(skus.pop()) if len(skus) == 1 else None

    def verb_for(self, item: SaidItem, positions: Sequence[int]) -> str:
        """The message's verb as it applies to this item. Options for a dish in the basket
        change it ("add olives on the reine"); a change of a dish not there adds it; "no coke"
        removes."""
        if item.refused:
            return "remove"
        changes_options = bool(positions) and _options_of(item) and item.quantity is None
        if self.verb in (None, "add") and changes_options:
            return "change"
        if self.verb in (None, "change") and not positions:
            return "add"
        return self.verb or "add"

    def edit(self, item: SaidItem) -> None:
        positions = _targets(self.basket, self.menu, item)
        verb = self.verb_for(item, positions)
        if verb == "add":
            self.add(item)
            return
        if not positions:
            self.not_in_basket.append(item.sku or item.category)
            return
        dish = self.dish_of(positions)
        if dish is None:
            self.edit_section(item, positions, verb)
            return
        described = self.lines_described(item, dish, positions) if verb == "remove" else []
        if described:
            self.basket = remove_units(self.basket, described[::-1], item.quantity)
        elif verb == "remove" and not _options_of(item):
            order = self.closest_first(positions, dish, item)
            self.basket = remove_units(self.basket, order, item.quantity)
        elif _options_of(item):
            self.change_options(item, positions, taking_off=verb == "remove")
        elif item.quantity:
            self.basket = set_units(self.basket, positions, item.quantity)

    def edit_section(self, item: SaidItem, positions: Sequence[int], verb: str) -> None:
        """A section whose lines hold several dishes: every line when the shopper says so
        ("add extra cheese to both pizzas", "enlève toutes les salades"), else ask which."""
        if not self.every_line:  # "enlève la salade" with two salads in the basket
            self.asks.append(WhichDish(item.category, item.quantity or 1, tuple(item.options)))
        elif _options_of(item):
            self.change_options(item, positions, taking_off=verb == "remove")
        elif verb == "remove":
            self.basket = remove_units(self.basket, positions, None)

    def lines_described(self, item: SaidItem, dish: Dish, positions: Sequence[int]) -> list[int]:
        """The lines a removal describes by their options: "enlève la grande reine", "remove
        the margherita with extra cheese" (a size, or options said after the dish), not "remove
        the olives from the reine" (options to take off)."""
        changes = [resolve_option(dish, said) for said in item.options]
        if not changes or any(change is None for change in changes):
            return []
        said_after = len(item.options) > item.options_before
        names_a_size = any(change.group.kind is GroupKind.CHOICE for change in changes if change)
        if not (said_after or names_a_size):
            return []
        said, _ = with_options(dish, (), item.options)
        return [position for position in positions if self.basket[position].choices == said]

    def closest_first(self, positions: Sequence[int], dish: Dish, item: SaidItem) -> list[int]:
        """ "Remove one margherita": a plain one before one with extra cheese; among equals,
        the line added last."""
        said, _ = with_options(dish, (), item.options)
        return sorted(
            positions, key=lambda position: (self.basket[position].choices != said, -position)
        )

    def add(self, item: SaidItem) -> None:
        dish = self.menu.dish(item.sku) if item.sku else only_dish_of(self.menu, item.category)
        if dish is None:
            self.asks.append(WhichDish(item.category, item.quantity or 1, tuple(item.options)))
            return
        result = item_lines(item, dish)
        self.unavailable.extend(result.unavailable)
        self.basket = merged([*self.basket, *result.lines])

    def change_options(self, item: SaidItem, positions: Sequence[int], taking_off: bool) -> None:
        """ "change the diavola to large" (all units), "make one of the margheritas large",
        "make the coke a large" (the part's units), "remove the olives from the reine"."""
        parts = [Part(item.quantity, tuple(item.options))] if item.options else []
        parts.extend(item.parts)
        for part in parts:
            setter = self.option_setter(part.options, taking_off)
            self.basket = change_units(self.basket, positions, part.quantity, setter)
            positions = _targets(self.basket, self.menu, item)

    def option_setter(
        self, options: tuple[OptionSaid, ...], taking_off: bool = False
    ) -> Callable[[BasketLine], Choices]:
        """The change of a line's options; `taking_off` reads "remove the olives" as "sans"."""
        if taking_off:
            options = tuple(OptionSaid(said.phrase, not said.negated) for said in options)

        def change(line: BasketLine) -> Choices:
            dish = self.menu.dish(line.sku)
            if dish is None:
                return line.choices
            choices, missing = with_options(dish, line.choices, options)
            self.unavailable.extend((dish.sku, phrase) for phrase in missing)
            return choices

        return change

    def replace_dish(self, old: SaidItem, new: SaidItem) -> None:
        """ "swap the coke for a lemonade": the new dish takes the old one's units."""
        positions = _targets(self.basket, self.menu, old)
        units = sum(self.basket[position].quantity for position in positions)
        self.basket = remove_units(self.basket, positions[::-1], old.quantity)
        new.quantity = new.quantity or old.quantity or units
        self.add(new)

    def edit_loose(self, part: Part) -> None:
        """Options or a number with no dish: "make it large", "no onions please", "make it 2";
        on the last line they fit, or on every one ("make both large")."""
        for position in reversed(range(len(self.basket))):
            line = self.basket[position]
            dish = self.menu.dish(line.sku)
            if dish is None or with_options(dish, (), part.options)[1]:
                continue
            if part.options:
                setter = self.option_setter(part.options, taking_off=self.verb == "remove")
                self.basket = change_units(self.basket, [position], part.quantity, setter)
            elif part.quantity:
                self.basket = set_units(self.basket, [position], part.quantity)
            if not self.every_line:
                return


def _replacement(items: Sequence[SaidItem], editor: _Editor) -> tuple[SaidItem, SaidItem] | None:
    """ "Remplace le coca par une limonade": a change naming a dish in the basket, then one not."""
    if editor.verb != "change" or len(items) != 2:
        return None
    old, new = items
    in_basket = [bool(_targets(editor.basket, editor.menu, item)) for item in items]
    return (old, new) if in_basket == [True, False] and not _options_of(new) else None


def read_basket_edit(text: str, language: str, menu: Menu, basket: Lines) -> BasketEdit:
    message = read_words(text, language, menu)
    said = read_items(message.words, menu)
    editor = _Editor(menu, merged(basket), edit_verb(said.verbs), said.every_line)
    replacing = _replacement(said.items, editor)
    if replacing:
        editor.replace_dish(*replacing)
    for item in said.items if not replacing else ():
        editor.edit(item)
    if not said.items:
        for part in said.loose:
            editor.edit_loose(part)
    return BasketEdit(
        editor.basket,
        tuple(editor.not_in_basket),
        tuple(editor.asks),
        message.unknown,
        tuple(editor.unavailable),
    )
