"""Basket lines of a meal order and the options said on them.

A line holds the options the shopper chose, by group code; a choice equal to its group's
default ("medium") is the same unit as saying nothing, so it is not kept. Units with different
options are separate lines, identical units are one line with a quantity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from assistant.conversation.meal_lexicon import option_phrases
from assistant.conversation.meal_words import meal_words
from catalog.menu.menu import Dish, GroupKind, Modifier, ModifierGroup

Choices = tuple[tuple[str, tuple[str, ...]], ...]  # (group code, modifier codes), sorted


@dataclass(frozen=True)
class BasketLine:
    sku: str
    quantity: int
    choices: Choices = ()

    def chosen(self, group_code: str) -> tuple[str, ...]:
        return dict(self.choices).get(group_code, ())


@dataclass(frozen=True)
class OptionSaid:
    """An option as the message says it: its phrase, and whether "without"/"sans" came before."""

    phrase: str
    negated: bool


@dataclass(frozen=True)
class OptionChange:
    group: ModifierGroup
    modifier: Modifier
    put_on: bool  # False takes it off ("no extra cheese after all", "with onions after all")


@cache
def _phrases_of(modifier: Modifier) -> frozenset[tuple[str, ...]]:
    return option_phrases(modifier, meal_words())


def _holding(dish: Dish, phrase: str, kinds: set[GroupKind]) -> OptionChange | None:
    key = tuple(phrase.split())
    for group in dish.modifier_groups:
        if group.kind not in kinds:
            continue
        for modifier in group.modifiers:
            if key in _phrases_of(modifier):
                return OptionChange(group, modifier, put_on=True)
    return None


def _is_chosen(choices: Choices, change: OptionChange | None) -> bool:
    return change is not None and change.modifier.code in dict(choices).get(change.group.code, ())


def resolve_option(dish: Dish, said: OptionSaid, choices: Choices = ()) -> OptionChange | None:
    """What `said` does to `dish`: "sans olives" adds the removal, "olives" the extra; a negated
    extra already chosen ("remove the olives") or a named removal undoes it. None when the dish
    has no such option."""
    removal = _holding(dish, said.phrase, {GroupKind.REMOVAL})
    other = _holding(dish, said.phrase, {GroupKind.CHOICE, GroupKind.EXTRA})
    if said.negated:
        if removal is not None and not _is_chosen(choices, other):
            return removal
        return replace(other, put_on=False) if other is not None else None
    if other is not None:
        return other
    return replace(removal, put_on=False) if removal is not None else None


def normalized(dish: Dish, choices: dict[str, set[str]]) -> Choices:
    """Sorted, without empty groups nor a choice equal to its group's default."""
    defaults = {group.code: group.default for group in dish.modifier_groups}
    kept = []
    for group_code, codes in sorted(choices.items()):
        if codes and codes != {defaults.get(group_code)}:
            kept.append((group_code, tuple(sorted(codes))))
    return tuple(kept)


def apply_change(dish: Dish, choices: Choices, change: OptionChange) -> Choices:
    current = {group: set(codes) for group, codes in choices}
    codes = current.setdefault(change.group.code, set())
    if not change.put_on:
        codes.discard(change.modifier.code)
    elif change.group.kind is GroupKind.CHOICE and change.group.max_choices == 1:
        current[change.group.code] = {change.modifier.code}
    else:
        codes.add(change.modifier.code)
    return normalized(dish, current)


def with_options(
    dish: Dish, choices: Choices, options: Iterable[OptionSaid]
) -> tuple[Choices, tuple[str, ...]]:
    """`choices` with `options` applied in order, and the options the dish does not have."""
    missing: list[str] = []
    for said in options:
        change = resolve_option(dish, said, choices)
        if change is None:
            missing.append(said.phrase)
        else:
            choices = apply_change(dish, choices, change)
    return choices, tuple(missing)


def merged(lines: Iterable[BasketLine]) -> tuple[BasketLine, ...]:
    """Identical units on one line, in the order they were first said; empty lines dropped."""
    totals: dict[tuple[str, Choices], int] = {}
    for line in lines:
        key = (line.sku, line.choices)
        totals[key] = totals.get(key, 0) + line.quantity
    return tuple(
        BasketLine(sku, quantity, choices)
        for (sku, choices), quantity in totals.items()
        if quantity > 0
    )
