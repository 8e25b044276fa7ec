"""The shopper's cart, one per conversation, and its rules: stock, currency, line limits."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from assistant.commerce.errors import MixedCurrencies, OutOfStock, UnknownProduct
from assistant.kernel.clock import utcnow
from catalog.models import Variant

MAX_QUANTITY_PER_LINE = 99


@dataclass(frozen=True)
class PriceChange:
    sku: str
    title: str
    old_price_minor: int
    new_price_minor: int
    currency: str


class Cart(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(index=True, unique=True, max_length=200)
    updated_at: datetime = Field(default_factory=utcnow)

    lines: list["CartLine"] = Relationship(
        back_populates="cart",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "CartLine.id"},
    )

    def line_for(self, variant: Variant) -> "CartLine | None":
        return next((line for line in self.lines if line.variant_id == variant.id), None)

    def add(self, variant: Variant, quantity: int) -> "CartLine":
        """Add units of a variant, merging with its line; the stock must cover the new total."""
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        line = self.line_for(variant)
        wanted = quantity + (line.quantity if line else 0)
        if not variant.can_supply(wanted):
            raise _out_of_stock(variant, wanted)
        if any(other.currency != variant.currency for other in self.lines):
            raise MixedCurrencies(f"{variant.sku} is priced in {variant.currency}", sku=variant.sku)
        if line is None:
            assert variant.id is not None
            line = CartLine(
                variant_id=variant.id,
                variant=variant,
                quantity=0,
                unit_price_minor=variant.effective_price_minor,
                currency=variant.currency,
            )
            self.lines.append(line)
        line.quantity = min(wanted, MAX_QUANTITY_PER_LINE)
        self.updated_at = utcnow()
        return line

    def set_quantity(self, variant: Variant, quantity: int) -> None:
        """Change a line to `quantity` units (0 removes it); more units must be in stock."""
        if quantity < 0:
            raise ValueError("quantity cannot be negative")
        line = self.line_for(variant)
        if line is None:
            raise UnknownProduct(f"{variant.sku!r} is not in the cart", sku=variant.sku)
        if quantity == 0:
            self.lines.remove(line)
        else:
            if quantity > line.quantity and not variant.can_supply(quantity):
                raise _out_of_stock(variant, quantity)
            line.quantity = min(quantity, MAX_QUANTITY_PER_LINE)
        self.updated_at = utcnow()

    def reprice(self) -> list[PriceChange]:
        """Bring line prices to the catalog's current ones, reporting every line that moved."""
        changes = []
        for line in self.lines:
            current = line.variant.effective_price_minor
            if current != line.unit_price_minor:
                changes.append(
                    PriceChange(
                        line.variant.sku,
                        line.variant.product.title,
                        line.unit_price_minor,
                        current,
                        line.currency,
                    )
                )
                line.unit_price_minor = current
        return changes


class CartLine(SQLModel, table=True):
    __tablename__ = "cart_line"
    __table_args__ = (UniqueConstraint("cart_id", "variant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    # Set through `cart.lines`; None only until the line is flushed with its cart.
    cart_id: int | None = Field(default=None, foreign_key="cart.id", index=True, nullable=False)
    variant_id: int = Field(foreign_key="variant.id")
    quantity: int
    # The price the shopper saw when adding: checkout refuses if the catalog price moved since.
    unit_price_minor: int
    currency: str = Field(max_length=3)

    cart: "Cart" = Relationship(back_populates="lines")
    variant: Variant = Relationship()

    @property
    def total_minor(self) -> int:
        return self.unit_price_minor * self.quantity


def _out_of_stock(variant: Variant, wanted: int) -> OutOfStock:
    return OutOfStock(
        f"{variant.sku} has {variant.stock or 0} in stock, {wanted} wanted",
        sku=variant.sku,
        title=variant.product.title,
        available=variant.stock or 0,
    )
