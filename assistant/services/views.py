"""What the use cases return: frozen snapshots, safe to use after their transaction ended."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assistant.commerce.cart import Cart
from assistant.commerce.delivery import Delivery
from assistant.commerce.items import MEAL_KINDS, LineKind
from assistant.commerce.order import CANCELLABLE, Order, OrderLine, OrderStatus
from catalog.models import Product


@dataclass(frozen=True)
class LineView:
    """A cart or order line as the shopper reads it."""

    sku: str
    title: str
    color: str
    size: str
    quantity: int
    unit_price_minor: int
    kind: LineKind = LineKind.PRODUCT
    # A dish's options, a flight's passengers (as stored on the line).
    details: tuple[tuple[str, Any], ...] = ()

    @property
    def total_minor(self) -> int:
        return self.unit_price_minor * self.quantity


@dataclass(frozen=True)
class CartLineView(LineView):
    currency: str = ""
    key: str = ""  # which line: a product's SKU, a dish with its options


@dataclass(frozen=True)
class CartView:
    conversation_id: str
    lines: tuple[CartLineView, ...]
    delivery: Delivery | None = None  # a meal's, once the shopper gave it

    @classmethod
    def of(cls, conversation_id: str, cart: Cart | None) -> CartView:
        lines = cart.lines if cart is not None else []
        return cls(
            conversation_id,
            tuple(
                CartLineView(
                    sku=line.sku,
                    title=line.title,
                    color=line.variant.color if line.variant is not None else "",
                    size=line.variant.size if line.variant is not None else "",
                    quantity=line.quantity,
                    unit_price_minor=line.unit_price_minor,
                    kind=LineKind(line.kind),
                    details=tuple(sorted(line.details.items())),
                    currency=line.currency,
                    key=line.line_key,
                )
                for line in lines
            ),
            cart.delivery if cart is not None else None,
        )

    @property
    def total_minor(self) -> int:
        return sum(line.total_minor for line in self.lines)

    @property
    def subtotal_minor(self) -> int:
        """The goods and dishes, before any fee."""
        return sum(line.total_minor for line in self.lines if line.kind != LineKind.FEE)

    @property
    def has_meal(self) -> bool:
        return any(line.kind in MEAL_KINDS for line in self.lines)

    @property
    def currency(self) -> str | None:
        return self.lines[0].currency if self.lines else None

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines if line.kind != LineKind.FEE)

    def line(self, key: str) -> CartLineView:
        return next(line for line in self.lines if line.key == key)


@dataclass(frozen=True)
class OrderLineView(LineView):
    image_url: str = ""


@dataclass(frozen=True)
class OrderView:
    id: int
    number: str
    conversation_id: str
    status: OrderStatus
    currency: str
    total_minor: int
    language: str
    created_at: datetime
    expires_at: datetime | None
    paid_at: datetime | None
    checkout_url: str | None
    stripe_session_id: str | None
    payment_intent_id: str | None
    refunded_minor: int
    needs_review: bool
    review_reason: str | None
    receipt_sent_at: datetime | None
    lines: tuple[OrderLineView, ...]
    delivery: Delivery | None = None

    @classmethod
    def of(cls, order: Order) -> OrderView:
        assert order.id is not None
        return cls(
            id=order.id,
            number=order.number,
            conversation_id=order.conversation_id,
            status=order.status,
            currency=order.currency,
            total_minor=order.total_minor,
            language=order.language,
            created_at=order.created_at,
            expires_at=order.expires_at,
            paid_at=order.paid_at,
            checkout_url=order.checkout_url,
            stripe_session_id=order.stripe_session_id,
            payment_intent_id=order.payment_intent_id,
            refunded_minor=order.refunded_minor,
            needs_review=order.needs_review,
            review_reason=order.review_reason,
            receipt_sent_at=order.receipt_sent_at,
            lines=tuple(_order_line_view(line) for line in order.lines),
            delivery=order.delivery,
        )

    @property
    def cancellable(self) -> bool:
        return self.status in CANCELLABLE


def _order_line_view(line: OrderLine) -> OrderLineView:
    variant = line.variant
    return OrderLineView(
        sku=line.sku,
        title=line.title,
        color=variant.color if variant is not None else "",
        size=variant.size if variant is not None else "",
        quantity=line.quantity,
        unit_price_minor=line.unit_price_minor,
        kind=LineKind(line.kind),
        details=tuple(sorted(line.details.items())),
        image_url=(variant.image_link or variant.product.image_link) if variant is not None else "",
    )


@dataclass(frozen=True)
class Option:
    """One variant of a product as the size/colour question sees it."""

    sku: str
    color: str
    size: str
    available: bool
    attributes: tuple[tuple[str, str], ...] = ()  # this variant's own ({"storage": "1 TB"})
    price_minor: int | None = None  # what it costs now (its sale price, if any)
    regular_price_minor: int | None = None  # its price without the sale
    material: str = ""  # what it is made of, as the feed says ("stainless steel")

    @property
    def on_sale(self) -> bool:
        return None not in (self.price_minor, self.regular_price_minor) and (
            self.price_minor < self.regular_price_minor  # type: ignore[operator]
        )


@dataclass(frozen=True)
class ProductView:
    title: str
    brand: str
    description: str
    currency: str
    min_price_minor: int
    max_price_minor: int
    options: tuple[Option, ...]
    stock: int | None  # units across purchasable variants; None when the feed tracks none
    group_id: str = ""
    attributes: tuple[tuple[str, str], ...] = ()  # shared by every variant ({"ram": "16 GB"})
    category: str = ""  # the merchant's product_type, else Google's category

    @classmethod
    def of(cls, product: Product) -> ProductView:
        variants = list(product.variants)
        purchasable = [v for v in variants if v.purchasable]
        prices = [v.effective_price_minor for v in purchasable or variants]
        tracked = [v.stock for v in purchasable if v.stock is not None]
        return cls(
            title=product.title,
            brand=product.brand,
            description=product.description,
            currency=variants[0].currency,
            min_price_minor=min(prices),
            max_price_minor=max(prices),
            options=tuple(
                Option(
                    v.sku,
                    v.color,
                    v.size,
                    v.purchasable,
                    tuple(sorted(v.attributes.items())),
                    v.effective_price_minor,
                    v.price_minor,
                    v.material,
                )
                for v in variants
            ),
            stock=sum(tracked) if tracked else None,
            group_id=product.group_id,
            category=product.product_type or product.google_product_category,
            attributes=tuple(sorted(product.attributes.items())),
        )

    @property
    def colors(self) -> list[str]:
        return _distinct(option.color for option in self.options if option.available)

    @property
    def sizes(self) -> list[str]:
        return _distinct(option.size for option in self.options if option.available)

    @property
    def available(self) -> bool:
        return any(option.available for option in self.options)


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))
