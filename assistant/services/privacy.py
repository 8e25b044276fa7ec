"""A shopper's data: exported on request, forgotten on request, and not kept forever.

`forget_shopper` is the one forget: `assistant shoppers forget`, Meta's data-deletion callback
and its retries all call it. It deletes what identifies the shopper (conversation events, cart,
handoffs with their words) and keeps the orders for the accounts, with the shopper's id replaced
by a keyed hash: totals still add up, and the token cannot be turned back into the PSID.
Each database is changed in one transaction; running it again finishes what a failure left
and otherwise finds nothing to do.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from assistant.commerce.delivery import DeliveryFields
from assistant.commerce.privacy import DeletionRequest, DeletionStatus
from assistant.kernel.clock import utcnow
from assistant.services.ports import ConversationStore, PaymentGateway
from assistant.services.unit_of_work import UnitOfWork
from assistant.shopper_ids import log_id

log = logging.getLogger(__name__)

FORGOTTEN_PREFIX = "forgotten-"
# Meta's callback names the app-scoped user id; this finds the page-scoped ids (PSIDs) that are
# the conversations' ids here. Raises when it cannot tell (the request then stays pending).
PageScopedIds = Callable[[str], list[str]]


def anonymous_token(key: str, sender_id: str) -> str:
    """The same shopper always gets the same token (their orders stay grouped); without the
    key it cannot be recomputed from a guessed PSID."""
    digest = hmac.new(key.encode(), sender_id.encode(), hashlib.sha256).hexdigest()
    return FORGOTTEN_PREFIX + digest[:24]


@dataclass(frozen=True)
class ForgetReport:
    events_deleted: int
    carts_deleted: int
    handoffs_deleted: int
    orders_anonymised: int

    @property
    def found_anything(self) -> bool:
        return any(
            (self.events_deleted, self.carts_deleted, self.handoffs_deleted, self.orders_anonymised)
        )


def forget_shopper(
    uow: UnitOfWork,
    conversations: ConversationStore,
    gateway: PaymentGateway,
    sender_id: str,
    key: str,
) -> ForgetReport:
    if not sender_id.strip():
        raise ValueError("the shopper's id (PSID) is empty")
    if sender_id.startswith(FORGOTTEN_PREFIX):
        raise ValueError(f"{sender_id!r} is already an anonymous token, not a shopper's id")
    token = anonymous_token(key, sender_id)
    # The provider first: if it cannot be reached nothing has changed here, and running forget
    # again finds the same orders (afterwards they no longer name the shopper).
    with uow:
        checkouts = [
            order.stripe_session_id
            for order in uow.orders.recent(sender_id, limit=10_000)
            if order.stripe_session_id
        ]
    for checkout_id in checkouts:
        gateway.forget_shopper(checkout_id)
    with uow:
        orders = uow.orders.of_conversation(sender_id)
        for order in orders:
            order.anonymise(token)
        cart = uow.carts.get(sender_id)
        if cart is not None:
            uow.carts.delete(cart)
        handoffs = uow.handoffs.of_conversation(sender_id)
        for handoff in handoffs:
            uow.handoffs.delete(handoff)
        uow.commit()
    events = conversations.forget(sender_id)
    report = ForgetReport(events, int(cart is not None), len(handoffs), len(orders))
    log.info("forgot shopper %s: %s", log_id(sender_id), report)
    return report


def _delivery(holder: DeliveryFields) -> dict[str, Any] | None:
    """A meal's delivery as the shopper gave it (address and phone are personal data)."""
    if holder.delivery_mode is None:
        return None
    return {
        "mode": holder.delivery_mode,
        "address": holder.delivery_address,
        "postcode": holder.delivery_postcode,
        "time": holder.delivery_time.isoformat() if holder.delivery_time else None,
        "phone": holder.delivery_phone,
    }


def export_shopper(
    uow: UnitOfWork, conversations: ConversationStore, sender_id: str
) -> dict[str, Any]:
    """Everything stored about the shopper, as JSON-ready data (a subject access request)."""
    with uow:
        cart = uow.carts.get(sender_id)
        orders = uow.orders.recent(sender_id, limit=10_000)
        handoffs = uow.handoffs.of_conversation(sender_id)
        shop: dict[str, Any] = {
            "cart": None
            if cart is None
            else {
                "updated_at": cart.updated_at.isoformat(),
                "delivery": _delivery(cart),
                "lines": [
                    {
                        "sku": line.sku,
                        "title": line.title,
                        "details": line.details,
                        "quantity": line.quantity,
                        "unit_price_minor": line.unit_price_minor,
                        "currency": line.currency,
                    }
                    for line in cart.lines
                ],
            },
            "orders": [
                {
                    "number": order.number,
                    "status": str(order.status),
                    "total_minor": order.total_minor,
                    "currency": order.currency,
                    "language": order.language,
                    "created_at": order.created_at.isoformat(),
                    "paid_at": order.paid_at.isoformat() if order.paid_at else None,
                    "delivery": _delivery(order),
                    "lines": [
                        {
                            "sku": line.sku,
                            "title": line.title,
                            "details": line.details,
                            "quantity": line.quantity,
                            "unit_price_minor": line.unit_price_minor,
                        }
                        for line in order.lines
                    ],
                }
                for order in reversed(orders)
            ],
            "handoffs": [
                {
                    "message": handoff.message,
                    "language": handoff.language,
                    "created_at": handoff.created_at.isoformat(),
                    "released_at": handoff.released_at.isoformat() if handoff.released_at else None,
                }
                for handoff in handoffs
            ],
        }
    return {
        "sender_id": sender_id,
        "exported_at": utcnow().isoformat(),
        **shop,
        "conversation": conversations.events_of(sender_id),
    }


# -- Meta's data-deletion callback ------------------------------------------------------------


@dataclass(frozen=True)
class DeletionView:
    confirmation_code: str
    status: DeletionStatus
    requested_at: datetime
    completed_at: datetime | None
    conversations_forgotten: int


def request_data_deletion(uow: UnitOfWork, subjects: list[str]) -> str:
    """Record the request (the user ids Meta named, kept only until it is done); its
    confirmation code."""
    code = secrets.token_hex(10)
    with uow:
        uow.deletion_requests.add(
            DeletionRequest(confirmation_code=code, subjects=" ".join(sorted(set(subjects))))
        )
        uow.commit()
    return code


def complete_data_deletion(
    uow: UnitOfWork,
    conversations: ConversationStore,
    gateway: PaymentGateway,
    code: str,
    key: str,
    page_scoped_ids: PageScopedIds,
) -> DeletionStatus:
    """Forget every id of the request and its page-scoped ids, then mark it done (and drop the
    ids from it). The id Meta gave is forgotten as well: it may be page-scoped itself."""
    with uow:
        request = uow.deletion_requests.by_code(code)
        if request is None:
            raise LookupError(f"no data-deletion request {code}")
        if request.status == DeletionStatus.DONE:
            return DeletionStatus.DONE
        named = request.subjects.split()
    subjects = sorted({found for user in named for found in [user, *page_scoped_ids(user)]})
    forgotten = sum(
        forget_shopper(uow, conversations, gateway, subject, key).found_anything
        for subject in subjects
    )
    with uow:
        request = uow.deletion_requests.by_code(code, lock=True)
        assert request is not None
        request.complete(forgotten)
        uow.commit()
    return DeletionStatus.DONE


def retry_data_deletions(
    uow: UnitOfWork,
    conversations: ConversationStore,
    gateway: PaymentGateway,
    key: str,
    page_scoped_ids: PageScopedIds,
) -> int:
    """Complete requests a failure left pending (the maintenance loop calls this)."""
    with uow:
        codes = uow.deletion_requests.pending_codes()
    for code in codes:
        complete_data_deletion(uow, conversations, gateway, code, key, page_scoped_ids)
    return len(codes)


def deletion_status(uow: UnitOfWork, code: str) -> DeletionView | None:
    with uow:
        request = uow.deletion_requests.by_code(code)
        if request is None:
            return None
        return DeletionView(
            request.confirmation_code,
            request.status,
            request.requested_at,
            request.completed_at,
            request.conversations_forgotten,
        )


# -- Retention ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurgeReport:
    conversations: int
    carts: int
    handoffs: int


def purge_conversations(
    uow: UnitOfWork,
    conversations: ConversationStore,
    older_than: timedelta,
    batch_size: int = 500,
    pause_seconds: float = 0.0,
) -> PurgeReport:
    """Delete conversations idle for longer than `older_than`, with the carts left untouched
    and the handoffs released before then. Batched: each batch is its own short transaction,
    so the shop's writers wait at most one batch; running it again deletes nothing more.
    Orders are kept (accounts); `forget_shopper` is what removes a shopper from them."""
    if older_than <= timedelta(0):
        raise ValueError(
            "older_than must be positive (ASSISTANT_RETENTION_DAYS / --older-than-days)"
        )
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    cutoff = utcnow() - older_than
    totals = {"conversations": 0, "carts": 0, "handoffs": 0}
    while True:
        with uow:
            carts = uow.carts.untouched_since(cutoff, batch_size)
            for cart in carts:
                uow.carts.delete(cart)
            handoffs = uow.handoffs.released_before(cutoff, batch_size)
            for handoff in handoffs:
                uow.handoffs.delete(handoff)
            uow.commit()
        events = conversations.purge_batch(cutoff.timestamp(), batch_size)
        totals["carts"] += len(carts)
        totals["handoffs"] += len(handoffs)
        totals["conversations"] += events
        if max(len(carts), len(handoffs), events) < batch_size:
            break
        if pause_seconds:
            time.sleep(pause_seconds)  # let the live traffic's writes in between batches
    report = PurgeReport(**totals)
    if any(totals.values()):
        log.info("retention: purged %s", report)
    return report
