"""The shopper's cart, one per conversation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from assistant.commerce.errors import MixedCurrencies, OutOfStock, UnknownProduct
from assistant.commerce.models import Cart, CartLine
from catalog.models import Variant, utcnow

MAX_QUANTITY_PER_LINE = 99


@dataclass(frozen=True)
class CartLineView:
    sku: str
    title: str
    color: str
    size: str
    quantity: int
    unit_price_minor: int
    currency: str

    @property
    def total_minor(self) -> int:
        return self.unit_price_minor * self.quantity


@dataclass(frozen=True)
class CartView:
    conversation_id: str
    lines: tuple[CartLineView, ...]

    @property
    def total_minor(self) -> int:
        return sum(line.total_minor for line in self.lines)

    @property
    def currency(self) -> str | None:
        return self.lines[0].currency if self.lines else None

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


def get_or_create_cart(session: Session, conversation_id: str) -> Cart:
    cart = session.exec(select(Cart).where(Cart.conversation_id == conversation_id)).first()
    if cart is None:
        cart = Cart(conversation_id=conversation_id)
        session.add(cart)
        session.flush()
    return cart


def add_to_cart(session: Session, conversation_id: str, sku: str, quantity: int = 1) -> CartView:
    """Add `quantity` of a variant, merging with a line already in the cart."""
    if quantity < 1:
        raise ValueError("quantity must be at least 1")
    variant = session.exec(select(Variant).where(Variant.sku == sku)).first()
    if variant is None:
        raise UnknownProduct(f"no product with SKU {sku!r}", sku=sku)
    cart = get_or_create_cart(session, conversation_id)
    line = next((line for line in cart.lines if line.variant_id == variant.id), None)
    wanted = quantity + (line.quantity if line else 0)
    if not variant.purchasable or (variant.stock is not None and variant.stock < wanted):
        raise OutOfStock(
            f"{sku} has {variant.stock or 0} in stock, {wanted} wanted",
            sku=sku,
            title=variant.product.title,
            available=variant.stock or 0,
        )
    if any(other.currency != variant.currency for other in cart.lines):
        raise MixedCurrencies(f"{sku} is priced in {variant.currency}", sku=sku)
    if line is None:
        assert variant.id is not None
        line = CartLine(
            variant_id=variant.id,
            quantity=0,
            unit_price_minor=variant.effective_price_minor,
            currency=variant.currency,
        )
        cart.lines.append(line)
    line.quantity = min(wanted, MAX_QUANTITY_PER_LINE)
    cart.updated_at = utcnow()
    session.flush()
    return view_cart(session, conversation_id)


def set_quantity(session: Session, conversation_id: str, sku: str, quantity: int) -> CartView:
    """Change a line to `quantity` units (0 removes it); more units must be in stock."""
    if quantity < 0:
        raise ValueError("quantity cannot be negative")
    cart = session.exec(select(Cart).where(Cart.conversation_id == conversation_id)).first()
    variant = session.exec(select(Variant).where(Variant.sku == sku)).first()
    line = None
    if cart is not None and variant is not None:
        line = next((line for line in cart.lines if line.variant_id == variant.id), None)
    if cart is None or variant is None or line is None:
        raise UnknownProduct(f"{sku!r} is not in the cart", sku=sku)
    if quantity == 0:
        cart.lines.remove(line)
    else:
        if quantity > line.quantity and variant.stock is not None and variant.stock < quantity:
            raise OutOfStock(
                f"{sku} has {variant.stock} in stock, {quantity} wanted",
                sku=sku,
                title=variant.product.title,
                available=variant.stock,
            )
        line.quantity = min(quantity, MAX_QUANTITY_PER_LINE)
    cart.updated_at = utcnow()
    session.flush()
    return view_cart(session, conversation_id)


def view_cart(session: Session, conversation_id: str) -> CartView:
    cart = session.exec(select(Cart).where(Cart.conversation_id == conversation_id)).first()
    if cart is None:
        return CartView(conversation_id, ())
    lines = []
    for line in cart.lines:
        variant = session.get(Variant, line.variant_id)
        assert variant is not None
        lines.append(
            CartLineView(
                sku=variant.sku,
                title=variant.product.title,
                color=variant.color,
                size=variant.size,
                quantity=line.quantity,
                unit_price_minor=line.unit_price_minor,
                currency=line.currency,
            )
        )
    return CartView(conversation_id, tuple(lines))


@dataclass(frozen=True)
class PriceChange:
    sku: str
    title: str
    old_price_minor: int
    new_price_minor: int
    currency: str


def reprice_cart(session: Session, conversation_id: str) -> list[PriceChange]:
    """Bring cart prices to the catalog's current ones, reporting every line that moved."""
    cart = session.exec(select(Cart).where(Cart.conversation_id == conversation_id)).first()
    changes: list[PriceChange] = []
    for line in cart.lines if cart else []:
        variant = session.get(Variant, line.variant_id)
        assert variant is not None
        if variant.effective_price_minor != line.unit_price_minor:
            changes.append(
                PriceChange(
                    variant.sku,
                    variant.product.title,
                    line.unit_price_minor,
                    variant.effective_price_minor,
                    line.currency,
                )
            )
            line.unit_price_minor = variant.effective_price_minor
    return changes
