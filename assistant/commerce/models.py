"""Cart and order tables. Amounts are integer minor units with their ISO currency."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from catalog.models import utcnow


class Cart(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(index=True, unique=True, max_length=200)
    updated_at: datetime = Field(default_factory=utcnow)

    lines: list["CartLine"] = Relationship(
        back_populates="cart",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "CartLine.id"},
    )


class CartLine(SQLModel, table=True):
    __tablename__ = "cart_line"
    __table_args__ = (UniqueConstraint("cart_id", "variant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(foreign_key="cart.id", index=True)
    variant_id: int = Field(foreign_key="variant.id")
    quantity: int
    # The price the shopper saw when adding: checkout refuses if the catalog price moved since.
    unit_price_minor: int
    currency: str = Field(max_length=3)

    cart: "Cart" = Relationship(back_populates="lines")


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUNDED = "refunded"


# The order state machine only moves forward; anything else is refused.
ALLOWED_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING_PAYMENT: frozenset(
        {OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.EXPIRED}
    ),
    OrderStatus.PAID: frozenset({OrderStatus.FULFILLED, OrderStatus.REFUNDED}),
    OrderStatus.FULFILLED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.EXPIRED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}


class Order(SQLModel, table=True):
    __tablename__ = "shop_order"  # "order" is an SQL keyword

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(index=True, max_length=200)
    # Stored as plain text, not a database enum, so adding a state needs no type migration.
    status: OrderStatus = Field(default=OrderStatus.PENDING_PAYMENT, index=True, sa_type=String(20))
    currency: str = Field(max_length=3)
    total_minor: int
    language: str = Field(default="en", max_length=5)
    stripe_session_id: str | None = Field(default=None, index=True, max_length=255)
    checkout_url: str | None = None
    needs_review: bool = False
    review_reason: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    paid_at: datetime | None = None
    # The stock reservation ends here (with the Checkout Session); the sweep expires it after.
    expires_at: datetime | None = Field(default=None, index=True)
    # Set before the Stripe session is expired on a cancel, so Stripe's own
    # `checkout.session.expired` (sent at once) ends the order as cancelled, not expired.
    cancel_requested: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    payment_intent_id: str | None = Field(default=None, index=True, max_length=255)
    # Refunds may arrive before the payment event (out of order): kept, applied once paid.
    refunded_minor: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Receipt outbox: the web app asks Rasa to send the receipt until this is set.
    receipt_sent_at: datetime | None = None
    receipt_attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    lines: list["OrderLine"] = Relationship(
        back_populates="order",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "OrderLine.id"},
    )

    @property
    def number(self) -> str:
        """The reference shoppers and merchants use, e.g. ORD-1042."""
        return f"ORD-{self.id:04d}"


class OrderLine(SQLModel, table=True):
    __tablename__ = "order_line"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="shop_order.id", index=True)
    variant_id: int = Field(foreign_key="variant.id")
    sku: str = Field(max_length=100)
    title: str = Field(max_length=300)
    quantity: int
    unit_price_minor: int  # copied from the catalog at checkout

    order: "Order" = Relationship(back_populates="lines")


class PaymentEvent(SQLModel, table=True):
    """Each Stripe event id is processed once: the unique key makes redelivery harmless."""

    __tablename__ = "payment_event"

    id: int | None = Field(default=None, primary_key=True)
    stripe_event_id: str = Field(unique=True, max_length=255)
    event_type: str = Field(max_length=100)
    order_id: int | None = Field(default=None, foreign_key="shop_order.id", index=True)
    received_at: datetime = Field(default_factory=utcnow)
