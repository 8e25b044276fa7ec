"""Orders and their rules: placed from a cart, moved only forward, paid, refunded, ended.

Every state change is a method here; the forward-only table below is the only place that says
which change is legal. Callers hold the order's row lock (the repositories take it).
"""

import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, Relationship, SQLModel

from assistant.commerce.cart import Cart
from assistant.commerce.delivery import DeliveryFields
from assistant.commerce.errors import EmptyCart, IllegalTransition, OutOfStock, PriceChanged
from assistant.commerce.items import MEAL_KINDS, LineKind, Stock
from assistant.kernel.clock import utcnow
from catalog.flights.models import Fare
from catalog.models import Variant

# How long stock stays reserved for an unpaid order; its Checkout Session expires at the same
# moment (Stripe accepts 30 minutes to 24 hours).
RESERVATION = timedelta(hours=1)
LOCATOR_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    # A meal's way from the kitchen to the shopper (told in Messenger at each step).
    PREPARING = "preparing"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"  # or collected, for a pickup


# The order state machine only moves forward; anything else is refused.
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING_PAYMENT: frozenset(
        {OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.EXPIRED}
    ),
    OrderStatus.PAID: frozenset(
        {OrderStatus.FULFILLED, OrderStatus.PREPARING, OrderStatus.REFUNDED}
    ),
    # A pickup skips the road: preparing -> delivered (handed over at the counter).
    OrderStatus.PREPARING: frozenset(
        {OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED, OrderStatus.REFUNDED}
    ),
    OrderStatus.OUT_FOR_DELIVERY: frozenset({OrderStatus.DELIVERED, OrderStatus.REFUNDED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.FULFILLED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.EXPIRED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}
# Paid for and not given back: the shopper is owed a receipt, the merchant may refund.
PAID_FOR = frozenset(
    {
        OrderStatus.PAID,
        OrderStatus.FULFILLED,
        OrderStatus.PREPARING,
        OrderStatus.OUT_FOR_DELIVERY,
        OrderStatus.DELIVERED,
    }
)
# The kitchen's steps, which the merchant moves a meal order through and the shopper is told.
KITCHEN_STEPS = (OrderStatus.PREPARING, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED)
# What a shopper may still cancel: nothing has left the warehouse yet.
CANCELLABLE = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.PAID})


class PaymentVerdict(StrEnum):
    """What recording a payment did to the order."""

    PAID = "paid"  # newly paid
    ALREADY_PAID = "already_paid"  # a replay
    REFUNDED = "refunded"  # paid, and a refund seen earlier gave it all back
    REVIEW = "review"  # amount, currency or state wrong: a person decides
    IGNORED = "ignored"  # not paid yet (async method), or a late payment already refunded


class Order(DeliveryFields, table=True):
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
    # Kitchen-step outbox: the last step the shopper was told of; a step not yet told is due.
    step_told: str | None = Field(default=None, max_length=20)
    step_attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    lines: list["OrderLine"] = Relationship(
        back_populates="order",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "OrderLine.id"},
    )

    @property
    def number(self) -> str:
        """The reference shoppers and merchants use, e.g. ORD-1042."""
        return f"ORD-{self.id:04d}"

    @classmethod
    def place(cls, cart: Cart, language: str, now: datetime) -> "Order":
        """Turn the cart into a pending order, reserving stock; the caller locks what holds it.

        Prices were brought up to date just before (`Cart.reprice`); a price that moved in
        between refuses the checkout rather than charging a price the shopper did not see.
        """
        if not cart.lines:
            raise EmptyCart("the cart is empty")
        order = cls(
            conversation_id=cart.conversation_id,
            currency=cart.lines[0].currency,
            total_minor=0,
            language=language,
            expires_at=now + RESERVATION,
        )
        order.keep_delivery(cart.delivery)
        for line in cart.lines:
            stock = line.stock
            if stock is not None:
                if stock.effective_price_minor != line.unit_price_minor:
                    raise PriceChanged(
                        f"{line.sku} now costs {stock.effective_price_minor}, "
                        f"was {line.unit_price_minor}",
                        sku=line.sku,
                        title=line.title,
                        old_price_minor=line.unit_price_minor,
                        new_price_minor=stock.effective_price_minor,
                        currency=line.currency,
                    )
                if not stock.can_supply(line.quantity):
                    raise OutOfStock(
                        f"{line.sku}: {stock.units_left or 0} left, {line.quantity} in the cart",
                        sku=line.sku,
                        title=line.title,
                        available=stock.units_left or 0,
                    )
                stock.reserve(line.quantity)  # released if the order ends unpaid
            details = dict(line.details)
            if line.kind == LineKind.FLIGHT:
                details["booking_reference"] = booking_reference()
            order.lines.append(
                OrderLine(
                    kind=line.kind,
                    variant_id=line.variant_id,
                    variant=line.variant,
                    fare_id=line.fare_id,
                    fare=line.fare,
                    sku=line.sku,
                    title=line.title,
                    details=details,
                    quantity=line.quantity,
                    unit_price_minor=line.unit_price_minor,
                )
            )
            order.total_minor += line.total_minor
        return order

    def belongs_to(self, conversation_id: str) -> bool:
        return self.conversation_id == conversation_id

    def anonymise(self, token: str) -> None:
        """Forget whose order this was: kept for the accounts (amounts, lines, payment), the
        shopper's id replaced by a token that cannot be turned back into it, the delivery
        address, postcode and phone erased (names and emails stay at the payment provider)."""
        self.conversation_id = token
        self.forget_delivery()
        self.updated_at = utcnow()

    @property
    def is_paid_for(self) -> bool:
        return self.status in PAID_FOR

    def reservation_over(self, now: datetime) -> bool:
        """Past its reservation: the sweep's to close; its payment link no longer works."""
        return self.expires_at is not None and self.expires_at <= now

    def _move_to(self, status: OrderStatus) -> bool:
        """Move forward to `status`; False if already there (a replay); refuse anything else."""
        if self.status == status:
            return False
        if status not in TRANSITIONS[self.status]:
            raise IllegalTransition(
                f"order {self.number} cannot go from {self.status} to {status}",
                order=self.number,
                status=str(self.status),
            )
        self.status = status
        self.updated_at = utcnow()
        if status == OrderStatus.PAID:
            self.paid_at = self.updated_at
        return True

    def end_unpaid(self, status: OrderStatus = OrderStatus.EXPIRED) -> bool:
        """Expire or cancel an unpaid order and give its stock back; False if not unpaid.

        A cancellation asked for earlier wins over expiry: the shopper asked first.
        The caller holds the row locks, so two endings of one order cannot both release.
        """
        if self.status != OrderStatus.PENDING_PAYMENT:
            return False
        self._move_to(OrderStatus.CANCELLED if self.cancel_requested else status)
        for line in self.lines:
            if line.stock is not None:
                line.stock.release(line.quantity)
        return True

    def request_cancellation(self) -> None:
        """The shopper asked to cancel: unpaid orders end (once the payment link is closed),
        paid ones are held for the merchant to refund."""
        if self.status not in CANCELLABLE:
            raise IllegalTransition(
                f"order {self.number} is {self.status} and can no longer be cancelled",
                order=self.number,
                status=str(self.status),
            )
        if self.status == OrderStatus.PAID:
            self.flag_for_review("cancellation requested by the shopper after payment")
        else:
            self.cancel_requested = True

    def flag_for_review(self, reason: str) -> None:
        self.needs_review, self.review_reason = True, reason
        self.updated_at = utcnow()

    def record_payment(
        self, amount_minor: int | None, currency: str, payment_reference: str | None
    ) -> PaymentVerdict:
        """A completed payment: paid if amount, currency and state agree, else held for review."""
        self.payment_intent_id = payment_reference or self.payment_intent_id
        problem = None
        if amount_minor != self.total_minor or currency.upper() != self.currency.upper():
            problem = (
                f"paid {amount_minor} {currency.upper()}, "
                f"order total {self.total_minor} {self.currency}"
            )
        elif self.status not in {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID}:
            if self.refunded_minor >= self.total_minor:
                return PaymentVerdict.IGNORED  # a late payment already given back
            # A late payment: the reservation is gone, so a person decides (refund or fulfil).
            problem = f"payment received for an order in state {self.status}"
        if problem:
            self.flag_for_review(problem)
            return PaymentVerdict.REVIEW
        if not self._move_to(OrderStatus.PAID):
            return PaymentVerdict.ALREADY_PAID
        if self.refunded_minor >= self.total_minor:
            self._move_to(OrderStatus.REFUNDED)  # the refund event came first
            return PaymentVerdict.REFUNDED
        return PaymentVerdict.PAID

    def record_refund(self, amount_refunded_minor: int) -> None:
        """Record the provider's cumulative refunded amount; a full refund ends a paid order.

        Keeping the maximum makes replays and out-of-order refund events harmless; a refund seen
        before its payment is applied when the payment arrives (see `record_payment`).
        """
        self.refunded_minor = max(self.refunded_minor, amount_refunded_minor)
        if self.refunded_minor < self.total_minor:
            return
        if self.is_paid_for:
            self._move_to(OrderStatus.REFUNDED)
        elif self.needs_review and self.status != OrderStatus.PENDING_PAYMENT:
            self.needs_review = False  # a late payment given back: nothing left to decide
            self.review_reason = f"{self.review_reason}; refunded in full"

    @property
    def refundable(self) -> bool:
        """Paid for, or a late payment held for review."""
        late_payment = self.needs_review and self.payment_intent_id is not None
        return self.is_paid_for or late_payment

    def attach_checkout(self, session_id: str, url: str) -> None:
        """The provider's payment page for this order (opened once; asking again reuses it)."""
        self.stripe_session_id, self.checkout_url = session_id, url

    @property
    def is_meal(self) -> bool:
        return any(LineKind(line.kind) in MEAL_KINDS for line in self.lines)

    def advance(self, step: OrderStatus) -> bool:
        """The kitchen moved a paid meal order on (preparing, on its way, delivered); False if
        it was already there. Refused for anything but a meal, and for a step back."""
        if step not in KITCHEN_STEPS or not self.is_meal:
            raise IllegalTransition(
                f"order {self.number} is not a meal order in the kitchen's hands",
                order=self.number,
                status=str(self.status),
            )
        return self._move_to(step)

    @property
    def step_due(self) -> bool:
        """A kitchen step the shopper has not been told of yet."""
        return self.status in KITCHEN_STEPS and self.step_told != self.status

    def mark_step_told(self, step: OrderStatus) -> None:
        self.step_told, self.step_attempts = str(step), 0

    def record_step_failure(self) -> int:
        self.step_attempts += 1
        return self.step_attempts

    def mark_receipt_sent(self) -> None:
        self.receipt_sent_at = utcnow()

    def record_receipt_failure(self) -> int:
        self.receipt_attempts += 1
        return self.receipt_attempts


def booking_reference() -> str:
    """An airline-style record locator ("K7QF2M"): six characters, none easily misread."""
    return "".join(secrets.choice(LOCATOR_ALPHABET) for _ in range(6))


class OrderLine(SQLModel, table=True):
    __tablename__ = "order_line"

    id: int | None = Field(default=None, primary_key=True)
    # Set through `order.lines`; None only until the line is flushed with its order.
    order_id: int | None = Field(
        default=None, foreign_key="shop_order.id", index=True, nullable=False
    )
    kind: str = Field(default=LineKind.PRODUCT, max_length=20)
    variant_id: int | None = Field(default=None, foreign_key="variant.id")
    fare_id: int | None = Field(default=None, foreign_key="fare.id")
    sku: str = Field(max_length=100)
    title: str = Field(max_length=300)
    # A dish's options, a flight's passengers: what the receipt and the merchant need.
    details: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    quantity: int
    unit_price_minor: int  # copied from the catalog at checkout

    order: Order = Relationship(back_populates="lines")
    variant: Variant | None = Relationship()
    fare: Fare | None = Relationship()

    @property
    def stock(self) -> Stock | None:
        """What holds this line's units while the order is unpaid; None for a dish."""
        return self.variant if self.variant is not None else self.fare

    @property
    def total_minor(self) -> int:
        return self.unit_price_minor * self.quantity


class PaymentEvent(SQLModel, table=True):
    """Each payment-provider event is processed once: the unique key makes redelivery harmless."""

    __tablename__ = "payment_event"

    id: int | None = Field(default=None, primary_key=True)
    stripe_event_id: str = Field(unique=True, max_length=255)
    event_type: str = Field(max_length=100)
    order_id: int | None = Field(default=None, foreign_key="shop_order.id", index=True)
    received_at: datetime = Field(default_factory=utcnow)
