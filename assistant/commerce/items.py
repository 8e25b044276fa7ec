"""What a cart or order line can hold: a product variant, a flight's fare, a dish with its options.

The cart and the order treat them alike (a price, a quantity, a line the shopper reads); they
differ in what holds their stock (a variant's units, a fare's seats, nothing for a dish cooked to
order) and in the details the line keeps (the dish's options, the passengers' names).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from catalog.flights.models import Fare
from catalog.models import Variant


class LineKind(StrEnum):
    PRODUCT = "product"
    FLIGHT = "flight"
    MEAL = "meal"
    # What the shop charges on top of the goods: a meal's delivery. No stock, quantity 1; kept
    # as a line so the total stays the sum of the lines (payment page, receipt, refunds).
    FEE = "fee"


# Paid on their own (see docs/meals.md, "Mixed baskets"): a meal is cooked and delivered within
# the hour and its order moves through kitchen states goods and tickets do not have.
MEAL_KINDS = frozenset({LineKind.MEAL})


class Stock(Protocol):
    """Units an order can hold for the payment window: a variant's stock, a fare's seats."""

    @property
    def effective_price_minor(self) -> int: ...

    @property
    def units_left(self) -> int | None: ...  # None: not counted, no limit

    def can_supply(self, quantity: int) -> bool: ...

    def reserve(self, quantity: int) -> None: ...

    def release(self, quantity: int) -> None: ...


@dataclass(frozen=True)
class Item:
    """One thing to put in a cart, priced now.

    `line_key` decides merging: two margheritas with extra cheese share a line, a plain one
    gets its own; a product's key is its SKU.
    """

    kind: LineKind
    sku: str
    title: str
    unit_price_minor: int
    currency: str
    line_key: str
    details: Mapping[str, Any] = field(default_factory=dict)
    variant: Variant | None = None
    fare: Fare | None = None

    @property
    def stock(self) -> Stock | None:
        """A variant's units or a fare's seats; None for a dish cooked to order."""
        return self.variant if self.variant is not None else self.fare

    @classmethod
    def of_variant(cls, variant: Variant) -> Item:
        return cls(
            kind=LineKind.PRODUCT,
            sku=variant.sku,
            title=variant.product.title,
            unit_price_minor=variant.effective_price_minor,
            currency=variant.currency,
            line_key=variant.sku,
            variant=variant,
        )
