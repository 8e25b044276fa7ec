"""The unit of work: one database transaction, with the repositories that read inside it.

    uow = UnitOfWork(settings.database_url)
    with uow:
        cart = uow.carts.get_or_create(conversation_id)
        ...
        uow.commit()

Leaving the block without `commit()` rolls back. The same object can be entered again for a
second transaction (checkout commits its order before calling Stripe, then stores the session).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol, Self

from sqlmodel import Session, col, or_, select

from assistant.commerce.cart import Cart
from assistant.commerce.handoff import Handoff
from assistant.commerce.order import KITCHEN_STEPS, PAID_FOR, Order, OrderStatus, PaymentEvent
from assistant.commerce.privacy import DeletionRequest, DeletionStatus
from assistant.kernel.database import get_engine
from catalog.flights.seats import lock_fares
from catalog.models import Product, Variant


def order_id_from_number(number: str) -> int | None:
    """ "ORD-0042", "#42", "order 42" or "42" -> 42; None when it holds no number."""
    digits = "".join(char for char in number if char.isdigit())
    return int(digits) if digits else None


class StockedLine(Protocol):
    """A cart or order line, as far as locking its stock goes."""

    @property
    def variant_id(self) -> int | None: ...

    @property
    def fare_id(self) -> int | None: ...


class Carts:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, conversation_id: str) -> Cart | None:
        return self._session.exec(
            select(Cart).where(Cart.conversation_id == conversation_id)
        ).first()

    def get_or_create(self, conversation_id: str) -> Cart:
        cart = self.get(conversation_id)
        if cart is None:
            cart = Cart(conversation_id=conversation_id)
            self._session.add(cart)
            self._session.flush()
        return cart

    def delete(self, cart: Cart) -> None:
        self._session.delete(cart)

    def untouched_since(self, moment: datetime, limit: int) -> list[Cart]:
        return list(
            self._session.exec(
                select(Cart)
                .where(col(Cart.updated_at) < moment)
                .order_by(col(Cart.id))
                .limit(limit)
            )
        )


class Variants:
    def __init__(self, session: Session) -> None:
        self._session = session

    def by_sku(self, sku: str) -> Variant | None:
        return self._session.exec(select(Variant).where(Variant.sku == sku)).first()

    def by_skus(self, skus: list[str]) -> list[Variant]:
        return list(self._session.exec(select(Variant).where(col(Variant.sku).in_(skus))))

    def product(self, product_id: int) -> Product | None:
        """A product by id, with its variants (the search and naming answer ids)."""
        return self._session.get(Product, product_id)

    def lock(self, variant_ids: list[int]) -> None:
        """Row-lock these variants (PostgreSQL) before their stock changes; SQLite already
        serialises writers (BEGIN IMMEDIATE)."""
        if variant_ids:
            self._session.exec(
                select(Variant).where(col(Variant.id).in_(variant_ids)).with_for_update()
            ).all()

    def lock_stock_of(self, lines: Iterable[StockedLine]) -> None:
        """Row-lock what holds these lines' units (variants, fares) before it changes."""
        lines = list(lines)
        self.lock([line.variant_id for line in lines if line.variant_id is not None])
        lock_fares(self._session, [line.fare_id for line in lines if line.fare_id is not None])


class Orders:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, order: Order) -> Order:
        self._session.add(order)
        self._session.flush()
        return order

    def get(self, order_id: int, lock: bool = False) -> Order | None:
        return self._session.get(Order, order_id, with_for_update=lock)

    def numbered(self, number: str, *, owner: str | None, lock: bool = False) -> Order | None:
        """The order a person names ("ORD-0042", "#42", "42").

        `owner` is the shopper's conversation: another conversation's order is not found, as
        if it did not exist. The merchant's tools pass `owner=None` on purpose.
        """
        order_id = order_id_from_number(number)
        order = self.get(order_id, lock=lock) if order_id is not None else None
        if order is None or (owner is not None and not order.belongs_to(owner)):
            return None
        return order

    def by_checkout_session(self, session_id: str) -> Order | None:
        return self._session.exec(
            select(Order).where(Order.stripe_session_id == session_id)
        ).first()

    def by_payment_reference(self, reference: str, lock: bool = False) -> Order | None:
        order_id = self._session.exec(
            select(Order.id).where(Order.payment_intent_id == reference)
        ).first()
        return self.get(order_id, lock=lock) if order_id is not None else None

    def waiting_for_payment(self, conversation_id: str) -> Order | None:
        """The conversation's newest order still waiting for payment, if any."""
        return self._session.exec(
            select(Order)
            .where(Order.conversation_id == conversation_id)
            .where(Order.status == OrderStatus.PENDING_PAYMENT)
            .order_by(col(Order.id).desc())
        ).first()

    def of_conversation(self, conversation_id: str) -> list[Order]:
        """Every order of the conversation, row-locked (they are about to change)."""
        return list(
            self._session.exec(
                select(Order)
                .where(Order.conversation_id == conversation_id)
                .order_by(col(Order.id))
                .with_for_update()
            )
        )

    def recent(self, conversation_id: str, limit: int = 5) -> list[Order]:
        return list(
            self._session.exec(
                select(Order)
                .where(Order.conversation_id == conversation_id)
                .order_by(col(Order.id).desc())
                .limit(limit)
            )
        )

    def newest(
        self, status: OrderStatus | None = None, review_only: bool = False, limit: int = 50
    ) -> list[Order]:
        query = select(Order).order_by(col(Order.id).desc()).limit(limit)
        if status is not None:
            query = query.where(Order.status == status)
        if review_only:
            query = query.where(col(Order.needs_review).is_(True))
        return list(self._session.exec(query))

    def overdue_ids(self, now: datetime, limit: int = 100) -> list[int]:
        """Unpaid orders past their reservation, oldest first (orders held for review are kept)."""
        ids = self._session.exec(
            select(Order.id)
            .where(Order.status == OrderStatus.PENDING_PAYMENT)
            .where(col(Order.expires_at) <= now)
            .where(col(Order.needs_review).is_(False))
            .order_by(col(Order.expires_at))
            .limit(limit)
        ).all()
        return [order_id for order_id in ids if order_id is not None]

    def receipt_due_ids(self, paid_before: datetime, max_attempts: int, limit: int) -> list[int]:
        """Paid orders whose receipt has not gone out: the receipt outbox."""
        ids = self._session.exec(
            select(Order.id)
            .where(col(Order.status).in_([str(status) for status in PAID_FOR]))
            .where(col(Order.receipt_sent_at).is_(None))
            .where(Order.receipt_attempts < max_attempts)
            .where(col(Order.paid_at) <= paid_before)
            .order_by(col(Order.id))
            .limit(limit)
        ).all()
        return [order_id for order_id in ids if order_id is not None]

    def step_due_ids(self, max_attempts: int, limit: int) -> list[int]:
        """Meal orders at a kitchen step the shopper has not been told of: the step outbox."""
        ids = self._session.exec(
            select(Order.id)
            .where(col(Order.status).in_([str(step) for step in KITCHEN_STEPS]))
            .where(or_(col(Order.step_told).is_(None), col(Order.step_told) != Order.status))
            .where(Order.step_attempts < max_attempts)
            .order_by(col(Order.id))
            .limit(limit)
        ).all()
        return [order_id for order_id in ids if order_id is not None]


class PaymentEvents:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, event_id: str, event_type: str) -> PaymentEvent:
        """Claim the event id in this transaction; a second claim fails (IntegrityError)."""
        event = PaymentEvent(stripe_event_id=event_id, event_type=event_type)
        self._session.add(event)
        self._session.flush()
        return event

    def seen(self, event_id: str) -> bool:
        return (
            self._session.exec(
                select(PaymentEvent.id).where(PaymentEvent.stripe_event_id == event_id)
            ).first()
            is not None
        )

    def for_order(self, order_id: int) -> list[PaymentEvent]:
        return list(
            self._session.exec(
                select(PaymentEvent)
                .where(PaymentEvent.order_id == order_id)
                .order_by(col(PaymentEvent.id))
            )
        )


class Handoffs:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, handoff_id: int) -> Handoff | None:
        return self._session.get(Handoff, handoff_id)

    def open_for(self, conversation_id: str) -> Handoff | None:
        return self._session.exec(
            select(Handoff)
            .where(Handoff.conversation_id == conversation_id)
            .where(col(Handoff.released_at).is_(None))
        ).first()

    def add(self, handoff: Handoff) -> Handoff:
        self._session.add(handoff)
        self._session.flush()
        return handoff

    def of_conversation(self, conversation_id: str) -> list[Handoff]:
        return list(
            self._session.exec(select(Handoff).where(Handoff.conversation_id == conversation_id))
        )

    def released_before(self, moment: datetime, limit: int) -> list[Handoff]:
        return list(
            self._session.exec(
                select(Handoff)
                .where(col(Handoff.released_at) < moment)
                .order_by(col(Handoff.id))
                .limit(limit)
            )
        )

    def delete(self, handoff: Handoff) -> None:
        self._session.delete(handoff)

    def listed(self, include_released: bool) -> list[Handoff]:
        statement = select(Handoff).order_by(col(Handoff.id))
        if not include_released:
            statement = statement.where(col(Handoff.released_at).is_(None))
        return list(self._session.exec(statement))


class DeletionRequests:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, request: DeletionRequest) -> DeletionRequest:
        self._session.add(request)
        self._session.flush()
        return request

    def by_code(self, code: str, lock: bool = False) -> DeletionRequest | None:
        statement = select(DeletionRequest).where(DeletionRequest.confirmation_code == code)
        return self._session.exec(statement.with_for_update() if lock else statement).first()

    def pending_codes(self, limit: int = 20) -> list[str]:
        return list(
            self._session.exec(
                select(DeletionRequest.confirmation_code)
                .where(DeletionRequest.status == DeletionStatus.PENDING)
                .order_by(col(DeletionRequest.id))
                .limit(limit)
            )
        )


class UnitOfWork:
    session: Session
    carts: Carts
    variants: Variants
    orders: Orders
    payment_events: PaymentEvents
    handoffs: Handoffs
    deletion_requests: DeletionRequests

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    def __enter__(self) -> Self:
        # expire_on_commit=False: views are built after commit from the loaded attributes.
        self.session = Session(get_engine(self.database_url), expire_on_commit=False)
        self.carts = Carts(self.session)
        self.variants = Variants(self.session)
        self.orders = Orders(self.session)
        self.payment_events = PaymentEvents(self.session)
        self.handoffs = Handoffs(self.session)
        self.deletion_requests = DeletionRequests(self.session)
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.session.rollback()  # a no-op after commit; otherwise nothing half-done is kept
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
