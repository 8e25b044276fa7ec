"""The demo pizzeria's menu as values, for the meal tests and the meal-orders benchmark.

Built from the issue's description (the demo menu file is written to match it): a pizzeria in
Paris delivering to 75001–75011, open 11:30–14:30 and 18:30–22:30 every day. Allergens and
labels are the issue's (Pesto nuts, Reine meat, Diavola spicy), plus what the dishes plainly are
(pizza dough has gluten, the Diavola's salami is meat, a Margherita is vegetarian); what the issue
does not say (a Calzone's filling, a Caesar's) is left unsaid rather than guessed.
"""

from __future__ import annotations

from datetime import time

from catalog.menu.menu import (
    Dish,
    GroupKind,
    Hours,
    Menu,
    Modifier,
    ModifierGroup,
    Names,
    Restaurant,
)

CURRENCY = "EUR"
LUNCH = (time(11, 30), time(14, 30))
DINNER = (time(18, 30), time(22, 30))

PIZZA_SIZE = ModifierGroup(
    code="size",
    names=Names("Size", "Taille"),
    kind=GroupKind.CHOICE,
    modifiers=(
        Modifier("medium", Names("medium", "moyenne")),
        Modifier("large", Names("large", "grande"), 400),
    ),
    min_choices=1,
    default="medium",
)
PIZZA_EXTRAS = ModifierGroup(
    code="extras",
    names=Names("Extras", "Suppléments"),
    kind=GroupKind.EXTRA,
    modifiers=(
        Modifier("extra-cheese", Names("extra cheese", "supplément fromage"), 150),
        Modifier("mushrooms", Names("mushrooms", "champignons"), 100),
        Modifier("olives", Names("olives", "olives"), 100),
        Modifier("spicy-oil", Names("spicy oil", "huile pimentée"), 50),
    ),
    max_choices=4,
)
PIZZA_REMOVALS = ModifierGroup(
    code="removals",
    names=Names("Without", "Sans"),
    kind=GroupKind.REMOVAL,
    modifiers=(
        Modifier("no-onions", Names("no onions", "sans oignons")),
        Modifier("no-olives", Names("no olives", "sans olives")),
    ),
    max_choices=2,
)
DRINK_SIZE = ModifierGroup(
    code="size",
    names=Names("Size", "Taille"),
    kind=GroupKind.CHOICE,
    modifiers=(
        Modifier("small", Names("small", "petit")),
        Modifier("large", Names("large", "grand"), 100),
    ),
    min_choices=1,
    default="small",
)
PIZZA_GROUPS = (PIZZA_SIZE, PIZZA_EXTRAS, PIZZA_REMOVALS)
PLANT_BASED = ("vegetarian", "vegan")


def _pizza(
    sku: str, en: str, fr: str, price: int, allergens: tuple[str, ...], labels: tuple[str, ...]
) -> Dish:
    return Dish(
        sku, Names(en, fr), "pizza", price, CURRENCY, allergens=("gluten", "milk", *allergens),
        labels=labels, modifier_groups=PIZZA_GROUPS,
    )  # fmt: skip


def _dish(
    sku: str,
    en: str,
    fr: str,
    category: str,
    price: int,
    allergens: tuple[str, ...] = (),
    labels: tuple[str, ...] = (),
) -> Dish:
    groups = (DRINK_SIZE,) if category == "drink" else ()
    return Dish(
        sku, Names(en, fr), category, price, CURRENCY, allergens=allergens, labels=labels,
        modifier_groups=groups,
    )  # fmt: skip


DISHES = (
    _pizza("pizza-margherita", "Margherita", "Margherita", 950, (), ("vegetarian",)),
    _pizza("pizza-reine", "Reine", "Reine", 1150, (), ("contains-meat",)),
    _pizza("pizza-4-fromages", "Quatre fromages", "Quatre fromages", 1250, (), ("vegetarian",)),
    _pizza("pizza-calzone", "Calzone", "Calzone", 1200, (), ()),
    # Spicy salami is meat: the label says so, whatever the short list left out.
    _pizza("pizza-diavola", "Diavola", "Diavola", 1200, (), ("spicy", "contains-meat")),
    _pizza("pizza-vegetarienne", "Végétarienne", "Végétarienne", 1100, (), ("vegetarian",)),
    _pizza("pizza-pesto", "Pesto", "Pesto", 1150, ("nuts",), ("vegetarian",)),
    _dish("salad-caesar", "Caesar salad", "Salade César", "salad", 1050),
    _dish("salad-nicoise", "Niçoise salad", "Salade niçoise", "salad", 1100),
    _dish("salad-chevre", "Chèvre chaud salad", "Salade de chèvre chaud", "salad", 1050,
          allergens=("milk", "gluten"), labels=("vegetarian",)),
    _dish("drink-cola", "Cola", "Cola", "drink", 300, labels=PLANT_BASED),
    _dish("drink-cola-zero", "Cola zero", "Cola zero", "drink", 300, labels=PLANT_BASED),
    _dish("drink-sparkling-water", "Sparkling water", "Eau gazeuse", "drink", 250,
          labels=PLANT_BASED),
    _dish("drink-lemonade", "Lemonade", "Limonade", "drink", 300, labels=PLANT_BASED),
    _dish("dessert-tiramisu", "Tiramisu", "Tiramisu", "dessert", 650,
          allergens=("eggs", "milk", "gluten"), labels=("vegetarian",)),
    _dish("dessert-panna-cotta", "Panna cotta", "Panna cotta", "dessert", 600,
          allergens=("milk",), labels=("vegetarian",)),
    _dish("dessert-chocolate-mousse", "Chocolate mousse", "Mousse au chocolat", "dessert", 600,
          allergens=("eggs", "milk"), labels=("vegetarian",)),
)  # fmt: skip


def pizzeria_menu() -> Menu:
    every_day = tuple(Hours(day, *window) for day in range(7) for window in (LUNCH, DINNER))
    restaurant = Restaurant(
        slug="pizzeria-demo",
        name="Pizzeria Demo",
        timezone="Europe/Paris",
        currency=CURRENCY,
        address="12 rue de Rivoli, 75001 Paris",
        opening_hours=every_day,
        delivery_postcodes=frozenset(f"750{n:02d}" for n in range(1, 12)),
        delivery_fee_minor=250,
        minimum_order_minor=1500,
        preparation_minutes=20,
    )
    return Menu(restaurant, DISHES)
