"""What one dish with the shopper's choices costs, and how it is called on the order.

`price_of(dish, {"size": ["large"], "extras": ["extra-cheese"]})` fills in the defaults
(medium, small), checks every group's rules and returns the unit price and the line's label in
both languages. A choice that breaks a rule raises a `ChoiceError` naming the dish and group,
so the conversation can ask the missing group with quick replies built from `error.group`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from catalog.menu.menu import Dish, Modifier, ModifierGroup, Names


class ChoiceError(ValueError):
    """The shopper's choices for a dish break one of its groups' rules."""

    def __init__(self, dish: Dish, group: ModifierGroup | None, message: str) -> None:
        super().__init__(f"{dish.sku}: {message}")
        self.dish, self.group = dish, group


class UnknownGroup(ChoiceError):
    def __init__(self, dish: Dish, code: str) -> None:
        known = ", ".join(group.code for group in dish.modifier_groups) or "none"
        super().__init__(dish, None, f'no group "{code}" (groups: {known})')
        self.code = code


class UnknownModifier(ChoiceError):
    def __init__(self, dish: Dish, group: ModifierGroup, code: str) -> None:
        known = ", ".join(modifier.code for modifier in group.modifiers)
        super().__init__(dish, group, f'"{code}" is not in group "{group.code}" ({known})')
        self.code = code


class MissingChoice(ChoiceError):
    """A required group the shopper said nothing about: ask it."""

    def __init__(self, dish: Dish, group: ModifierGroup) -> None:
        super().__init__(dish, group, f'choose a "{group.code}"')


class TooFewChoices(ChoiceError):
    def __init__(self, dish: Dish, group: ModifierGroup, count: int) -> None:
        super().__init__(
            dish, group, f'{count} chosen in "{group.code}", at least {group.min_choices}'
        )
        self.count = count


class TooManyChoices(ChoiceError):
    def __init__(self, dish: Dish, group: ModifierGroup, count: int) -> None:
        super().__init__(
            dish, group, f'{count} chosen in "{group.code}", at most {group.max_choices}'
        )
        self.count = count


class RepeatedChoice(ChoiceError):
    def __init__(self, dish: Dish, group: ModifierGroup, code: str) -> None:
        super().__init__(dish, group, f'"{code}" chosen twice in "{group.code}"')
        self.code = code


@dataclass(frozen=True)
class PricedChoice:
    dish: Dish
    # Every group with what applies to it, defaults included, in the dish's group order;
    # groups with nothing chosen are left out. This is what a cart line stores.
    choices: tuple[tuple[str, tuple[str, ...]], ...]
    modifiers: tuple[Modifier, ...]  # the chosen ones, in the same order
    unit_price_minor: int
    currency: str
    label: Names  # "Margherita (large, extra cheese, no onions)"

    def chosen(self) -> dict[str, list[str]]:
        """The choices as a mapping, as `price_of` takes them back."""
        return {group: list(codes) for group, codes in self.choices}


def price_of(dish: Dish, chosen: Mapping[str, Sequence[str]]) -> PricedChoice:
    """The dish with `chosen` (group code -> modifier codes), checked and priced per unit."""
    groups = {group.code: group for group in dish.modifier_groups}
    for code in chosen:
        if code not in groups:
            raise UnknownGroup(dish, code)
    choices: list[tuple[str, tuple[str, ...]]] = []
    modifiers: list[Modifier] = []
    for group in dish.modifier_groups:
        picked = _resolve(dish, group, chosen.get(group.code) or ())
        if picked:
            choices.append((group.code, tuple(modifier.code for modifier in picked)))
            modifiers.extend(picked)
    price = dish.price_minor + sum(modifier.price_delta_minor for modifier in modifiers)
    return PricedChoice(
        dish=dish,
        choices=tuple(choices),
        modifiers=tuple(modifiers),
        unit_price_minor=price,
        currency=dish.currency,
        label=Names(_label(dish, modifiers, "en"), _label(dish, modifiers, "fr")),
    )


def _resolve(dish: Dish, group: ModifierGroup, codes: Sequence[str]) -> list[Modifier]:
    """The group's chosen modifiers: saying nothing takes the default, if there is one."""
    if isinstance(codes, str):  # {"size": "large"}: one code, not its letters
        codes = (codes,)
    if not codes and group.default is not None:
        codes = (group.default,)
    by_code = {modifier.code: modifier for modifier in group.modifiers}
    picked: list[Modifier] = []
    for code in codes:
        if code not in by_code:
            raise UnknownModifier(dish, group, code)
        if by_code[code] in picked:
            raise RepeatedChoice(dish, group, code)
        picked.append(by_code[code])
    if not picked and group.min_choices:
        raise MissingChoice(dish, group)
    if len(picked) < group.min_choices:
        raise TooFewChoices(dish, group, len(picked))
    if len(picked) > group.max_choices:
        raise TooManyChoices(dish, group, len(picked))
    return picked


def _label(dish: Dish, modifiers: Sequence[Modifier], language: str) -> str:
    name = dish.names.in_language(language)
    if not modifiers:
        return name
    # Modifier names start capitalised on the menu; inside brackets they read as words.
    words = [_lower_first(modifier.names.in_language(language)) for modifier in modifiers]
    return f"{name} ({', '.join(words)})"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
