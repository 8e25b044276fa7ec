"""The shopper's cart, one per conversation, and its rules: stock, currency, line limits."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from assistant.commerce.delivery import Delivery, DeliveryFields
from assistant.commerce.errors import MixedBasket, MixedCurrencies, OutOfStock, UnknownProduct
from assistant.commerce.items import MEAL_KINDS, Item, LineKind, Stock
from assistant.kernel.clock import utcnow
from catalog.flights.models import Fare
from catalog.models import Variant

MAX_QUANTITY_PER_LINE = 99


@dataclass(frozen=True)
class PriceChange:
    sku: str
    title: str
    old_price_minor: int
    new_price_minor: int
    currency: str


class Cart(DeliveryFields, table=True):
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(index=True, unique=True, max_length=200)
    updated_at: datetime = Field(default_factory=utcnow)

    lines: list["CartLine"] = Relationship(
        back_populates="cart",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "CartLine.id"},
    )

    def line_keyed(self, line_key: str) -> "CartLine | None":
        return next((line for line in self.lines if line.line_key == line_key), None)

    def add(self, variant: Variant, quantity: int) -> "CartLine":
        """Add units of a product variant, merging with its line."""
        return self.add_item(Item.of_variant(variant), quantity)

    def add_item(self, item: Item, quantity: int) -> "CartLine":
        """Add units of an item, merging with the line of the same key; stock must cover them."""
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        self._refuse_mixing(item)
        line = self.line_keyed(item.line_key)
        wanted = quantity + (line.quantity if line else 0)
        if item.stock is not None and not item.stock.can_supply(wanted):
            raise _out_of_stock(item.sku, item.title, item.stock, wanted)
        if any(other.currency != item.currency for other in self.lines):
            raise MixedCurrencies(f"{item.sku} is priced in {item.currency}", sku=item.sku)
        if line is None:
            line = CartLine(
                kind=item.kind,
                sku=item.sku,
                title=item.title,
                line_key=item.line_key,
                details=dict(item.details),
                variant_id=item.variant.id if item.variant is not None else None,
                variant=item.variant,
                fare_id=item.fare.id if item.fare is not None else None,
                fare=item.fare,
                quantity=0,
                unit_price_minor=item.unit_price_minor,
                currency=item.currency,
            )
            self.lines.append(line)
        line.quantity = min(wanted, MAX_QUANTITY_PER_LINE)
        self.updated_at = utcnow()
        return line

    def set_quantity(self, line_key: str, quantity: int) -> None:
        """Change a line to `quantity` units (0 removes it); more units must be in stock."""
        if quantity < 0:
            raise ValueError("quantity cannot be negative")
        line = self.line_keyed(line_key)
        if line is None:
            raise UnknownProduct(f"{line_key!r} is not in the cart", sku=line_key)
        if quantity == 0:
            self.lines.remove(line)
            if not self.kinds & MEAL_KINDS:
                self.set_delivery(None, None)  # the last dish gone: nothing to deliver
        else:
            stock = line.stock
            if quantity > line.quantity and stock is not None and not stock.can_supply(quantity):
                raise _out_of_stock(line.sku, line.title, stock, quantity)
            line.quantity = min(quantity, MAX_QUANTITY_PER_LINE)
        self.updated_at = utcnow()

    def reprice(self, unstocked_prices: Mapping[str, int] | None = None) -> list[PriceChange]:
        """Bring line prices to the current ones, reporting every line that moved.

        Stocked lines read their price from what holds their stock; the others (a dish and its
        options) from `unstocked_prices`, by line key, worked out by the caller from the menu.
        """
        changes = []
        for line in self.lines:
            stock = line.stock
            if stock is not None:
                current: int | None = stock.effective_price_minor
            else:
                current = (unstocked_prices or {}).get(line.line_key)
            if current is not None and current != line.unit_price_minor:
                changes.append(
                    PriceChange(line.sku, line.title, line.unit_price_minor, current, line.currency)
                )
                line.unit_price_minor = current
        return changes

    @property
    def kinds(self) -> set[LineKind]:
        return {LineKind(line.kind) for line in self.lines}

    @property
    def goods_kinds(self) -> set[LineKind]:
        """What the cart sells, fees aside."""
        return self.kinds - {LineKind.FEE}

    @property
    def subtotal_minor(self) -> int:
        """The goods' total, before any fee (what a restaurant's minimum order counts)."""
        return sum(line.total_minor for line in self.lines if line.kind != LineKind.FEE)

    def _refuse_mixing(self, item: Item) -> None:
        """A meal is paid on its own: no goods or tickets beside it, and the reverse."""
        adding = item.kind
        if adding == LineKind.FEE:
            return
        for kind in self.goods_kinds:
            if (kind in MEAL_KINDS) != (adding in MEAL_KINDS):
                raise MixedBasket(
                    f"a {adding} cannot join a cart holding a {kind}",
                    in_cart=str(kind),
                    adding=str(adding),
                    title=item.title,
                )

    def set_delivery(self, delivery: Delivery | None, fee: Item | None) -> None:
        """How the meal reaches the shopper, and its fee (a FEE line, replaced each time)."""
        if delivery is not None and not self.kinds & MEAL_KINDS:
            raise ValueError("only a meal is delivered by the restaurant")
        self.lines[:] = [line for line in self.lines if line.kind != LineKind.FEE]
        self.keep_delivery(delivery)
        if fee is not None and fee.unit_price_minor > 0:
            self.add_item(fee, 1)
        self.updated_at = utcnow()


class CartLine(SQLModel, table=True):
    __tablename__ = "cart_line"
    __table_args__ = (UniqueConstraint("cart_id", "line_key"),)

    id: int | None = Field(default=None, primary_key=True)
    # Set through `cart.lines`; None only until the line is flushed with its cart.
    cart_id: int | None = Field(default=None, foreign_key="cart.id", index=True, nullable=False)
    kind: str = Field(default=LineKind.PRODUCT, max_length=20)
    sku: str = Field(max_length=100)  # the variant's SKU, the fare's code, the dish's SKU
    title: str = Field(max_length=300)  # as the shopper reads it: "Margherita (large)"
    line_key: str = Field(max_length=300)  # lines with the same key merge
    # What the line needs beyond its SKU: a dish's options, a flight's passengers.
    details: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    variant_id: int | None = Field(default=None, foreign_key="variant.id")
    fare_id: int | None = Field(default=None, foreign_key="fare.id")
    quantity: int
    # The price the shopper saw when adding: checkout refuses if the catalog price moved since.
    unit_price_minor: int
    currency: str = Field(max_length=3)

    cart: "Cart" = Relationship(back_populates="lines")
    variant: Variant | None = Relationship()
    fare: Fare | None = Relationship()

    @property
    def stock(self) -> Stock | None:
        """What holds this line's units: its variant or its fare's seats; None for a dish."""
        return self.variant if self.variant is not None else self.fare

    @property
    def total_minor(self) -> int:
        return self.unit_price_minor * self.quantity


def _out_of_stock(sku: str, title: str, stock: Stock, wanted: int) -> OutOfStock:
    available = stock.units_left or 0
    return OutOfStock(
        f"{sku} has {available} left, {wanted} wanted",
        sku=sku,
        title=title,
        available=available,
    )
