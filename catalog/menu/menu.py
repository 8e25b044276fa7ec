"""A restaurant's menu as values: what a menu feed reads into, what the database stores and what
the understanding of "2 margheritas, one with extra cheese" matches words against.

Names are kept per language because a menu is read in the shopper's language ("supplément
fromage", "extra cheese"); a merchant who writes one language only leaves the other empty and the
one written is used for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum


@dataclass(frozen=True)
class Names:
    en: str
    fr: str = ""

    def in_language(self, language: str) -> str:
        """The name in `language`, or the other one when the merchant wrote only one."""
        wanted = self.fr if language == "fr" else self.en
        return wanted or self.en or self.fr


class GroupKind(StrEnum):
    CHOICE = "choice"  # pick one or more of these (a size, a sauce); may be required
    EXTRA = "extra"  # add-ons, usually with a price
    REMOVAL = "removal"  # "no onions": takes an ingredient out, never costs anything


@dataclass(frozen=True)
class Modifier:
    code: str  # stable within its group: "extra-cheese", "large"
    names: Names
    price_delta_minor: int = 0  # added to the dish's price per unit; may be negative


@dataclass(frozen=True)
class ModifierGroup:
    code: str  # stable within the dish: "size", "extras", "removals"
    names: Names
    kind: GroupKind
    modifiers: tuple[Modifier, ...]
    min_choices: int = 0  # 1 or more: the shopper must choose (asked with quick replies)
    max_choices: int = 1
    default: str | None = None  # code chosen when the shopper says nothing ("medium")

    @property
    def required(self) -> bool:
        return self.min_choices > 0 and self.default is None


@dataclass(frozen=True)
class Hours:
    """One opening window on one day of the week (0 = Monday), in the restaurant's time zone."""

    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True)
class Dish:
    sku: str
    names: Names
    category: str  # "pizza", "salad", "drink", "dessert": the menu's own sections
    price_minor: int
    currency: str
    description: Names = Names("")
    # Allergens by the EU's 14 names in English ("gluten", "milk", "nuts", "eggs", ...).
    allergens: tuple[str, ...] = ()
    # Other facts a shopper asks about: "vegetarian", "spicy", "contains-meat".
    labels: tuple[str, ...] = ()
    modifier_groups: tuple[ModifierGroup, ...] = ()
    # When the dish can be ordered; empty means whenever the restaurant is open.
    available: tuple[Hours, ...] = ()


@dataclass(frozen=True)
class Restaurant:
    slug: str
    name: str
    timezone: str  # IANA name
    currency: str
    address: str
    opening_hours: tuple[Hours, ...]
    delivery_postcodes: frozenset[str]
    delivery_fee_minor: int
    minimum_order_minor: int  # for delivery; pickup has none
    preparation_minutes: int
    delivery_minutes: int = 30  # on top of preparation, for a delivery
    pickup: bool = True


@dataclass(frozen=True)
class Menu:
    restaurant: Restaurant
    dishes: tuple[Dish, ...] = field(default=())

    def dish(self, sku: str) -> Dish | None:
        return next((dish for dish in self.dishes if dish.sku == sku), None)
